"""
Uploaded media, served by the application itself, so that a lone server (the Docker image,
`make run`) shows its images without a proxy in front. Behind nginx, or with object storage,
turn it off (`DJANGO_SERVE_MEDIA=0`; it is off by itself when media go to S3) and let them
serve `/media/` (docs/deploy.md).

The middleware sits after the security headers (so answers carry `nosniff`) and before GZip
(images are compressed already), the page cache and the session: a file costs no query.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, SuspiciousFileOperation
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    HttpResponseNotModified,
)
from django.utils._os import safe_join
from django.utils.http import http_date, parse_http_date_safe

# What uploads may be (the upload validators accept images only). Anything else that finds
# its way into the folder is sent as a download, never rendered by the browser.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
}
# Renditions and social cards are named after what they hold, so a name never changes meaning.
IMMUTABLE_PREFIXES = ("renditions/",)
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
CACHE_ONE_DAY = "public, max-age=86400"
# An image opened on its own runs nothing and loads nothing.
POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


class MediaFilesMiddleware:
    """Answer GET and HEAD under MEDIA_URL from MEDIA_ROOT; pass everything else on."""

    def __init__(self, get_response):
        if not settings.NEWSROOM_SERVE_MEDIA:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.prefix = settings.MEDIA_URL
        self.root = Path(settings.MEDIA_ROOT)

    def __call__(self, request):
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return media_response(request, request.path_info.removeprefix(self.prefix), self.root)


def media_response(request, name, root):
    """The file ``name`` under ``root``; a plain 404 (no page, no query) when there is none."""
    name = posixpath.normpath(name).lstrip("/")
    try:
        path = Path(safe_join(root, name))
        stat = path.stat()
    except (SuspiciousFileOperation, ValueError, OSError):  # outside the root, or absent
        stat = None
    if stat is None or not path.is_file():
        return HttpResponseNotFound("Not found.\n", content_type="text/plain; charset=utf-8")
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    if since is not None and int(stat.st_mtime) <= since:
        response = HttpResponseNotModified()
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type or "application/octet-stream")
        response["Content-Length"] = str(stat.st_size)
    else:
        response = FileResponse(
            path.open("rb"),
            content_type=content_type or "application/octet-stream",
            as_attachment=content_type is None,
        )
        response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = (
        CACHE_IMMUTABLE if name.startswith(IMMUTABLE_PREFIXES) else CACHE_ONE_DAY
    )
    response["Content-Security-Policy"] = POLICY
    return response
