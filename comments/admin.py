from django.contrib import admin, messages
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import CharField, Count, Exists, OuterRef, Subquery
from django.db.models.functions import Cast, Substr
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django_comments.models import CommentFlag
from django_comments_xtd.models import BlackListedDomain, XtdComment

from articles.admin import ArticleAdmin
from articles.models import Article
from newsroom.bounds import BoundedAdminMixin

from . import services
from .models import Comment, DisallowedWord, Moderation, Report

State = Moderation.State
QUEUE = "queue"
# The views of the queue, as tabs above the list: (value of ?state=, label, states counted).
VIEWS = [
    (QUEUE, "Needs a moderator", [State.PENDING, State.REPORTED]),
    (State.PENDING, "Awaiting moderation", [State.PENDING]),
    (State.REPORTED, "Reported", [State.REPORTED]),
    (State.SPAM, "Spam", [State.SPAM]),
    (State.APPROVED, "Approved", [State.APPROVED]),
    (State.REJECTED, "Rejected", [State.REJECTED]),
    (State.WITHDRAWN, "Deleted by their authors", [State.WITHDRAWN]),
    ("all", "All", list(State)),
]
STATES_OF_VIEW = {value: states for value, _label, states in VIEWS}

# The queue below replaces django-comments-xtd's plain comment list (and the lists of blocked
# domains and flags, which the newsroom does not use), and the article admin below adds the
# comment counts to articles' own.
for model in (XtdComment, BlackListedDomain, CommentFlag):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
admin.site.unregister(Article)


def _view_of(request):
    value = request.GET.get("state") or QUEUE
    return value if value in STATES_OF_VIEW else "all"


