"""What a live story's page shows: key events, the pinned update, one page of updates."""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.models import Article
from newsroom.caching import tags

from .models import UPDATES_PER_PAGE, LiveUpdate

# The polling endpoint sends the newest updates, whatever the reader has seen.
FRAGMENT_LENGTH = 20


@dataclass
class KeyEvent:
    update: LiveUpdate
    url: str


@dataclass
class CoveragePage:
    article: object
    page_obj: object
    updates: list
    pinned: LiveUpdate | None
    key_events: list = field(default_factory=list)
    page_url: str = ""
    poll_etag: str = ""


def covered_story(article_id):
    """A published story with live coverage (open or ended), or a 404."""
    return get_object_or_404(
        Article.objects.published().filter(live_from__isnull=False).select_related("section"),
        pk=article_id,
    )


def page_url(article, number):
    url = article.get_absolute_url()
    return url if number == 1 else f"{url}?page={number}"


def coverage_page(article, page_number):
    """Four queries: the running order's ids, the page, its authors and notes (with the
    pinned update and the key events, which come with the page's query)."""
    stream_ids = list(
        LiveUpdate.objects.filter(article=article).stream().values_list("pk", "is_key_event")
    )
    paginator = Paginator(stream_ids, UPDATES_PER_PAGE, allow_empty_first_page=True)
    try:
        page_obj = paginator.page(page_number or 1)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("No such page of updates.") from error
    page_ids = [pk for pk, _ in page_obj.object_list]
    key_ids = {pk: index for index, (pk, key) in enumerate(stream_ids) if key}
    wanted = LiveUpdate.objects.filter(article=article).filter(
        pk__in=[*page_ids, *key_ids]
    ) | LiveUpdate.objects.filter(article=article, is_pinned=True)
    found = {update.pk: update for update in wanted.with_details()}
    pinned = (
        next((u for u in found.values() if u.is_pinned), None) if page_obj.number == 1 else None
    )
    key_events = [
        KeyEvent(update, _update_url(article, update, key_ids))
        for update in sorted(found.values(), key=lambda u: (u.posted_at, u.pk), reverse=True)
        if update.is_key_event
    ]
    version = tags.versions([f"live:{article.pk}"])[f"live:{article.pk}"]
    return CoveragePage(
        article=article,
        page_obj=page_obj,
        updates=[found[pk] for pk in page_ids if pk in found],
        pinned=pinned,
        key_events=key_events,
        page_url=page_url(article, page_obj.number),
        poll_etag=f'"{version}"',
    )


def _update_url(article, update, stream_index):
    number = 1 if update.is_pinned else stream_index[update.pk] // UPDATES_PER_PAGE + 1
    return f"{page_url(article, number)}#{update.anchor}"


def newest_updates(article):
    return list(
        LiveUpdate.objects.filter(article=article).newest_first().with_details()[:FRAGMENT_LENGTH]
    )
