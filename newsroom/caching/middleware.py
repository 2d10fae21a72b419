"""
The full-page cache for anonymous readers, and the HTTP caching headers.

A view says what its page shows with ``tag_response`` (newsroom/caching/__init__.py); every
page also carries ``site``, and a page whose view named nothing (a 404 among them) carries
``home`` and ``sitemaps``, which any change that could turn it into a page bumps. The page is
stored with the versions its tags had and served while they are unchanged: one ``get_many``
(tags.py), the page itself coming from this process's memory when it served it lately. So a
write shows on the very next request of the pages that show it, and only of those.

No stored page outlives the next timed change (schedule.py): scheduled stories appear on
time without a worker. Staff, and readers carrying a session or a pending message, bypass
the cache.
"""

import threading
import time
from collections import OrderedDict
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import http_date
from django.utils.text import compress_string

from . import edge, schedule, tags

BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
STORED_HEADERS = (
    "Content-Type", "Content-Language", "Location", "Link", "ETag", "Last-Modified", edge.HEADER
)  # fmt: skip
EVERY_PAGE = frozenset({"site"})
UNTAGGED_PAGE = frozenset({"home", "sitemaps"})


def is_anonymous(request):
    return not any(name in request.COOKIES for name in BYPASS_COOKIES)


def is_cacheable(response):
    return (
        response.status_code in (200, 301, 404)
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not getattr(response, "streaming", False)
    )


def page_tags(response):
    named = getattr(response, "cache_tags", None)
    return EVERY_PAGE | (UNTAGGED_PAGE if named is None else frozenset(named))


def changed_during(versions, started):
    """True if a tag was bumped after ``started``: the render may or may not have read
    that change, so its page must not be stored under the new version. A version newer
    than the render is also what a tag the cache did not know gets (tags.versions), so
    only then is the time of the last bump read."""
    recent = any(tags.changed_at(version) >= started for version in versions.values())
    return recent and tags.last_bumped_at() >= started


def fresh_until(next_change, now, seconds):
    """``now`` plus ``seconds``, never past the next timed change."""
    until = now + timedelta(seconds=seconds)
    return min(until, next_change) if next_change is not None else until


def last_modified(versions, last_timed_change):
    """When the page's content last changed: its newest tag version, or a timed change."""
    moments = [tags.changed_at(version) for version in versions.values()]
    if last_timed_change is not None:
        moments.append(last_timed_change.timestamp())
    return max(moments)


class LocalPages:
    """The pages this process served last, in front of the shared cache; an entry is
    checked against the tag versions like one from the shared cache, so it saves reading
    and unpickling the page, never a check."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class PageCacheMiddleware:
    """Serves anonymous GET/HEAD requests for reader pages from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalPages(settings.NEWSROOM_PAGE_CACHE_LOCAL_ENTRIES)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(
            settings.NEWSROOM_UNCACHED_PATH_PREFIXES
        ):
            return self.get_response(request)
        if not is_anonymous(request):
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        now = timezone.now()
        key = f"newsroom:page:{request.get_host()}:{request.get_full_path()}"
        if settings.NEWSROOM_PAGE_CACHE:
            entry = self.lookup(key, now)
            if entry is not None:
                gzip_ok = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
                return self.restore(entry, now, gzip_ok)

        started = time.time()
        response = self.get_response(request)
        if not is_cacheable(response):
            return response
        shown = page_tags(response)
        versions = tags.versions(shown | {schedule.TAG})
        next_change, last_timed_change = schedule.timed_changes(versions[schedule.TAG], now)
        versions = {tag: versions[tag] for tag in shown}
        response.headers.setdefault(
            "Last-Modified", http_date(last_modified(versions, last_timed_change))
        )
        response[edge.HEADER] = edge.surrogate_key(shown)
        until = fresh_until(next_change, now, settings.NEWSROOM_PAGE_CACHE_SECONDS)
        if changed_during(versions, started):
            until = next_change = now  # kept by no cache, this one or the edge
        if settings.NEWSROOM_PAGE_CACHE and until > now:
            entry = self.freeze(response, versions, until, next_change)
            cache.set(key, entry, (until - now).total_seconds())
            self.local.set(key, entry)
        self.add_cache_control(response, until, next_change, now)
        return response

    def lookup(self, key, now):
        """The stored page for ``key`` if its tags are unchanged, else None."""
        local = self.local.get(key)
        if local is not None and self.is_current(local, now):
            return local
        shared = cache.get(key)
        if shared is None or (local is not None and shared["tags"] == local["tags"]):
            return None  # nothing, or the copy just found stale
        if self.is_current(shared, now):
            self.local.set(key, shared)
            return shared
        return None

    @staticmethod
    def is_current(entry, now):
        return entry["until"] > now and tags.versions(entry["tags"]) == entry["tags"]

    @staticmethod
    def freeze(response, versions, until, next_change):
        """The response as stored: compressed once here rather than on every hit (with
        GZipMiddleware's BREACH padding; cached pages carry no secret anyway)."""
        set_response_etag(response)  # once here, not on every hit
        headers = {name: response[name] for name in STORED_HEADERS if response.has_header(name)}
        gzipped = compress_string(response.content, max_random_bytes=100)
        return {
            "status": response.status_code,
            "content": response.content,
            "gzipped": gzipped if len(gzipped) < len(response.content) else None,
            "headers": headers,
            "tags": versions,
            "until": until,
            "next_change": next_change,
        }

    def restore(self, entry, now, gzip_ok):
        gzipped = entry["gzipped"] if gzip_ok else None
        response = HttpResponse(gzipped or entry["content"], status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        patch_vary_headers(response, ("Accept-Encoding",))
        if gzipped:
            response["Content-Encoding"] = "gzip"
            # As GZipMiddleware does: the compressed bytes are not the strong ETag's bytes.
            if response.get("ETag", "").startswith('"'):
                response["ETag"] = "W/" + response["ETag"]
        self.add_cache_control(response, entry["until"], entry["next_change"], now)
        return response

    @staticmethod
    def add_cache_control(response, until, next_change, now):
        """Let a CDN or proxy share the page, never past the next timed change. An edge
        that is told of changes (edge.py) keeps it long; any other, never past the moment
        it goes stale here, since nothing will tell it."""
        if edge.purging():
            edge_until = fresh_until(next_change, now, settings.NEWSROOM_EDGE_CACHE_SECONDS)
            shared = max(0, int((edge_until - now).total_seconds()))
            patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
            return
        remaining = max(0, int((until - now).total_seconds()))
        shared = min(remaining, settings.NEWSROOM_SHARED_CACHE_SECONDS)
        patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
        if remaining > shared:
            patch_cache_control(
                response,
                stale_while_revalidate=min(
                    remaining - shared, settings.NEWSROOM_STALE_WHILE_REVALIDATE_SECONDS
                ),
            )
