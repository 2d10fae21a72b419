"""Thin views around django-comments-xtd's posting flow, and the newsroom's own additions."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_comments_xtd import signed
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received
from django_comments_xtd.views import _create_comment, _get_comment_if_exists

from articles.models import Article
from newsroom.security import client_ip, csrf_token_or_same_origin

from .forms import CommentForm, EditCommentForm, ReportForm
from .models import Comment, Moderation, comments_open
from .rules import throttle_exceeded
from .services import (
    CommentRefused,
    comment_edit,
    comment_from_token,
    comment_post,
    comment_register,
    comment_report,
    comment_store_spam,
    comment_token,
    comment_withdraw,
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
            {"message": "This comment form does not belong to a published article."},
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
    confirmation_received.send(sender=TmpXtdComment, comment=tmp, request=request)
    comment = _create_comment(tmp)
    comment_register(comment=comment)
    return _landing(article, comment_token(comment))


def own_comment(request, token):
    """The author's signed link: edit or delete the comment within the allowed time."""
    comment = comment_from_token(token, max_age=settings.COMMENTS_EDIT_SECONDS)
    if comment is None or comment.is_removed:
        return render(
            request,
            "comments/error.html",
            {
                "message": "This link has expired: comments can be changed for "
                f"{settings.COMMENTS_EDIT_SECONDS // 60} minutes after posting."
            },
            status=410,
        )
    article = comment.content_object
    form = EditCommentForm(initial={"comment": comment.comment})
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            comment_withdraw(comment=comment)
            return _landing(article, "deleted")
        form = EditCommentForm(request.POST)
        if form.is_valid():
            comment_edit(comment=comment, text=form.cleaned_data["comment"])
            return _landing(article, token)
    return render(
        request,
        "comments/own_comment.html",
        {"comment": comment, "article": article, "form": form},
        status=400 if form.errors else 200,
    )


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
