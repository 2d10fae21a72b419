"""
Server time of each reader page type on the current database (page cache off).

Run it against the demo database and a large one (after `manage.py generate_content`) to
compare: `DATABASE_URL=... python scripts/scale_check.py`. Prints the median of 20 renders.
"""

import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="newsroom.settings",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", secrets.token_urlsafe(50)),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_PAGE_CACHE="0",
    DJANGO_LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article  # noqa: E402

settings.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)


def main():
    seed = Article.objects.published().get(
        slug="us-signals-conditional-security-guarantees-for-ukraine"
    )
    newest = Article.objects.published().select_related("section").order_by("-published_at").first()
    pages = {
        "article (seed)": seed.get_absolute_url(),
        "article (newest)": newest.get_absolute_url(),
        "home": "/",
        "section": "/world/",
        "section, page 50": "/world/?page=50",
        "author": "/authors/lisa-chang/",
        "search": "/search/?q=ukraine+talks",
        "feed": "/feed/",
        "sitemap": "/sitemap.xml",
        "news sitemap": "/sitemap-news.xml",
    }
    client = Client()
    print(f"{Article.objects.count():,} articles on {connection.vendor}")
    for name, url in pages.items():
        status = client.get(url).status_code
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"{name:<20} {statistics.median(timings):8.1f} ms  (HTTP {status})")


if __name__ == "__main__":
    main()
