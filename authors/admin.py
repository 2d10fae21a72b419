from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.html import format_html

from .models import Author, Credential
from .onboarding import admit_to_desk

User = get_user_model()


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


admin.site.unregister(User)


@admin.register(User)
class DeskUserAdmin(UserAdmin):
    """Saving a member of Writers, Editors or Moderators admits her to the desk even when her
    groups did not change (an account made before this rule, or Staff status unticked)."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.help_text = (
                "Writers, Editors and Moderators can sign in to the desk: staff status comes and "
                "goes with these groups. A writer also gets an author profile in her name."
            )
        return field

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        admit_to_desk(form.instance)
