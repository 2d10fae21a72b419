from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django_comments_xtd.models import XtdComment

from articles.admin import ArticleAdmin
from articles.models import Article

from . import services
from .models import Comment, DisallowedWord, Moderation, Report

State = Moderation.State
QUEUE = "queue"

# The queue below replaces django-comments-xtd's plain comment list, and the article admin
# below adds the comment counts to articles' own.
if admin.site.is_registered(XtdComment):
    admin.site.unregister(XtdComment)
admin.site.unregister(Article)


class StateFilter(admin.SimpleListFilter):
    """Opens on the queue (awaiting moderation or reported), not on every comment."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(QUEUE, "Needs a moderator"), *State.choices, ("all", "All")]

    def choices(self, changelist):
        value = self.value() or QUEUE
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or QUEUE
        if value == QUEUE:
            return queryset.filter(moderation__state__in=[State.PENDING, State.REPORTED])
        if value in State.values:
            return queryset.filter(moderation__state=value)
        return queryset


class ArticleFilter(admin.SimpleListFilter):
    title = "article"
    parameter_name = "article"

    def lookups(self, request, model_admin):
        ids = Comment.objects.values_list("object_pk", flat=True).distinct()
        articles = Article.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
        return [
            (str(a.pk), Truncator(a.title).chars(60)) for a in articles.order_by("-published_at")
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
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "submit_date",
        "article",
        "commenter",
        "user_email",
        "ip_address",
        "text",
        "state",
        "why_held",
        "moderate_buttons",
    ]
    list_display_links = ["submit_date"]
    list_filter = [StateFilter, "moderation__reason", ArticleFilter, "submit_date"]
    search_fields = ["user_name", "user_email", "comment", "ip_address"]
    date_hierarchy = "submit_date"
    ordering = ["-submit_date"]
    actions = ["approve", "reject", "mark_spam", "feature", "unfeature"]
    list_per_page = 50
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("moderation", "user")
            .prefetch_related("content_object")
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description="article")
    def article(self, obj):
        article = obj.content_object
        if article is None:
            return "—"
        return format_html('<a href="{}#c{}">{}</a>', article.get_absolute_url(), obj.pk, article)

    @admin.display(description="commenter", ordering="user_name")
    def commenter(self, obj):
        return obj.user_name

    @admin.display(description="comment")
    def text(self, obj):
        return Truncator(obj.comment).chars(300)

    @admin.display(description="state", ordering="moderation__state")
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
        url = reverse("admin:newsroom_comments_comment_moderate", args=[obj.pk])
        return format_html(
            '<button type="submit" formaction="{0}" name="do" value="approve" '
            'class="button">Approve</button> '
            '<button type="submit" formaction="{0}" name="do" value="reject" '
            'class="button">Reject</button> '
            '<button type="submit" formaction="{0}" name="do" value="spam" '
            'class="button">Spam</button>',
            url,
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name="newsroom_comments_comment_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One comment approved, rejected or marked as spam from the list's row buttons."""
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
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{changelist}?{query}" if query else changelist)

    def changelist_view(self, request, extra_context=None):
        counts = dict(Moderation.objects.values_list("state").annotate(n=Count("pk")).order_by())
        extra_context = {
            **(extra_context or {}),
            "state_counts": [
                (value, label, counts.get(value, 0)) for value, label in State.choices
            ],
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
class ArticleWithCommentsAdmin(ArticleAdmin):
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
