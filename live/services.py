"""Who may post to which live story, and posting: checked on the server.

Editors (``articles.publish_article``) post to any story whose coverage has not ended;
writers only to those they are bylined on. The same rule decides which updates a writer
may change or delete.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from reversion import create_revision, set_comment, set_user

from articles.models import Article
from articles.services import can_publish

from .models import LiveUpdate


def _bylined(queryset, user, path):
    return queryset.filter(**{f"{path}bylines__author__user": user}).distinct()


def stories_open_to(user):
    """The live stories ``user`` may post to: coverage set and not ended."""
    if not user.has_perm("live.add_liveupdate"):
        return Article.objects.none()
    stories = Article.objects.filter(live_from__isnull=False).exclude(
        live_until__lte=timezone.now()
    )
    return stories if can_publish(user) else _bylined(stories, user, "")


def updates_editable_by(user):
    if not user.has_perm("live.change_liveupdate"):
        return LiveUpdate.objects.none()
    updates = LiveUpdate.objects.all()
    return updates if can_publish(user) else _bylined(updates, user, "article__")


def can_post_to(user, article):
    return stories_open_to(user).filter(pk=article.pk).exists()


def live_update_save(*, update, by):
    """Store ``update`` (new or edited) by ``by``; pinning it unpins the story's other.

    ``by=None`` is a script (the demo, the benchmark), not a person: nothing to check.
    """
    if by is not None:
        _require_permission(by, update)
    if update.pk is None:
        update.created_by = by
    if update.is_pinned:
        update.article.live_updates.exclude(pk=update.pk).filter(is_pinned=True).update(
            is_pinned=False
        )
    update.save()
    return update


def _require_permission(user, update):
    if update.pk is None and not can_post_to(user, update.article):
        raise PermissionDenied("You can post only to live stories you are bylined on.")
    if update.pk is not None and not updates_editable_by(user).filter(pk=update.pk).exists():
        raise PermissionDenied("You can change only updates to stories you are bylined on.")


def live_update_post(*, article, by, body, headline="", authors=(), key_event=False,
                     pinned=False, posted_at=None):  # fmt: skip
    """Post a new update as one revision (scripts, the demo, the benchmark)."""
    update = LiveUpdate(article=article, body=body, headline=headline, is_key_event=key_event,
                        is_pinned=pinned, posted_at=posted_at or timezone.now())  # fmt: skip
    with transaction.atomic(), create_revision():
        live_update_save(update=update, by=by)
        update.authors.set(authors or _own_author(by))
        if by is not None:
            set_user(by)
        set_comment("Posted")
    return update


def _own_author(user):
    author = getattr(user, "author_profile", None)
    return [author] if author else []
