"""Multi-step writes on comments. Visibility changes use update(), not save(): see apps.py."""

import json

from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site
from django.core import signing
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_comments.signals import comment_was_posted, comment_will_be_posted
from django_comments_xtd import signed
from django_comments_xtd.models import TmpXtdComment, XtdComment
from django_comments_xtd.views import notify_comment_followers

from newsroom.security import client_ip

from .models import Comment, Moderation, Report, reply_parent_id
from .rules import spam_verdict

TOKEN_SALT = "newsroom.comments.own"
State = Moderation.State
Reason = Moderation.Reason


def absolute_url(path):
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def comment_token(comment):
    """A signed, timestamped token that lets the author see, edit or delete their comment."""
    return signing.dumps(comment.pk, salt=TOKEN_SALT)


def comment_from_token(token, *, max_age=None):
    """The comment a token names, or None if the token is forged, expired or the comment gone."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return Comment.objects.select_related("moderation").filter(pk=pk).first()


def mute_url(comment):
    key = signed.dumps(comment, compress=True, extra_key=settings.COMMENTS_XTD_SALT)
    return absolute_url(reverse("comments-xtd-mute", args=[key.decode()]))


def _show_as(comment, state):
    """Set django-comments-xtd's visibility flags to what ``state`` shows readers."""
    flags = Moderation.visibility(state)
    XtdComment.objects.filter(pk=comment.pk).update(**flags)
    comment.is_public, comment.is_removed = flags["is_public"], flags["is_removed"]


def _moderation(comment):
    moderation, _ = Moderation.objects.get_or_create(comment_id=comment.pk)
    return moderation


class CommentRefused(Exception):
    """django-comments-xtd's moderator (or another receiver) refused the comment."""


def comment_post(*, form, request):
    """Store the comment of a valid form, checked for spam once.

    Spam is stored out of sight at once. Everything else goes through django-comments-xtd's
    flow (its moderator holds the comment, or publishes it for staff; with confirmation on,
    it only emails the link) and gets its moderation record. Returns the stored comment, or
    None when it waits for the commenter to confirm by email; raises CommentRefused.
    """
    site_id = get_current_site(request).id
    ip_address = client_ip(request)
    user = request.user if request.user.is_authenticated else None
    cleaned = form.cleaned_data
    verdict = spam_verdict(
        name=cleaned["name"], email=cleaned["email"], url=cleaned["url"], text=cleaned["comment"]
    )
    if verdict:
        data = form.get_comment_create_data(site_id=site_id)
        data.update(ip_address=ip_address, user=user)
        return comment_store_spam(data=data, reason=verdict[0], detail=verdict[1])

    tmp = form.get_comment_object(site_id=site_id)
    tmp.ip_address, tmp.user = ip_address, user
    responses = comment_will_be_posted.send(sender=TmpXtdComment, comment=tmp, request=request)
    if any(response is False for _receiver, response in responses):
        raise CommentRefused
    comment_was_posted.send(sender=TmpXtdComment, comment=tmp, request=request)
    if tmp.xtd_comment is None:
        return None
    comment_register(comment=tmp.xtd_comment, user=user)
    return tmp.xtd_comment


@transaction.atomic
def comment_register(*, comment, user=None):
    """Record a comment django-comments-xtd has just stored (spam never gets this far):
    held, or published for staff."""
    if comment.is_public:
        return Moderation.objects.create(
            comment_id=comment.pk,
            state=State.APPROVED,
            reason=Reason.STAFF,
            moderated_by=user,
            moderated_at=timezone.now(),
        )
    moderation = Moderation.objects.create(comment_id=comment.pk)
    if settings.COMMENTS_MODERATOR_EMAILS == "each":
        transaction.on_commit(lambda: moderators_notify(moderations=[moderation]))
    return moderation


@transaction.atomic
def comment_store_spam(*, data, reason, detail=""):
    """Keep a spam submission out of sight (no emails) but reviewable in the admin."""
    comment = XtdComment(**{**data, **Moderation.visibility(State.SPAM)})
    comment.save()
    Moderation.objects.create(
        comment_id=comment.pk, state=State.SPAM, reason=reason, reason_detail=detail
    )
    return comment


@transaction.atomic
def comment_import(*, article, state, fields, parent=None, moderation=None):
    """Store a comment that did not come through the form (an import, the demo) in ``state``:
    ``fields`` of xtd's comment (name, email, text, date...), shown to readers as the state
    says, with its moderation record (``moderation``: more of its fields), and a reply hung
    under ``parent`` by the thread-depth rule. Nobody is emailed."""
    comment = XtdComment(
        content_object=article,
        site_id=settings.SITE_ID,
        parent_id=reply_parent_id(parent) if parent is not None else 0,
        **fields,
        **Moderation.visibility(state),
    )
    comment.save()
    Moderation.objects.create(comment_id=comment.pk, state=state, **(moderation or {}))
    return comment


@transaction.atomic
def comment_import_update(*, comment, state, fields):
    """Bring an imported comment up to date with its source; True if anything changed."""
    fields = {**fields, **Moderation.visibility(state)}
    changed = any(getattr(comment, name) != value for name, value in fields.items())
    if changed:
        XtdComment.objects.filter(pk=comment.pk).update(**fields)
    changed |= Moderation.objects.exclude(state=state).filter(comment_id=comment.pk).exists()
    Moderation.objects.update_or_create(comment_id=comment.pk, defaults={"state": state})
    return changed


