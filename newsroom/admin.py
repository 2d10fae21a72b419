from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One page: the list goes straight to the current site's settings."""

    fieldsets = [
        ("Logo", {"fields": ["logo", "logo_dark"]}),
        ("Sharing", {"fields": ["share_image", "share_image_alt"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        settings_row, _ = SiteSettings.objects.get_or_create(site_id=settings.SITE_ID)
        return redirect(reverse("admin:newsroom_sitesettings_change", args=[settings_row.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
