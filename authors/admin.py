from django.contrib import admin
from django.utils.html import format_html

from .models import Author, Credential


class CredentialInline(admin.TabularInline):
    model = Credential
    extra = 0
    fields = ["order", "kind", "text"]
    verbose_name_plural = "credentials (shown in this order)"


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "location", "has_photo"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CredentialInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "role", "location", "user"]}),
        ("Photo", {"fields": ["photo", "photo_preview"]}),
        ("Biography", {"fields": ["short_bio", "long_bio"]}),
        (
            "Profiles",
            {"fields": ["website", "x_url", "mastodon_url", "linkedin_url", "bluesky_url"]},
        ),
    ]
    readonly_fields = ["photo_preview"]

    @admin.display(description="photo", boolean=True)
    def has_photo(self, obj):
        return bool(obj.photo)

    @admin.display(description="current photo")
    def photo_preview(self, obj):
        if not obj.photo:
            return "—"
        return format_html('<img src="{}" alt="" width="120">', obj.photo.url)
