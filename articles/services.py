"""
The editorial workflow: each step is one function, checked on the server.

Writers write and submit for review; editors (the ``articles.publish_article``
permission) publish, schedule and unpublish. Every step is saved as a revision
with who did it. "Scheduled" is not stored: it is a published article whose
publish time is still in the future, so it goes live on time with no worker.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from reversion import create_revision, set_comment, set_user

from .models import Article

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors may change any article; writers only their own drafts and stories in review."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user) or article.pk is None:
        return True
    return Article.objects.editable_by(user).filter(pk=article.pk).exists()


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied("Only editors can publish, schedule or unpublish articles.")


def _save(article, *, by, comment):
    """Save ``article`` as a revision by ``by``; ``comment`` may be a function of the saved
    article (a publish time is only final once saved)."""
    with transaction.atomic(), create_revision():
        article.modified_by = by
        article.save()
        set_user(by)
        set_comment(comment(article) if callable(comment) else comment)
    return article


def article_submit_for_review(*, article, by):
    if not can_edit(by, article):
        raise PermissionDenied("You can only submit your own drafts for review.")
    if article.status != Article.Status.DRAFT:
        raise ValidationError("Only a draft can be submitted for review.")
    article.status = Article.Status.REVIEW
    return _save(article, by=by, comment="Submitted for review")


def article_publish(*, article, by, at=None):
    """Publish now, or at ``at``; a future time schedules the article.

    Republishing an unpublished article keeps its original publish time (its URL
    contains the date), unless a new time is given.
    """
    _require_publisher(by)
    if at is not None:
        article.published_at = at
    article.status = Article.Status.PUBLISHED
    return _save(article, by=by, comment=_publish_comment)


def _publish_comment(article):
    if article.is_published():
        return "Published"
    return f"Scheduled for {timezone.localtime(article.published_at):%d %B %Y %H:%M %Z}"


def article_schedule(*, article, by, at):
    if at <= timezone.now():
        raise ValidationError("A scheduled publish time must be in the future.")
    return article_publish(article=article, by=by, at=at)


def article_unpublish(*, article, by):
    _require_publisher(by)
    article.status = Article.Status.UNPUBLISHED
    return _save(article, by=by, comment="Unpublished")
