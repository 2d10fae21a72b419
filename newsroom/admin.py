from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One page: the list goes straight to the current site's settings."""

    fieldsets = [
        ("Name", {"fields": ["name_and_domain"]}),
        ("Logo", {"fields": ["logo", "logo_dark"]}),
        ("Sharing", {"fields": ["share_image", "share_image_alt"]}),
    ]
    readonly_fields = ["name_and_domain"]

    @admin.display(description="name and domain")
    def name_and_domain(self, obj):
        """The Site's, whose page is left out of the desk's menu (newsroom/admin_site.py) and
        reached from here instead."""
        site = obj.site
        return format_html(
            '{} ({}) <a href="{}">Change the name or domain</a>',
            site.name,
            site.domain,
            reverse("admin:sites_site_change", args=[site.pk]),
        )

    def changelist_view(self, request, extra_context=None):
        settings_row, _ = SiteSettings.objects.get_or_create(site_id=settings.SITE_ID)
        return redirect(reverse("admin:newsroom_sitesettings_change", args=[settings_row.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
