from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from articles.services import can_publish

from . import services
from .models import LiveUpdate, LiveUpdateNote


class LiveUpdateForm(forms.ModelForm):
    class Meta:
        model = LiveUpdate
        fields = ["article", "headline", "body", "authors", "is_key_event", "is_pinned",
                  "posted_at"]  # fmt: skip
        labels = {"article": "Story", "headline": "Headline (optional)"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if "article" in self.fields:
            # A story the user may not post to is "not one of the available choices".
            stories = services.stories_open_to(user).order_by("-live_from")
            self.fields["article"].queryset = stories
            self.fields["article"].empty_label = None if len(stories) == 1 else "---------"
        author = getattr(user, "author_profile", None)
        if self.instance.pk is None and author is not None and "authors" in self.fields:
            self.initial.setdefault("authors", [author])


class LiveUpdateNoteInline(admin.StackedInline):
    model = LiveUpdateNote
    extra = 0
    fields = ["kind", "noted_at", "text"]


@admin.register(LiveUpdate)
class LiveUpdateAdmin(VersionAdmin):
    form = LiveUpdateForm
    list_display = ["summary", "article", "posted_at", "is_key_event", "is_pinned", "byline"]
    list_filter = ["is_key_event", "is_pinned"]
    list_select_related = ["article"]
    search_fields = ["headline", "body", "article__title"]
    autocomplete_fields = ["authors"]
    date_hierarchy = "posted_at"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class RequestForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return RequestForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("article", "authors"):
            # No pencil, plus or eye beside the story and authors: on a phone they crowd
            # the form, and nobody creates a story from here.
            for action in ("add", "change", "view", "delete"):
                setattr(field.widget, f"can_{action}_related", False)
        return field

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # "Save" already comes back to an empty form for the same story.
        context["show_save_and_add_another"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj is not None else []

    def get_inlines(self, request, obj):
        # Corrections belong to a posted update; the posting form stays short.
        return [LiveUpdateNoteInline] if obj is not None else []

    def get_queryset(self, request):
        editable = services.updates_editable_by(request.user).values("pk")
        return super().get_queryset(request).filter(pk__in=editable).prefetch_related("authors")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.updates_editable_by(request.user).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or services.updates_editable_by(request.user).filter(pk=obj.pk).exists()

    @admin.display(description="authors")
    def byline(self, obj):
        return ", ".join(author.name for author in obj.authors.all())

    def save_model(self, request, obj, form, change):
        services.live_update_save(update=obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        """Straight back to an empty form for the same story: the next update is seconds
        away."""
        if "_continue" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            format_html(
                'Posted at {}: “{}”. <a href="{}">See it on the story</a>.',
                f"{timezone.localtime(obj.posted_at):%H:%M}",
                obj.summary,
                obj.get_absolute_url(),
            ),
            messages.SUCCESS,
        )
        url = reverse("admin:live_liveupdate_add") + f"?article={obj.article_id}"
        return HttpResponseRedirect(url)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied("Only editors can restore earlier versions.")
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not can_publish(request.user):
            raise PermissionDenied("Only editors can recover deleted updates.")
        return super().recover_view(request, version_id, extra_context)
