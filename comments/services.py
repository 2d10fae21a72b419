"""Multi-step writes on comments. Visibility changes use update(), not save(): see apps.py."""

import json

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_comments.signals import comment_will_be_posted
from django_comments_xtd import signed
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import TmpXtdComment, XtdComment
from django_comments_xtd.signals import confirmation_received
from django_comments_xtd.views import _create_comment

from newsroom import invalidation
from newsroom.security import client_ip

from .emails import absolute_url, send_comment_email
from .models import Comment, Moderation, Report, reply_parent_id
from .rules import links_detail, spam_verdict

TOKEN_SALT = "newsroom.comments.own"
SUBSCRIPTION_SALT = "newsroom.comments.replies"
State = Moderation.State
Reason = Moderation.Reason


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


def unsubscribe_path(comment):
    """The link that stops the emails about replies to ``comment`` (it never expires)."""
    return reverse("comments-unsubscribe", args=[signing.dumps(comment.pk, salt=SUBSCRIPTION_SALT)])


def unsubscribe_url(comment):
    return absolute_url(unsubscribe_path(comment))


def comment_from_unsubscribe_token(token):
    try:
        pk = signing.loads(token, salt=SUBSCRIPTION_SALT)
    except signing.BadSignature:
        return None
    return Comment.objects.filter(pk=pk).first()


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

    Spam is stored out of sight at once. Everything else passes django-comments-xtd's
    moderator (it refuses closed articles, holds the comment or publishes it for staff) and
    is stored with its moderation record; with confirmation on, an anonymous comment is only
    emailed as a link to confirm. Returns the stored comment, or None when it waits for that
    confirmation; raises CommentRefused.

    xtd's own ``comment_was_posted`` receiver is not used (apps.py disconnects it): it would
    email every follower of the article about every public comment.
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
    if xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL and user is None:
        _email_confirmation_request(tmp)
        return None
    return comment_store_confirmed(comment=tmp, request=request, user=user)


def comment_store_confirmed(*, comment, request, user=None):
    """Store an xtd comment-in-waiting (``TmpXtdComment``) that needs no (more) confirmation."""
    confirmation_received.send(sender=TmpXtdComment, comment=comment, request=request)
    stored = _create_comment(comment)
    comment_register(comment=stored, user=user)
    return stored


def _email_confirmation_request(tmp):
    """The confirmation link, in django-comments-xtd's signed format (its confirm URL)."""
    key = signed.dumps(tmp, compress=True, extra_key=settings.COMMENTS_XTD_SALT)
    send_comment_email(
        template="confirm",
        subject=f"Please confirm your comment on “{tmp.content_object}”",
        to=[tmp.user_email],
        context={
            "comment": tmp,
            "article": tmp.content_object,
            "confirm_url": absolute_url(reverse("comments-xtd-confirm", args=[key.decode()])),
        },
    )


@transaction.atomic
def comment_register(*, comment, user=None):
    """Record a comment just stored (spam never gets this far): published at once for staff,
    else held, with "N links" as the reason when it has more than the limit."""
    if comment.is_public:
        moderation = Moderation.objects.create(
            comment_id=comment.pk,
            state=State.APPROVED,
            reason=Reason.STAFF,
            moderated_by=user,
            moderated_at=timezone.now(),
            published_at=timezone.now(),
        )
        transaction.on_commit(lambda: comment_notify_replies(comment=comment))
        return moderation
    links = links_detail(name=comment.user_name, text=comment.comment)
    moderation = Moderation.objects.create(
        comment_id=comment.pk,
        reason=Reason.LINKS if links else Reason.ALL_MODERATED,
        reason_detail=links,
    )
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
    # Published before it came here: approving it again (after a report) emails nobody.
    published = {"published_at": comment.submit_date} if comment.is_public else {}
    Moderation.objects.create(
        comment_id=comment.pk, state=state, **{**published, **(moderation or {})}
    )
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
    if fields["is_public"]:
        Moderation.objects.filter(comment_id=comment.pk, published_at__isnull=True).update(
            published_at=fields.get("submit_date", comment.submit_date)
        )
    return changed


