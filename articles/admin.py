import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from . import services
from .body import split_sections
from .forms import (
    EDITORS_ONLY,
    PREVIEW,
    PUBLISH,
    SAVED_DRAFTS,
    SEND_BACK,
    SUBMIT,
    TIME_ZONE_NOTE,
    UNPUBLISH,
    ArticleAdminForm,
)
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


class BylineFormSet(forms.BaseInlineFormSet):
    """The byline reads in the order of its rows: no numbers to type."""

    def save(self, commit=True):
        kept = [
            form
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        for order, form in enumerate(kept):
            form.instance.order = order
        saved = super().save(commit)
        if commit:  # rows whose author did not change are not saved by the formset
            for form in kept:
                Byline.objects.filter(pk=form.instance.pk).exclude(
                    order=form.instance.order
                ).update(order=form.instance.order)
        return saved


class BylineInline(ArticleChildInline, admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    fields = ["author"]
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = "author"
    verbose_name_plural = "byline (in this order)"


class ArticleNoteInline(ArticleChildInline, admin.TabularInline):
    model = ArticleNote
    extra = 0
    fields = ["kind", "noted_at", "text"]


# Revisions hold the body's sections, which the form writes from its one body field.
for _model in (ArticleSection, Byline, ArticleNote):
    if not reversion.is_registered(_model):
        reversion.register(_model)
if not reversion.is_registered(Article):
    reversion.register(Article, follow=["sections", "bylines", "notes"])


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


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    # Two lines a row, so that the list fits beside the menus at 1280 px (admin-desk.css).
    list_display = ["story", "status_and_time", "view_on_site_link"]
    list_display_links = ["story"]
    list_per_page = 50
    list_filter = [StatusFilter, "section", "authors", "published_at"]
    search_fields = ["title", "standfirst", "sections__heading", "sections__body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [BylineInline, ArticleNoteInline]
    actions = ["publish_selected", "unpublish_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": ["title", "standfirst", "body", "loaded_version", "draft_key"],
                "classes": ["newsroom-writing"],
            },
        ),
        ("Section and topics", {"fields": ["section", "topics", "slug"]}),
        (
            "Hero image",
            {
                "fields": ["hero_image", "hero_upload", "hero_alt", "hero_caption", "hero_credit"],
                "description": "Alt text is required when an image is set.",
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "workflow_state",
                    "published_at",
                    "updated_at",
                    "substantive_update",
                    "comments_enabled",
                    "body_stats",
                    "note_to_writer",
                ],
                "description": TIME_ZONE_NOTE,
            },
        ),
        ("Live coverage", {"fields": ["live_from", "live_until"], "description": TIME_ZONE_NOTE}),
    ]
    EDITORS_FIELDS = {"substantive_update", "body_stats", "note_to_writer", "updated_at"}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("section")
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"request": request})

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
        # The status changes only through the workflow buttons.
        readonly = ["workflow_state", "updated_at", "body_stats"]
        if not services.can_publish(request.user):
            readonly += ["published_at", "live_from", "live_until"]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if services.can_publish(request.user):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in self.EDITORS_FIELDS],
                },
            )
            for name, options in fieldsets
        ]

    def get_inlines(self, request, obj):
        # Corrections are the editors'; writers would see an empty table they cannot use.
        if services.can_publish(request.user):
            return self.inlines
        return [inline for inline in self.inlines if inline is not ArticleNoteInline]

    def get_prepopulated_fields(self, request, obj=None):
        # The slug follows the title until the article is first published.
        return {} if obj and obj.published_at else self.prepopulated_fields

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        adding = obj is None or obj.pk is None
        own_author = getattr(request.user, "author_profile", None)
        if isinstance(inline, BylineInline) and adding and own_author and request.method == "GET":
            kwargs["initial"] = [{"author": own_author.pk, "order": 0}]  # her own byline
        return kwargs

    # The form's read-only lines.

    @admin.display(description="status")
    def workflow_state(self, obj):
        if obj.pk is None:
            return "Draft (new)"
        if obj.status == Article.Status.PUBLISHED and not obj.is_published():
            return f"Scheduled for {services.publish_time_label(obj.published_at)}"
        return obj.get_status_display()

    @admin.display(description="length")
    def body_stats(self, obj):
        if obj.pk is None:
            return "—"
        return f"{obj.word_count} words, {obj.reading_minutes} min read"

    # The list.

    @admin.display(description="story", ordering="title")
    def story(self, obj):
        """The title, and under it the section, the byline and the reading time."""
        details = [
            str(obj.section),
            ", ".join(byline.author.name for byline in obj.bylines.all()),
            f"{obj.reading_minutes} min read",
        ]
        return format_html(
            '<span class="desk-title">{}</span><span class="desk-details">{}</span>',
            obj.title,
            " · ".join(detail for detail in details if detail),
        )

    @admin.display(description=f"status ({settings.TIME_ZONE})", ordering="published_at")
    def status_and_time(self, obj):
        if obj.published_at is None:
            return obj.editorial_status()
        return format_html(
            '{}<span class="desk-details">{}</span>',
            obj.editorial_status(),
            timezone.localtime(obj.published_at).strftime("%d %b %Y, %H:%M"),
        )

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
        if change and obj.status == Article.Status.PUBLISHED:
            # A new time for a live or scheduled story is a reschedule: the services' to make.
            form.requested_publish_time = obj.published_at
            obj.published_at = form.initial.get("published_at")
        super().save_model(request, obj, form, change)
        if PREVIEW not in request.POST:
            form.release_held_upload()
            form.forget_local_draft()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        article.write_body(split_sections(form.cleaned_data.get("body", "")))
        try:
            self._workflow_step(request, form, article)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.WARNING)
        EditingPresence.objects.filter(article=article, user=request.user).delete()

    def _workflow_step(self, request, form, article):
        """The step the button asked for, once the form and its rows are saved."""
        by = request.user
        if SUBMIT in request.POST:
            services.article_submit_for_review(article=article, by=by)
            self.message_user(request, "Submitted for review: the editors have been told.")
        elif PUBLISH in request.POST:
            at = getattr(form, "requested_publish_time", None)
            services.article_publish(article=article, by=by, at=at)
            self._say_published(request, article)
        elif UNPUBLISH in request.POST:
            services.article_unpublish(article=article, by=by)
            self.message_user(request, "Unpublished: readers can no longer see it.")
        elif SEND_BACK in request.POST:
            note = form.cleaned_data.get("note_to_writer", "")
            services.article_send_back(article=article, by=by, note=note)
            self.message_user(request, "Sent back to the writer with your note.")
        elif getattr(form, "requested_publish_time", None) not in (None, article.published_at):
            services.article_publish(article=article, by=by, at=form.requested_publish_time)
            self._say_published(request, article)

    def log_change(self, request, obj, message):
        return self._log_with_workflow_step(super().log_change, request, obj, message)

    def log_addition(self, request, obj, message):
        return self._log_with_workflow_step(super().log_addition, request, obj, message)

    def _log_with_workflow_step(self, log, request, obj, message):
        """The revision says the step first (“Published”), then what the form changed."""
        step = reversion.get_comment() if reversion.is_active() else ""
        entry = log(request, obj, message)
        if step and reversion.is_active():
            reversion.set_comment(f"{step}. {entry.get_change_message()}" if message else step)
        return entry

    def _say_published(self, request, article):
        if article.is_published():
            self.message_user(request, f"Published: {article.title}", messages.SUCCESS)
        else:
            when = services.publish_time_label(article.published_at)
            self.message_user(request, f"Scheduled for {when}: {article.title}", messages.SUCCESS)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            asked = [button for button in EDITORS_ONLY if button in request.POST]
            if asked and not self.has_publish_permission(request):
                raise PermissionDenied("Only editors can publish, unpublish or send back.")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "POST" and PREVIEW in request.POST:
            return self._rolled_back(super().add_view, request, form_url, extra_context)
        return super().add_view(request, form_url, extra_context)

    def _rolled_back(self, view, *args):
        """A preview: the story as readers would see it with the form's changes, which are
        then rolled back, with its revision; no cache is told (that happens on commit)."""
        with transaction.atomic():
            response = view(*args)
            if hasattr(response, "render"):
                response.render()
            transaction.set_rollback(True)
        return response

    def response_add(self, request, obj, post_url_continue=None):
        if PREVIEW in request.POST:
            return self._render_preview(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if PREVIEW in request.POST:
            return self._render_preview(request, obj)
        return super().response_change(request, obj)

    def _render_preview(self, request, obj):
        from .views import ArticleDetailView

        view = ArticleDetailView()
        view.setup(request)
        view.object = view.get_queryset().get(pk=obj.pk)
        response = view.render_to_response(view.get_context_data(object=view.object))
        response.render()
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST" and PREVIEW in request.POST:
            return self._rolled_back(
                super().change_view, request, object_id, form_url, extra_context
            )
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
            saved_draft_keys=request.session.pop(SAVED_DRAFTS, []),
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