def comment_approve(*, comment, by):
    moderation = _moderation(comment)
    first_time = not moderation.moderated_at or moderation.state not in (
        State.APPROVED,
        State.REPORTED,
    )
    with transaction.atomic():
        _show_as(comment, State.APPROVED)
        moderation.state = State.APPROVED
        moderation.moderated_by, moderation.moderated_at = by, timezone.now()
        moderation.save()
    if first_time:
        comment.is_public = True
        _email_author_approved(comment)
        notify_comment_followers(comment)
    return moderation


def _email_author_approved(comment):
    if not comment.user_email:
        return
    context = {
        "comment": comment,
        "article": comment.content_object,
        "url": absolute_url(f"{comment.content_object.get_absolute_url()}#c{comment.pk}"),
        "mute_url": mute_url(comment) if comment.followup else None,
        "site": Site.objects.get_current(),
    }
    send_mail(
        f"Your comment on “{comment.content_object}” is published",
        render_to_string("comments/email/approved.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [comment.user_email],
    )


def _set_state(comment, *, state, by):
    moderation = _moderation(comment)
    with transaction.atomic():
        _show_as(comment, state)
        moderation.state = state
        moderation.moderated_by, moderation.moderated_at = by, timezone.now()
        moderation.save()
    return moderation


def comment_reject(*, comment, by):
    return _set_state(comment, state=State.REJECTED, by=by)


def comment_mark_spam(*, comment, by):
    return _set_state(comment, state=State.SPAM, by=by)


def comment_feature(*, comment, featured, by):
    moderation = _moderation(comment)
    moderation.is_featured = featured
    moderation.save(update_fields=["is_featured"])
    return moderation


def comment_report(*, comment, reason, ip_address, user=None):
    """Record a reader's report; the comment goes back to the queue (it stays visible)."""
    try:
        with transaction.atomic():
            Report.objects.create(comment=comment, reason=reason, ip_address=ip_address, user=user)
    except IntegrityError:
        return False  # this address already reported it
    moderation = _moderation(comment)
    counts = {}
    for code in comment.reports.values_list("reason", flat=True):
        counts[code] = counts.get(code, 0) + 1
    moderation.reason = Reason.REPORTED
    moderation.reason_detail = ", ".join(
        f"{Report.Reason(code).label} ({n})" for code, n in sorted(counts.items())
    )
    if moderation.state == State.APPROVED:
        moderation.state = State.REPORTED
    moderation.save()
    return True


@transaction.atomic
def comment_edit(*, comment, text):
    """The author's edit: held again for moderation (or spam, by the same rules)."""
    comment.comment = text
    XtdComment.objects.filter(pk=comment.pk).update(comment=text)
    moderation = _moderation(comment)
    verdict = spam_verdict(
        name=comment.user_name, email=comment.user_email, url=comment.user_url, text=text
    )
    if verdict:
        _show_as(comment, State.SPAM)
        moderation.state, (moderation.reason, moderation.reason_detail) = State.SPAM, verdict
    else:
        _show_as(comment, State.PENDING)
        moderation.state, moderation.reason, moderation.reason_detail = (
            State.PENDING,
            Reason.EDITED,
            "",
        )
        moderation.moderators_notified_at = None
    moderation.save()
    return moderation


def comment_withdraw(*, comment):
    return _set_state(comment, state=State.WITHDRAWN, by=None)


def moderators_notify(*, moderations=None):
    """Email the moderators (MANAGERS) one message listing comments waiting for them."""
    if moderations is None:
        moderations = list(
            Moderation.objects.filter(
                state=State.PENDING, moderators_notified_at__isnull=True
            ).select_related("comment")
        )
    recipients = [email for _name, email in settings.MANAGERS]
    if not moderations or not recipients:
        return 0
    send_mail(
        f"{len(moderations)} comment(s) awaiting moderation",
        render_to_string(
            "comments/email/moderation_digest.txt",
            {
                "moderations": moderations,
                "queue_url": absolute_url(reverse("admin:newsroom_comments_comment_changelist"))
                + "?moderation__state__exact=pending",
            },
        ),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )
    Moderation.objects.filter(pk__in=[m.pk for m in moderations]).update(
        moderators_notified_at=timezone.now()
    )
    return len(moderations)


def comments_by_email(email):
    return Comment.objects.filter(user_email__iexact=email.strip()).order_by("submit_date")


def comments_export(*, email):
    """Everything stored about the comments posted with ``email``, as JSON text."""
    rows = [
        {
            "id": c.pk,
            "article": str(c.content_object) if c.content_object else None,
            "url": c.content_object.get_absolute_url() if c.content_object else None,
            "name": c.user_name,
            "email": c.user_email,
            "website": c.user_url,
            "comment": c.comment,
            "submitted": c.submit_date,
            "ip_address": c.ip_address,
            "public": c.is_public and not c.is_removed,
            "notify_of_replies": c.followup,
        }
        for c in comments_by_email(email)
    ]
    return json.dumps(rows, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


@transaction.atomic
def comments_erase(*, email, anonymise=False):
    """Right to erasure: delete (or anonymise, keeping the text) all comments by ``email``."""
    comments = comments_by_email(email)
    count = comments.count()
    if anonymise:
        XtdComment.objects.filter(pk__in=comments.values("pk")).update(
            user_name="Anonymous", user_email="", user_url="", ip_address=None, followup=False
        )
    else:
        for comment in comments:
            # Replies stay, attached to a placeholder, so threads remain readable.
            if XtdComment.objects.filter(parent_id=comment.pk).exclude(pk=comment.pk).exists():
                XtdComment.objects.filter(pk=comment.pk).update(
                    user_name="Deleted",
                    user_email="",
                    user_url="",
                    ip_address=None,
                    followup=False,
                    comment="[deleted]",
                )
            else:
                comment.delete()
    return count