def comment_approve(*, comment, by):
    """Publish a comment. The first time readers see it, its author is emailed the link and
    the readers waiting for replies above it in its thread are told (after the commit)."""
    moderation = _moderation(comment)
    first_time = moderation.published_at is None
    with transaction.atomic():
        _show_as(comment, State.APPROVED)
        moderation.state = State.APPROVED
        moderation.moderated_by, moderation.moderated_at = by, timezone.now()
        if first_time:
            moderation.published_at = moderation.moderated_at
        moderation.save()
        if first_time:
            transaction.on_commit(lambda: _email_author_approved(comment))
            transaction.on_commit(lambda: comment_notify_replies(comment=comment))
    return moderation


def _email_author_approved(comment):
    if not comment.user_email:
        return
    article = comment.content_object
    send_comment_email(
        template="approved",
        subject=f"Your comment on “{article}” is published",
        to=[comment.user_email],
        context={
            "comment": comment,
            "article": article,
            "url": absolute_url(f"{article.get_absolute_url()}#c{comment.pk}"),
        },
        unsubscribe_url=unsubscribe_url(comment) if comment.followup else None,
    )


def _thread_above(comment):
    """The comments above ``comment`` in its thread, nearest first, from one query."""
    if comment.level == 0:
        return []
    above = {
        c.pk: c
        for c in Comment.objects.filter(thread_id=comment.thread_id, level__lt=comment.level)
    }
    chain, pk = [], comment.parent_id
    while pk in above and above[pk] not in chain:
        chain.append(above[pk])
        pk = above[pk].parent_id
    return chain


def comment_notify_replies(*, comment):
    """Email each reader who asked for replies to a comment above ``comment`` in its thread
    (its parent, and that one's parent: replies to replies count too). One email per
    address, about their nearest comment; never to the reply's own author. Returns how many
    were sent."""
    author = comment.user_email.strip().lower()
    subscriptions = {}
    for above in _thread_above(comment):
        email = above.user_email.strip().lower()
        readers_see_it = above.is_public and not above.is_removed
        if above.followup and email and email != author and readers_see_it:
            subscriptions.setdefault(email, above)
    article = comment.content_object
    for subscription in subscriptions.values():
        send_comment_email(
            template="reply",
            subject=f"{comment.user_name} replied to your comment on “{article}”",
            to=[subscription.user_email],
            context={
                "reply": comment,
                "subscription": subscription,
                "article": article,
                "url": absolute_url(f"{article.get_absolute_url()}#c{comment.pk}"),
            },
            unsubscribe_url=unsubscribe_url(subscription),
        )
    return len(subscriptions)


def comment_unsubscribe(*, comment):
    """Stop the reply emails that ``comment``'s subscription sends: for it, and for the
    comments above it by the same address (an email about a reply stood for all of them)."""
    email = comment.user_email.strip().lower()
    ids = [comment.pk] + [
        above.pk for above in _thread_above(comment) if above.user_email.strip().lower() == email
    ]
    return XtdComment.objects.filter(pk__in=ids, followup=True).update(followup=False)


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
        moderation.state, moderation.reason = State.PENDING, Reason.EDITED
        moderation.reason_detail = links_detail(name=comment.user_name, text=text)
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
    articles = {moderation.comment.object_pk for moderation in moderations}
    count = f"{len(moderations)} comment{'s' if len(moderations) != 1 else ''}"
    on = f" on “{moderations[0].comment.content_object}”" if len(articles) == 1 else ""
    send_comment_email(
        template="moderation_digest",
        subject=f"{count} awaiting moderation{on}",
        to=recipients,
        context={
            "moderations": moderations,
            "queue_url": absolute_url(reverse("admin:newsroom_comments_comment_changelist"))
            + "?state=pending",
        },
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
    # update() sends no signal: the stories whose comments change are named here.
    on_articles = comments.filter(content_type__app_label="articles", content_type__model="article")
    invalidation.comments_rewritten(set(on_articles.values_list("object_pk", flat=True)))
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
