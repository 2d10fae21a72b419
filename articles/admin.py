from django.contrib import admin

from .models import Article, ArticleSection, Byline, Section, Topic


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]


class ArticleSectionInline(admin.StackedInline):
    model = ArticleSection
    extra = 0
    min_num = 1
    fields = ["order", "heading", "body"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "status", "published_at", "reading_minutes"]
    list_filter = ["status", "section"]
    list_select_related = ["section"]
    search_fields = ["title", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["reading_minutes", "word_count"]
    autocomplete_fields = ["topics"]
    inlines = [BylineInline, ArticleSectionInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "section", "topics"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "updated_at",
                    "comments_enabled",
                    "reading_minutes",
                    "word_count",
                ]
            },
        ),
    ]
