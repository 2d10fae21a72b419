"""Thin views around django-comments-xtd's posting flow, and the newsroom's own additions."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_comments_xtd import signed
from django_comments_xtd.views import _get_comment_if_exists

from articles.models import Article
from newsroom.bounds import parse_id
from newsroom.security import client_ip, csrf_token_or_same_origin

from .forms import CommentForm, EditCommentForm, ReportForm
from .models import Comment, Moderation, comments_open
from .rules import throttle_exceeded
from .services import (
    CommentRefused,
    comment_edit,
    comment_from_token,
    comment_from_unsubscribe_token,
    comment_post,
    comment_report,
    comment_store_confirmed,
    comment_store_spam,
    comment_token,
    comment_unsubscribe,
    comment_withdraw,
    unsubscribe_path,
)

EXPIRED = (
    "This comment form has expired or was changed, so your comment was not posted. "
    "Nothing is lost: your comment is below. Please post it again."
)
THROTTLED = (
    "You are posting comments too quickly. Please wait a minute, then post again; "
    "your comment is below."
)
CLOSED = "Comments are closed."


def _article_from(data):
    """The published article a posted form targets, or None."""
    if data.get("content_type") != "articles.article":
        return None
    try:
        return Article.objects.published().select_related("section").get(pk=data.get("object_pk"))
    except (Article.DoesNotExist, ValueError, TypeError):
        return None


def _landing(article, token):
    return redirect(f"{article.get_absolute_url()}?comment={token}#comment-status")


def _form_page(request, article, form, *, status, notice=None):
    return render(
        request,
        "comments/form_page.html",
        {"article": article, "comment_form": form, "notice": notice, "comments_open": True},
        status=status,
    )


def _resubmit_form(article, data):
    """A fresh form (new timestamp and security hash) keeping what the commenter typed."""
    keep = ("name", "email", "url", "comment", "followup", "reply_to", "remember")
    return CommentForm(article, initial={name: data.get(name) for name in keep if name in data})


@csrf_token_or_same_origin
@require_POST
def post_comment(request):
    data = request.POST.copy()
    if request.user.is_authenticated:
        data["name"] = data.get("name") or request.user.get_full_name() or request.user.username
        data["email"] = data.get("email") or request.user.email
    article = _article_from(data)
    if article is None:
        return render(
            request,
            "comments/error.html",
            {
                "message": "This comment form does not belong to a published article, so "
                "your comment was not posted.",
                "text": data.get("comment", ""),
            },
            status=400,
        )
    if not comments_open(article):
        return render(
            request,
            "comments/error.html",
            {"message": CLOSED, "article": article, "text": data.get("comment", "")},
            status=403,
        )
    if throttle_exceeded(client_ip(request)):
        return _form_page(
            request, article, _resubmit_form(article, data), status=429, notice=THROTTLED
        )

    form = CommentForm(article, data=data)
    security_errors = form.security_errors()
    if "security_hash" in security_errors or "timestamp" in security_errors:
        return _form_page(
            request, article, _resubmit_form(article, data), status=400, notice=EXPIRED
        )
    if "honeypot" in security_errors:
        comment = comment_store_spam(
            data=_raw_comment_data(request, article, data),
            reason=Moderation.Reason.HONEYPOT,
        )
        return _landing(article, comment_token(comment))
    if form.errors:
        return _form_page(request, article, form, status=400)
    try:
        comment = comment_post(form=form, request=request)
    except CommentRefused:
        return render(request, "comments/error.html", {"message": CLOSED}, status=403)
    return _landing(article, comment_token(comment) if comment else "confirm")


def _user(request):
    return request.user if request.user.is_authenticated else None


def _raw_comment_data(request, article, data):
    """What a form that failed the honeypot sent, trimmed to the columns' sizes."""
    return {
        "content_object": article,
        "site_id": settings.SITE_ID,
        "user_name": data.get("name", "")[:50],
        "user_email": data.get("email", "")[:254],
        "user_url": data.get("url", "")[:200],
        "comment": data.get("comment", "")[: settings.COMMENT_MAX_LENGTH],
        "submit_date": timezone.now(),
        "ip_address": client_ip(request),
    }


def commented_object(request, content_type_id, object_id):
    """django-contrib-comments' link to what a comment is on (``comments-url-redirect``), for
    published articles only: the contenttypes shortcut it used would redirect anyone to any
    object's URL, a draft's included."""
    article = Article.objects.published().filter(pk=parse_id(object_id)).first()
    if article is None or ContentType.objects.get_for_model(Article).pk != content_type_id:
        raise Http404("No such article.")
    return redirect(article)