class StateFilter(admin.SimpleListFilter):
    """Opens on the queue (awaiting moderation or reported), not on every comment. Shown as
    the tabs above the list (change_list.html), not again in the sidebar."""

    title = "state"
    parameter_name = "state"
    template = "admin/newsroom_comments/comment/no_filter.html"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _states in VIEWS]

    def queryset(self, request, queryset):
        states = STATES_OF_VIEW.get(self.value() or QUEUE)
        if states and len(states) < len(State):
            return queryset.filter(moderation__state__in=states)
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    """The newest articles with comments in the current view (not every article that ever
    had a comment: after a large import that would be thousands of links)."""

    title = "article"
    parameter_name = "article"
    limit = 30

    def lookups(self, request, model_admin):
        commented = Comment.objects.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_pk=Cast(OuterRef("pk"), CharField()),
            moderation__state__in=STATES_OF_VIEW[_view_of(request)],
        )
        articles = Article.objects.filter(Exists(commented)).order_by("-published_at", "-pk")
        return [
            (str(a.pk), Truncator(a.title).chars(60))
            for a in articles.only("pk", "title")[: self.limit]
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(object_pk=self.value())
        return queryset


class ReportInline(admin.TabularInline):
    model = Report
    fk_name = "comment"
    extra = 0
    can_delete = False
    fields = ["reason", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        """Whoever may see the comment sees its reports."""
        return True


@admin.register(Comment)
class CommentAdmin(BoundedAdminMixin, admin.ModelAdmin):
    """The moderation queue: one row per comment with everything needed to decide (who, on
    which story, in reply to whom, what, why it was held) and the buttons, in three columns
    that fit beside the admin's menus at 1280 px (queue.css)."""

    list_display = ["comment_cell", "state_cell", "moderate_buttons"]
    list_display_links = None
    list_filter = [StateFilter, "moderation__reason", ArticleFilter, "submit_date"]
    search_fields = ["user_name", "user_email", "comment", "ip_address"]
    ordering = ["-submit_date"]
    actions = ["approve", "reject", "mark_spam", "feature", "unfeature"]
    list_per_page = 50
    show_full_result_count = False  # the tabs above the list give the counts
    fields = [
        "article",
        "user_name",
        "user_email",
        "user_url",
        "ip_address",
        "submit_date",
        "comment",
        "state",
        "why_held",
        "featured",
    ]
    readonly_fields = fields
    inlines = [ReportInline]
    change_list_template = "admin/newsroom_comments/comment/change_list.html"

    class Media:
        css = {"all": ["admin/newsroom_comments/queue.css"]}

    def get_queryset(self, request):
        parent = XtdComment.objects.filter(pk=OuterRef("parent_id")).exclude(pk=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .select_related("moderation", "user")
            .prefetch_related(
                GenericPrefetch("content_object", [Article.objects.select_related("section")])
            )
            .annotate(
                parent_name=Subquery(parent.values("user_name")[:1]),
                parent_start=Subquery(
                    parent.annotate(start=Substr("comment", 1, 200)).values("start")[:1]
                ),
            )
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description="article")
    def article(self, obj):
        article = obj.content_object
        if article is None:
            return "—"
        return format_html('<a href="{}#c{}">{}</a>', article.get_absolute_url(), obj.pk, article)

    @admin.display(description="comment", ordering="submit_date")
    def comment_cell(self, obj):
        """Who, when, where, in reply to whom, and what."""
        change_url = reverse("admin:newsroom_comments_comment_change", args=[obj.pk])
        article = obj.content_object
        meta = format_html_join(
            " · ",
            "{}",
            ((part,) for part in (obj.user_email, obj.ip_address) if part),
        )
        parts = [
            format_html(
                '<p class="queue-who"><strong>{}</strong> <span class="queue-quiet">{}</span> '
                '<a class="queue-when" href="{}">{}</a></p>',
                obj.user_name,
                meta,
                change_url,
                date_format(timezone.localtime(obj.submit_date), "j M Y, H:i"),
            )
        ]
        if article is not None:
            parts.append(
                format_html(
                    '<p class="queue-article">On <a href="{}#c{}" title="{}">{}</a></p>',
                    article.get_absolute_url(),
                    obj.pk,
                    article,
                    Truncator(str(article)).chars(60),
                )
            )
        if getattr(obj, "parent_name", None) is not None:
            parts.append(
                format_html(
                    '<p class="queue-reply">In reply to <strong>{}</strong>: “{}”</p>',
                    obj.parent_name,
                    Truncator(obj.parent_start or "").words(8),
                )
            )
        parts.append(
            format_html('<div class="queue-text">{}</div>', Truncator(obj.comment).chars(300))
        )
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.display(description="state", ordering="moderation__state")
    def state_cell(self, obj):
        moderation = getattr(obj, "moderation", None)
        if moderation is None:
            return "—"
        return format_html(
            '<p class="queue-state queue-state-{}">{}</p><p class="queue-why">{}</p>',
            moderation.state,
            moderation.get_state_display(),
            moderation.why_held(),
        )

    def state(self, obj):
        moderation = getattr(obj, "moderation", None)
        return moderation.get_state_display() if moderation else "—"

    @admin.display(description="why held")
    def why_held(self, obj):
        moderation = getattr(obj, "moderation", None)
        return moderation.why_held() if moderation else "—"

    @admin.display(description="featured", boolean=True)
    def featured(self, obj):
        moderation = getattr(obj, "moderation", None)
        return bool(moderation and moderation.is_featured)

    @admin.display(description="moderate")
    def moderate_buttons(self, obj):
        """Approve, Reject and Spam, except the one the comment already is."""
        url = reverse("admin:newsroom_comments_comment_moderate", args=[obj.pk])
        current = getattr(getattr(obj, "moderation", None), "state", None)
        buttons = [
            (url, do, style, f"{label} the comment by {obj.user_name}", label)
            for do, label, style, state in [
                ("approve", "Approve", "button default", State.APPROVED),
                ("reject", "Reject", "button", State.REJECTED),
                ("spam", "Spam", "button", State.SPAM),
            ]
            if state != current
        ]
        return format_html(
            '<div class="queue-buttons">{}</div>',
            format_html_join(
                "",
                '<button type="submit" formaction="{}" name="do" value="{}" class="{}" '
                'aria-label="{}">{}</button>',
                buttons,
            ),
        )

    def get_urls(self):
        return [
            path(
                "<id:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="newsroom_comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One comment approved, rejected or marked as spam from the list's row buttons; back
        to the same view of the list."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            return HttpResponseRedirect(reverse("admin:index"))
        action = {
            "approve": services.comment_approve,
            "reject": services.comment_reject,
            "spam": services.comment_mark_spam,
        }.get(request.POST.get("do"))
        if action is None:
            messages.error(request, "Unknown moderation action.")
        else:
            action(comment=comment, by=request.user)
            verb = {"approve": "approved", "reject": "rejected", "spam": "marked as spam"}
            messages.success(request, f"Comment by {comment.user_name} {verb[request.POST['do']]}.")
        changelist = reverse("admin:newsroom_comments_comment_changelist")
        query = request.POST.get("_changelist_filters") or request.GET.urlencode()
        return HttpResponseRedirect(f"{changelist}?{query}" if query else changelist)

    def changelist_view(self, request, extra_context=None):
        counts = dict(Moderation.objects.values_list("state").annotate(n=Count("pk")).order_by())
        current = _view_of(request)
        tabs = []
        for value, label, states in VIEWS:
            query = request.GET.copy()
            query["state"] = value
            for stale in ("p", "e"):
                query.pop(stale, None)
            count = sum(counts.get(state, 0) for state in states)
            tabs.append((f"?{query.urlencode()}", label, count, value == current))
        title = dict((value, label) for value, label, _states in VIEWS)[current]
        extra_context = {
            **(extra_context or {}),
            "state_tabs": tabs,
            "title": f"Comments: {title.lower()}",
        }
        return super().changelist_view(request, extra_context=extra_context)

    def _bulk(self, request, queryset, action, verb, **kwargs):
        count = 0
        for comment in queryset:
            action(comment=comment, by=request.user, **kwargs)
            count += 1
        self.message_user(request, f"{count} comment{'s' if count != 1 else ''} {verb}.")

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._bulk(request, queryset, services.comment_approve, "approved")

    @admin.action(description="Reject selected comments", permissions=["change"])
    def reject(self, request, queryset):
        self._bulk(request, queryset, services.comment_reject, "rejected")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._bulk(request, queryset, services.comment_mark_spam, "marked as spam")

    @admin.action(description="Feature (pin) selected comments", permissions=["change"])
    def feature(self, request, queryset):
        self._bulk(request, queryset, services.comment_feature, "featured", featured=True)

    @admin.action(description="Stop featuring selected comments", permissions=["change"])
    def unfeature(self, request, queryset):
        self._bulk(
            request, queryset, services.comment_feature, "no longer featured", featured=False
        )


@admin.register(DisallowedWord)
class DisallowedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "created_at"]
    search_fields = ["word"]


@admin.register(Article)
class ArticleWithCommentsAdmin(BoundedAdminMixin, ArticleAdmin):
    """The article admin, with what only this app knows: each story's comment counts, and
    the comments a deletion keeps."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**Comment.objects.counts_per_article())

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        at = columns.index("view_on_site_link") if "view_on_site_link" in columns else len(columns)
        columns.insert(at, "comment_counts")
        return columns

    @admin.display(description="comments (approved / waiting)")
    def comment_counts(self, obj):
        return f"{obj.approved_comments} / {obj.waiting_comments}"

    def render_delete_form(self, request, context):
        article = context.get("object")
        if article is not None:
            context["kept_comments"] = Comment.objects.for_article(article).count()
        return super().render_delete_form(request, context)
