from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from . import services
from .models import (
    Article,
    ArticleNote,
    ArticleRedirect,
    ArticleSection,
    Byline,
    EditingPresence,
    FrontPagePin,
    Section,
    Topic,
)

TIME_ZONE_NOTE = f"Times are in the newsroom's time zone, {settings.TIME_ZONE}."


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


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "created_at"]
    search_fields = ["old_path", "article__title"]
    autocomplete_fields = ["article"]


class ArticleChildInline:
    """Inline rows follow the article: whoever may not change it may not change them."""

    def _article_editable(self, request, obj):
        return obj is None or services.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


class BylineInline(ArticleChildInline, admin.TabularInline):
    model = Byline
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "byline (in this order)"


class ArticleSectionForm(forms.ModelForm):
    class Meta:
        model = ArticleSection
        fields = ["order", "heading", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = "Sections are shown in this order; empty goes last."
        if self.instance.pk is None:
            self.initial["order"] = None


class ArticleSectionFormSet(forms.BaseInlineFormSet):
    def save(self, commit=True):
        """Number the sections 0, 1, 2 … in the order asked for; rows without one go last."""
        live = [
            form
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        last = len(self.forms) + 10_000

        def wanted(pair):
            index, form = pair
            order = form.cleaned_data.get("order")
            return (last if order is None else order, index)

        for rank, (_, form) in enumerate(sorted(enumerate(live), key=wanted)):
            form.instance.order = rank
        saved = super().save(commit=commit)
        if commit:
            for form in live:
                ArticleSection.objects.filter(pk=form.instance.pk).exclude(
                    order=form.instance.order
                ).update(order=form.instance.order)
        return saved


class ArticleSectionInline(ArticleChildInline, admin.StackedInline):
    model = ArticleSection
    form = ArticleSectionForm
    formset = ArticleSectionFormSet
    extra = 0
    min_num = 1
    fields = ["order", "heading", "body"]


class ArticleNoteInline(ArticleChildInline, admin.TabularInline):
    model = ArticleNote
    extra = 0
    fields = ["kind", "noted_at", "text"]


class StatusFilter(admin.SimpleListFilter):
    """The statuses editors speak of, with "Scheduled" derived from the publish time."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("review", "In review"),
            ("scheduled", "Scheduled"),
            ("published", "Published"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "published":
            return queryset.published()
        if value in {"draft", "review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset


class ArticleAdminForm(forms.ModelForm):
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update",
        help_text="Tick for a real change to the story: readers then see “Updated” with "
        "today's time. Leave it for typo fixes.",
    )

    class Meta:
        model = Article
        # The admin's fieldsets decide the fields in the end.
        fields = ["title", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.modified_at.isoformat()
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = (
                "The article goes live at this time by itself; a future time schedules it. "
                + TIME_ZONE_NOTE
            )

    def clean(self):
        cleaned = super().clean()
        self._check_not_overwriting_a_newer_version()
        hero_image = cleaned.get("hero_image", self.instance.hero_image)
        if hero_image and not cleaned.get("hero_alt", self.instance.hero_alt):
            self.add_error("hero_alt", "Describe the image for readers who cannot see it.")
        return cleaned

    def _check_not_overwriting_a_newer_version(self):
        if self.instance.pk is None:
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("modified_at", "modified_by")
            .first()
        )
        if current is None or current[0].isoformat() == self.cleaned_data.get("loaded_version"):
            return
        from django.contrib.auth import get_user_model

        who = get_user_model().objects.filter(pk=current[1]).first()
        name = (who.get_full_name() or who.get_username()) if who else "Someone else"
        when = timezone.localtime(current[0]).strftime("%H:%M:%S on %d %B %Y %Z")
        raise ValidationError(
            f"{name} saved this article at {when}, after you opened it. Your changes have NOT "
            "been saved, so that theirs are not overwritten. Your text is still in this form: "
            "copy what you need, open the article again in a new tab, and add your changes there."
        )


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "title",
        "section",
        "byline",
        "status_label",
        "publish_time",
        "reading_minutes",
        "view_on_site_link",
    ]
    list_filter = [StatusFilter, "section", "authors", "published_at"]
    search_fields = ["title", "standfirst", "sections__heading", "sections__body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [BylineInline, ArticleSectionInline, ArticleNoteInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "section", "topics", "loaded_version"]}),
        (
            "Hero image",
            {
                "fields": ["hero_image", "hero_alt", "hero_caption", "hero_credit"],
                "description": "Alt text is required when an image is set.",
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "updated_at",
                    "substantive_update",
                    "comments_enabled",
                    "reading_minutes",
                    "word_count",
                ],
                "description": TIME_ZONE_NOTE,
            },
        ),
        ("Live coverage", {"fields": ["live_from", "live_until"], "description": TIME_ZONE_NOTE}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("section")
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    # Permissions: enforced here, whatever buttons the page shows.

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and services.can_publish(request.user)

    def has_publish_permission(self, request):
        return services.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["reading_minutes", "word_count", "updated_at"]
        if not services.can_publish(request.user):
            readonly += ["status", "published_at", "live_from", "live_until"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if services.can_publish(request.user):
            return fieldsets
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f != "substantive_update"]},
            )
            for name, options in fieldsets
        ]

    def get_prepopulated_fields(self, request, obj=None):
        # The slug follows the title until the article is first published.
        return {} if obj and obj.published_at else self.prepopulated_fields

    # The list.

    @admin.display(description="authors")
    def byline(self, obj):
        return ", ".join(byline.author.name for byline in obj.bylines.all())

    @admin.display(description="status", ordering="status")
    def status_label(self, obj):
        return obj.editorial_status()

    @admin.display(description=f"publish time ({settings.TIME_ZONE})", ordering="published_at")
    def publish_time(self, obj):
        if obj.published_at is None:
            return "—"
        return timezone.localtime(obj.published_at).strftime("%d %b %Y, %H:%M")

    @admin.display(description="on site")
    def view_on_site_link(self, obj):
        label = "View" if obj.is_published() else "Preview"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    # Workflow.

    @admin.action(description="Publish the selected articles", permissions=["publish"])
    def publish_selected(self, request, queryset):
        for article in queryset:
            services.article_publish(article=article, by=request.user)
        self.message_user(request, f"Published {len(queryset)} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            services.article_unpublish(article=article, by=request.user)
        self.message_user(request, f"Unpublished {len(queryset)} article(s).", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.created_by = request.user
        obj.modified_by = request.user
        if form.cleaned_data.get("substantive_update"):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        try:
            if "_submit_for_review" in request.POST:
                services.article_submit_for_review(article=article, by=request.user)
                self.message_user(request, "Submitted for review: an editor will look at it.")
            elif "_publish" in request.POST:
                services.article_publish(article=article, by=request.user)
                state = "Scheduled" if not article.is_published() else "Published"
                self.message_user(request, f"{state}: {article.title}", messages.SUCCESS)
            elif "_unpublish" in request.POST:
                services.article_unpublish(article=article, by=request.user)
                self.message_user(request, "Unpublished: readers can no longer see it.")
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
        EditingPresence.objects.filter(article=article, user=request.user).delete()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        workflow = "_publish" in request.POST or "_unpublish" in request.POST
        if request.method == "POST" and workflow and not self.has_publish_permission(request):
            raise PermissionDenied("Only editors can publish or unpublish articles.")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and request.method == "GET":
            extra_context["also_editing"] = EditingPresence.others_editing(
                article=article, user=request.user
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            can_publish=services.can_publish(request.user),
            can_edit=obj is None or services.can_edit(request.user, obj),
            article=obj,
            time_zone=settings.TIME_ZONE,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # Revisions: only editors restore, since a restore can also bring back an old status.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not services.can_publish(request.user):
            raise PermissionDenied("Only editors can restore earlier versions.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not services.can_publish(request.user):
            raise PermissionDenied("Only editors can recover deleted articles.")
        return super().recover_view(request, version_id, extra_context)


class FrontPagePinForm(forms.ModelForm):
    class Meta:
        model = FrontPagePin
        fields = ["article", "slot", "order", "expires_at"]
        help_texts = {
            "expires_at": f"{TIME_ZONE_NOTE} Leave empty to keep the pin until you remove it."
        }


@admin.register(FrontPagePin)
class FrontPagePinAdmin(admin.ModelAdmin):
    """The top of the home page: a lead story and featured stories, each until a set time."""

    form = FrontPagePinForm
    list_display = ["article", "slot", "order", "expires_at", "in_force"]
    list_editable = ["order", "expires_at"]
    list_filter = ["slot"]
    autocomplete_fields = ["article"]

    @admin.display(boolean=True, description="in force now")
    def in_force(self, pin):
        return pin.is_active() and pin.article.is_published()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__section")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