def reply(request, cid):
    """The reply form on its own page (without JavaScript); only for published comments."""
    parent = get_object_or_404(Comment.objects.public(), pk=cid)
    article = parent.content_object
    if not isinstance(article, Article) or not article.is_published():
        raise Http404("No such comment.")
    form = CommentForm(article, comment=parent) if comments_open(article) else None
    return render(
        request,
        "comments/reply.html",
        {"article": article, "parent": parent, "comment_form": form},
    )


def confirm(request, key):
    """xtd's confirmation link, with the newsroom's moderation record and a safe parent."""
    try:
        tmp = signed.loads(str(key), extra_key=settings.COMMENTS_XTD_SALT)
    except (ValueError, signed.BadSignature, LookupError, Article.DoesNotExist):
        return render(
            request,
            "comments/error.html",
            {"message": "This confirmation link is not valid. Please post your comment again."},
            status=400,
        )
    article = tmp.content_object
    existing = _get_comment_if_exists(tmp)
    if existing is not None:
        return _landing(article, comment_token(existing))
    if not comments_open(article):
        return render(
            request,
            "comments/error.html",
            {"message": CLOSED, "article": article, "text": tmp.comment},
            status=403,
        )
    if tmp.parent_id and not (
        Comment.objects.public().for_article(article).filter(pk=tmp.parent_id).exists()
    ):
        tmp.parent_id = 0  # the parent went away meanwhile: keep the comment, as a new thread
    comment = comment_store_confirmed(comment=tmp, request=request)
    return _landing(article, comment_token(comment))


def _own_comment_or_gone(request, token):
    """The comment an author's signed link names, or the page saying the link has expired."""
    comment = comment_from_token(token, max_age=settings.COMMENTS_EDIT_SECONDS)
    if comment is None or comment.is_removed:
        return None, render(
            request,
            "comments/error.html",
            {
                "message": "This link has expired: comments can be changed for "
                f"{settings.COMMENTS_EDIT_SECONDS // 60} minutes after posting."
            },
            status=410,
        )
    return comment, None


def own_comment(request, token):
    """The author's signed link: edit the comment within the allowed time (or go on to
    delete it)."""
    comment, gone = _own_comment_or_gone(request, token)
    if gone:
        return gone
    article = comment.content_object
    form = EditCommentForm(initial={"comment": comment.comment})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            return redirect("comments-own-delete", token=token)
        form = EditCommentForm(request.POST)
        if form.is_valid():
            comment_edit(comment=comment, text=form.cleaned_data["comment"])
            return _landing(article, token)
    return render(
        request,
        "comments/own_comment.html",
        {"comment": comment, "article": article, "form": form, "token": token},
        status=400 if form.errors else 200,
    )


def own_comment_delete(request, token):
    """Deleting asks first: a page showing the comment, and one button that deletes it."""
    comment, gone = _own_comment_or_gone(request, token)
    if gone:
        return gone
    article = comment.content_object
    if request.method == "POST":
        comment_withdraw(comment=comment)
        return _landing(article, "deleted")
    return render(
        request,
        "comments/own_comment_delete.html",
        {"comment": comment, "article": article, "token": token},
    )


# The signed token is the authority; mail providers' one-click POSTs carry no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop the emails about replies to one comment: GET asks (mail scanners open links),
    POST does it (the page's button, or a mail provider's one-click unsubscribe)."""
    comment = comment_from_unsubscribe_token(token)
    if comment is None:
        return render(
            request,
            "comments/error.html",
            {"message": "This unsubscribe link is not valid. It may belong to a deleted comment."},
            status=400,
        )
    done = request.method == "POST"
    if done:
        comment_unsubscribe(comment=comment)
    return render(
        request,
        "comments/unsubscribe.html",
        {"comment": comment, "article": comment.content_object, "done": done},
    )


def legacy_mute(request, key):
    """Unsubscribe links that django-comments-xtd put in emails sent before ours."""
    try:
        tmp = signed.loads(str(key), extra_key=settings.COMMENTS_XTD_SALT)
    except (ValueError, signed.BadSignature, LookupError, Article.DoesNotExist):
        tmp = None
    comment = _get_comment_if_exists(tmp) if tmp is not None else None
    if comment is None:
        return render(
            request,
            "comments/error.html",
            {"message": "This unsubscribe link is not valid. It may belong to a deleted comment."},
            status=400,
        )
    return redirect(unsubscribe_path(comment))


def report(request, cid):
    comment = get_object_or_404(Comment.objects.public(), pk=cid)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        comment_report(
            comment=comment,
            reason=form.cleaned_data["reason"],
            ip_address=client_ip(request),
            user=_user(request),
        )
        return render(request, "comments/reported.html", {"comment": comment})
    return render(
        request,
        "comments/report.html",
        {"comment": comment, "form": form},
        status=400 if form.errors else 200,
    )
