"""What the article page needs to show its comments: one query, whatever the thread size."""

from django.conf import settings
from django.template.defaultfilters import linebreaksbr, urlize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from newsroom.caching.fragments import Fragment, Rendered, render_fragment

from .forms import CommentForm
from .models import Comment, Moderation, comments_close_at, comments_open
from .services import comment_from_token


def comment_tree(comments, *, status_under=None):
    """Nest comments (ordered by thread and order) under their parents; pinned ones first.

    A reply whose parent is not public is left out with it. Each node is a dict of what
    comments/comment.html shows, formatted here: a thread of comments is the page's largest
    loop, and Python formats a field in a fraction of the time a template tag takes. The node
    of the comment with the id ``status_under`` shows the commenter's status message (the
    reply they just posted is not in the tree yet).
    """
    roots, nodes = [], {}
    for comment in comments:
        moderation = getattr(comment, "moderation", None)
        submitted = timezone.localtime(comment.submit_date)
        node = {
            "id": str(comment.pk),  # a string: templates localise numbers, slowly
            "name": comment.user_name,
            "website": comment.website_url,
            "text": linebreaksbr(urlize(comment.comment, autoescape=True), autoescape=True),
            "submitted": submitted.isoformat(),
            "submitted_text": f"{submitted.day} {MONTHS[submitted.month]} {submitted.year} "
            f"at {submitted:%H:%M}",
            "reply_url": reverse("comments-xtd-reply", args=[comment.pk]),
            "report_url": reverse("comments-report", args=[comment.pk]),
            "children": [],
            "featured": bool(moderation and moderation.is_featured),
            "staff": bool(comment.user_id and comment.user.is_staff),
            "status_here": comment.pk == status_under,
        }
        if comment.level == 0:
            roots.append(node)
        elif comment.parent_id in nodes:
            nodes[comment.parent_id]["children"].append(node)
        else:
            continue
        nodes[comment.pk] = node
    for node in nodes.values():
        node["children"].sort(key=lambda child: not child["featured"])
    roots.sort(key=lambda root: not root["featured"])
    return roots


def own_comment_status(token):
    """The message for a commenter just back from posting, editing or deleting."""
    if token in ("confirm", "deleted"):
        return {"kind": token}
    comment = comment_from_token(token, max_age=24 * 3600)
    if comment is None:
        return None
    age = (timezone.now() - comment.submit_date).total_seconds()
    state = getattr(getattr(comment, "moderation", None), "state", None)
    if state == Moderation.State.WITHDRAWN:
        return {"kind": "deleted"}
    waits = state == Moderation.State.PENDING and comment.moderation.published_at is None
    return {
        "kind": "published" if comment.is_public and not comment.is_removed else "held",
        "comment": comment,
        "token": token,
        # Only a moderator's approval sends that email (spam is told nothing more).
        "will_email": bool(waits and comment.user_email),
        "can_edit": age < settings.COMMENTS_EDIT_SECONDS and not comment.is_removed,
        "edit_minutes": settings.COMMENTS_EDIT_SECONDS // 60,
        "reply_to": comment.parent_id if comment.parent_id != comment.pk else None,
    }


def approved_comments(article):
    return list(
        Comment.objects.public()
        .for_article(article)
        .select_related("user", "moderation")
        .order_by("thread_id", "order")
    )


def comment_thread(article, is_open):
    """The count and the threads of approved comments, kept rendered until one is approved,
    edited or removed (the ``comments:<id>`` tag), the article changes, or comments close."""

    def render():
        comments = approved_comments(article)
        html = render_to_string(
            "comments/thread.html",
            {"comment_tree": comment_tree(comments), "comment_count": len(comments),
             "comments_open": is_open},
        )  # fmt: skip
        return Rendered(html, until=comments_close_at(article) if is_open else None)

    return mark_safe(
        render_fragment(
            Fragment(
                "comment-thread",
                (article.pk,),
                (f"comments:{article.pk}", f"article:{article.pk}"),
                render,
            )
        )
    )


#: Form fields made for each reader: django-comments refuses a post whose timestamp is older
#: than COMMENTS_TIMEOUT, or whose security hash does not match it.
FRESH_FIELDS = ("timestamp", "security_hash")


def comment_form_html(request, article):
    """The comment form. Its markup is kept per article with placeholders where each reader
    gets a fresh timestamp and security hash; a signed-in reader's form carries a CSRF token
    and is rendered whole."""
    if request.user.is_authenticated:
        form = CommentForm(article)
        return render_to_string("comments/form.html", {"form": form}, request=request)

    def render():
        blank = CommentForm(article)
        blank.initial.update({name: f"__fresh_{name}__" for name in FRESH_FIELDS})
        return Rendered(render_to_string("comments/form.html", {"form": blank, "request": request}))

    html = render_fragment(
        Fragment("comment-form", (article.pk,), (f"article:{article.pk}",), render)
    )
    fresh = CommentForm.fresh_security_data(article)
    for name in FRESH_FIELDS:
        html = html.replace(f"__fresh_{name}__", fresh[name])
    return mark_safe(html)


def article_comments_context(request, article):
    """The comments section: the thread (stored, see comment_thread) and around it what is
    made for this reader: their status message and the form's fresh fields."""
    is_open = comments_open(article)
    token = request.GET.get("comment")
    status = own_comment_status(token) if token else None
    context = {
        "comments_open": is_open,
        "comment_form": comment_form_html(request, article) if is_open else None,
        "comment_status": status,
    }
    if status is None and article.is_published():
        return {**context, "comment_thread": comment_thread(article, is_open)}
    comments = approved_comments(article)
    reply_to = status.get("reply_to") if status else None
    if status:
        # A reply's status shows in its thread, where the reader was; otherwise at the top.
        status["in_thread"] = any(comment.pk == reply_to for comment in comments)
    return {
        **context,
        "comment_tree": comment_tree(comments, status_under=reply_to),
        "comment_count": len(comments),
    }
