"""The polling endpoint, the updates feed and the permalink of one update.

The endpoint and the feed are what a thousand open tabs ask for every 30 seconds, so they
answer from the story's cache tag (``live:<id>``) before touching the database: a reader
who has the current version gets a 304 for one cache read, anyone else the body rendered
once per version.
"""

from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from articles.models import Article
from newsroom.caching import tags

from . import coverage
from .coverage import page_url
from .feeds import LiveUpdatesFeed
from .models import LiveUpdate

# Browsers revalidate every poll. A shared cache (the shipped nginx) answers for a second,
# which takes all but one request a second off the origin, and delays an update for at most
# that second; an edge that purges by Surrogate-Key needs not even that.
CACHE_CONTROL = "public, max-age=0, s-maxage=1"
STORED_SECONDS = 24 * 60 * 60


def _matches(request, etag):
    sent = request.headers.get("If-None-Match", "")
    return (
        any(candidate.strip().removeprefix("W/") == etag for candidate in sent.split(","))
        or sent.strip() == "*"
    )


def answered_by_live_tag(kind):
    """Serve the view's output from the story's tag version: 304 for the current version,
    else the body rendered once per version (``kind`` keeps the stored bodies apart)."""

    def decorator(render):
        @wraps(render)
        def view(request, article_id):
            tag = f"live:{article_id}"
            version = tags.versions([tag])[tag]
            etag = f'"{version}"'
            headers = {
                "ETag": etag,
                "Cache-Control": CACHE_CONTROL,
                "Surrogate-Key": f"live:{article_id} article:{article_id}",
            }
            if _matches(request, etag):
                return HttpResponseNotModified(headers=headers)
            key = f"live:{kind}:{article_id}:{version}"
            stored = cache.get(key)
            if stored is None:
                stored = render(request, article_id)
                cache.set(key, stored, STORED_SECONDS)
            content, content_type = stored
            return HttpResponse(content, content_type=content_type, headers=headers)

        return require_safe(view)

    return decorator


@answered_by_live_tag("fragment")
def newest_updates(request, article_id):
    """The newest updates as HTML, for live.js to offer the ones the reader has not seen."""
    article = coverage.covered_story(article_id)
    html = render_to_string(
        "live/updates_fragment.html",
        {
            "article": article,
            "updates": coverage.newest_updates(article),
            "page_url": page_url(article, 1),
        },
    )
    return html.encode(), "text/html; charset=utf-8"


@answered_by_live_tag("atom")
def updates_feed(request, article_id):
    response = LiveUpdatesFeed()(request, article_id=article_id)
    return response.content, response["Content-Type"]


@require_safe
def update_permalink(request, article_id, pk):
    """Send a shared link to the page that now shows the update (later ones push it on)."""
    update = get_object_or_404(
        LiveUpdate.objects.select_related("article__section"),
        pk=pk,
        article__in=Article.objects.published().filter(pk=article_id),
    )
    return redirect(f"{page_url(update.article, update.page_number())}#{update.anchor}")
