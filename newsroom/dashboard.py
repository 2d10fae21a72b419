"""
The desk's home page: what is waiting for someone, and a writer's own recent stories.

This is project wiring, like urls.py: it reads the apps' own querysets and links to their
admin lists, and each count shows only to those who may open its list.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import can_publish
from comments.models import Comment, Moderation

SCHEDULED_WITHIN = timedelta(hours=24)
RECENT_STORIES = 8


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    url: str


def desk(request, admin_site):
    articles = _model_admin(admin_site, Article)
    writes = articles is not None and articles.has_add_permission(request)
    stories = (
        list(
            Article.objects.by_writer(request.user)
            .select_related("section")
            .order_by("-modified_at")[:RECENT_STORIES]
        )
        if writes
        else []
    )
    return {
        "waiting": waiting(request, admin_site),
        "add_story_url": reverse("admin:articles_article_add") if writes else None,
        "recent_stories": stories,
        # An editor who does not write needs no reminder that she has written nothing.
        "show_recent_stories": writes and bool(stories or not can_publish(request.user)),
    }


def waiting(request, admin_site):
    """Counts linked to the lists they count, for the lists this user may open."""
    counts = []
    articles = _model_admin(admin_site, Article)
    if articles is not None and articles.has_view_permission(request):
        now = timezone.now()
        soon = (now + SCHEDULED_WITHIN).replace(microsecond=0)
        changelist = reverse("admin:articles_article_changelist")
        counts += [
            Waiting(
                "Stories in review",
                Article.objects.filter(status=Article.Status.REVIEW).count(),
                f"{changelist}?status=review",
            ),
            Waiting(
                "Scheduled in the next 24 hours",
                Article.objects.scheduled().filter(published_at__lte=soon).count(),
                f"{changelist}?{urlencode({'status': 'scheduled', 'published_at__lte': soon})}",
            ),
        ]
    comments = _model_admin(admin_site, Comment)
    if comments is not None and comments.has_view_permission(request):
        State = Moderation.State
        held = Moderation.objects.aggregate(
            pending=Count("pk", filter=Q(state=State.PENDING)),
            reported=Count("pk", filter=Q(state=State.REPORTED)),
        )
        queue = reverse("admin:newsroom_comments_comment_changelist")
        counts += [
            Waiting("Comments waiting", held["pending"], f"{queue}?state={State.PENDING}"),
            Waiting("Reported by readers", held["reported"], f"{queue}?state={State.REPORTED}"),
        ]
    return counts


def _model_admin(admin_site, model):
    return admin_site.get_model_admin(model) if admin_site.is_registered(model) else None
