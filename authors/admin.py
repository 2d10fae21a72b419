from django.contrib import admin

from .models import Author, Credential


class CredentialInline(admin.TabularInline):
    model = Credential
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "location"]
    search_fields = ["name", "role"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CredentialInline]
