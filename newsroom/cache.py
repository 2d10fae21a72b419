"""
The full-page cache for anonymous readers, and the HTTP caching headers.

Correctness first: every page is stored under the current *content version*, a token
replaced whenever any public content is saved or deleted (signals in newsroom/signals.py),
so an edit, a publication or an approved comment shows on the very next request; and no
stored page outlives the next scheduled publication, so scheduled stories appear on time
without a worker. Staff, and readers carrying a session or a pending message, bypass it.
"""

import threading
import time
import uuid
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

VERSION_KEY = "newsroom:content-version"
CHANGED_AT_KEY = "newsroom:content-changed-at"
BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
STORED_HEADERS = ("Content-Type", "Content-Language", "Location", "Link", "ETag", "Last-Modified")


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if cache.add(VERSION_KEY, version, None):
            cache.set(CHANGED_AT_KEY, time.time(), None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_content_version():
    """Make every stored page stale at once."""
    cache.set_many({VERSION_KEY: uuid.uuid4().hex, CHANGED_AT_KEY: time.time()}, None)


def publish_times(version, now):
    """(next timed change or None, latest timed change passed or None), looked up once per
    content version and again once the next one has passed (so pages are cached again right
    after it). Timed changes are pages changing with no save: a scheduled story going live,
    a front-page pin running out (articles.models.timed_changes)."""
    key = f"newsroom:publish-times:{version}"
    stored = cache.get(key)
    if stored is None or (stored[0] and stored[0] <= now):
        from articles.models import timed_changes

        stored = timed_changes()
        cache.set(key, stored, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return stored


def fresh_for(upcoming, now):
    """How long a page rendered now may be served: bounded by the next publication."""
    lifetime = timedelta(seconds=settings.NEWSROOM_PAGE_CACHE_SECONDS)
    if upcoming is not None:
        lifetime = min(lifetime, upcoming - now)
    return max(lifetime, timedelta(0))


def last_modified(went_live, now):
    """When public content last changed: the last save or delete, or a scheduled story
    going live since. Unknown (the cache lost it) means now, which is never too old."""
    changed_at = cache.get(CHANGED_AT_KEY)
    moments = [now.timestamp() if changed_at is None else changed_at]
    if went_live is not None:
        moments.append(went_live.timestamp())
    return max(moments)


def is_anonymous(request):
    return not any(name in request.COOKIES for name in BYPASS_COOKIES)


def is_cacheable(response):
    return (
        response.status_code in (200, 301, 404)
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not getattr(response, "streaming", False)
    )


class LocalPages:
    """The pages this process served last, in front of the shared cache.

    Keys carry the content version, so this copy is never staler than the shared one; it
    saves reading and unpickling the page from the shared cache on every hit.
    """

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
        version = content_version()
        key = f"newsroom:page:{version}:{request.get_host()}:{request.get_full_path()}"
        if settings.NEWSROOM_PAGE_CACHE:
            entry = self.local.get(key)
            if entry is None:
                entry = cache.get(key)
                if entry is not None:
                    self.local.set(key, entry)
            if entry is not None and entry["until"] > now:
                gzip_ok = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
                return self.restore(entry, now, gzip_ok)

        response = self.get_response(request)
        if not is_cacheable(response):
            return response
        upcoming, went_live = publish_times(version, now)
        response.headers.setdefault("Last-Modified", http_date(last_modified(went_live, now)))
        lifetime = fresh_for(upcoming, now)
        until = now + lifetime
        if settings.NEWSROOM_PAGE_CACHE and lifetime:
            entry = self.freeze(response, until)
            cache.set(key, entry, lifetime.total_seconds())
            self.local.set(key, entry)
        self.add_cache_control(response, until, now)
        return response

    @staticmethod
    def freeze(response, until):
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
            "until": until,
        }

    def restore(self, entry, now, gzip_ok):
        gzipped = entry.get("gzipped") if gzip_ok else None  # entries from before gzip lack it
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
        self.add_cache_control(response, entry["until"], now)
        return response

    @staticmethod
    def add_cache_control(response, until, now):
        """Let a CDN or proxy share the page, never past the moment it goes stale here."""
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
