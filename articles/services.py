"""
The editorial workflow: each step is one function, checked on the server, and the only way
an article's status changes (the admin's buttons call them once the form is saved).

Writers write and submit for review; editors (the ``articles.publish_article``
permission) publish, schedule, unpublish and send back. Every step is saved as a revision
with who did it. "Scheduled" is not stored: it is a published article whose
publish time is still in the future, so it goes live on time with no worker.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from reversion import create_revision, set_comment, set_user

from . import emails
from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"
WORKFLOW_FIELDS = [
    "status", "published_at", "modified_by", "modified_at",
    "review_note", "review_note_by", "review_note_at",
]  # fmt: skip


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors may change any article; writers only their own drafts and stories in review."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user) or article.pk is None:
        return True
    return Article.objects.editable_by(user).filter(pk=article.pk).exists()


def publish_time_label(moment):
    """A publish time as the desk reads it: “4 Dec, 07:00 (Europe/London)”."""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%b}, {local:%H:%M} ({settings.TIME_ZONE})"


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule, unpublish or send back.")


def _save(article, *, by, comment):
    """Save the workflow fields of ``article`` as a revision by ``by``; ``comment`` may be a
    function of the saved article (a publish time is only final once saved). The rest of the
    article is the form's, or the caller's, to save."""
    with transaction.atomic(), create_revision():
        article.modified_by = by
        article.save(update_fields=WORKFLOW_FIELDS)
        set_user(by)
        set_comment(comment(article) if callable(comment) else comment)
    return article


def article_submit_for_review(*, article, by):
    if not can_edit(by, article):
        raise PermissionDenied("You can only submit your own drafts for review.")
    if article.status != Article.Status.DRAFT:
        raise ValidationError("Only a draft can be submitted for review.")
    article.status = Article.Status.REVIEW
    article.review_note, article.review_note_by, article.review_note_at = "", None, None
    _save(article, by=by, comment="Submitted for review")
    emails.story_submitted(article=article, by=by)
    return article


def article_publish(*, article, by, at=None):
    """Publish now, or at ``at``; a future time schedules the article.

    Republishing an unpublished article keeps its original publish time (its URL
    contains the date), unless a new time is given.
    """
    _require_publisher(by)
    if at is not None:
        article.published_at = at
    article.status = Article.Status.PUBLISHED
    _save(article, by=by, comment=_publish_comment)
    scheduled_for = None if article.is_published() else publish_time_label(article.published_at)
    emails.story_published(article=article, by=by, scheduled_for=scheduled_for)
    return article


def _publish_comment(article):
    if article.is_published():
        return "Published"
    return f"Scheduled for {publish_time_label(article.published_at)}"


def article_schedule(*, article, by, at):
    if at <= timezone.now():
        raise ValidationError("A scheduled publish time must be in the future.")
    return article_publish(article=article, by=by, at=at)


def article_unpublish(*, article, by):
    _require_publisher(by)
    article.status = Article.Status.UNPUBLISHED
    return _save(article, by=by, comment="Unpublished")


def article_send_back(*, article, by, note):
    """Return a story in review to its writers as a draft, with a note saying why."""
    _require_publisher(by)
    note = note.strip()
    if not note:
        raise ValidationError("Say in a note what the writer should change.")
    if article.status != Article.Status.REVIEW:
        raise ValidationError("Only a story in review can be sent back.")
    article.status = Article.Status.DRAFT
    article.review_note, article.review_note_by = note, by
    article.review_note_at = timezone.now()
    _save(article, by=by, comment=f"Sent back to the writer: {note}")
    emails.story_sent_back(article=article, by=by, note=note)
    return article
