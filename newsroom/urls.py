from django.contrib import admin
from django.contrib.flatpages import views as flatpages
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.decorators.cache import never_cache

from articles import feeds, uploads
from articles.sitemaps import SITEMAPS, news_sitemap
from articles.urls import author_urlpatterns, in_feeds

from . import views
from .caching import tagged

in_sitemaps = tagged("sitemaps")
site_page = tagged("site")

urlpatterns = [
    path("admin/", admin.site.urls),
    # django-ckeditor's own upload view is csrf_exempt and unchecked; ours wraps it.
    path("ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    path("ckeditor/browse/", never_cache(uploads.browse), name="ckeditor_browse"),
    path("healthz", views.healthz, name="healthz"),
    path("terms/", site_page(flatpages.flatpage), {"url": "/terms/"}, name="terms"),
    path("privacy/", site_page(flatpages.flatpage), {"url": "/privacy/"}, name="privacy"),
    path("authors/", include((author_urlpatterns, "authors"))),
    path("comments/", include("comments.urls")),
    path("live/", include("live.urls")),
    # Reader site: feeds, sitemaps and robots.txt.
    path("feed/", in_feeds(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", in_feeds(feeds.LatestArticlesAtomFeed()), name="atom"),
    path(
        "sitemap.xml",
        in_sitemaps(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", in_sitemaps(news_sitemap), name="news-sitemap"),
    path(
        "sitemap-<section>.xml",
        in_sitemaps(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", in_sitemaps(views.robots_txt), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", site_page(views.web_manifest), name="manifest"),
    path("", include("articles.urls")),
]
