import functools
from pathlib import Path

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import brand


@never_cache
@require_safe
def healthz(request):
    """200 when the database answers, 503 otherwise: for load balancers and Docker."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    """Crawlers may read every public page; the sitemaps list them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ckeditor/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('news-sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links."""
    response = HttpResponse(favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@functools.cache
def favicon_bytes():
    """Read once per process, from the source static files (collected or not)."""
    return Path(finders.find("img/favicon.ico")).read_bytes()


@require_safe
def web_manifest(request):
    """The web app manifest: the site's name, icons and colours for home screens."""
    site = get_current_site(request)
    icons = [
        ("img/icon-192.png", "192x192", "any"),
        ("img/icon-512.png", "512x512", "any"),
        ("img/icon-maskable-512.png", "512x512", "maskable"),
    ]
    manifest = {
        "name": site.name,
        "short_name": site.name,
        "start_url": "/",
        "display": "browser",
        "background_color": brand.PAPER,
        "theme_color": brand.PAPER,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in icons
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
