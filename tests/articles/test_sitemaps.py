import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import Article, Topic
from authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}  # fmt: skip


def locations(client, url):
    """The sitemap's root and URLs; for the index, its pages' URLs."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # raises on malformed XML
    pages = [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]
    if not pages:
        return root, [loc.text for loc in root.findall("s:url/s:loc", NS)]
    urls, entries = [], ET.Element("urlset")
    for page in pages:
        page_root, page_urls = locations(client, page.removeprefix("http://example.com"))
        urls += page_urls
        entries.extend(page_root.findall("s:url", NS))
    return entries, urls


@pytest.fixture
def content(db):
    visible, hidden = AuthorFactory(slug="visible"), AuthorFactory(slug="hidden")
    shown, unused = (
        Topic.objects.create(name="Shown", slug="shown"),
        Topic.objects.create(name="Unused", slug="unused"),
    )
    old = ArticleFactory(title="Old news", published_at=timezone.now() - timedelta(days=5),
                         authors=[visible], section__slug="world")  # fmt: skip
    old.topics.add(shown)
    fresh = ArticleFactory(title="Fresh news", authors=[visible], section__slug="world")
    ArticleFactory(title="Draft", status=Article.Status.DRAFT, authors=[hidden]).topics.add(unused)
    ArticleFactory(title="Scheduled", published_at=timezone.now() + timedelta(hours=2),
                   authors=[hidden]).topics.add(unused)  # fmt: skip
    return old, fresh


def test_sitemap_lists_published_articles_sections_authors_topics_and_legal_pages(client, content):
    old, fresh = content
    _, urls = locations(client, "/sitemap.xml")
    paths = {url.removeprefix("http://example.com") for url in urls}
    assert {old.get_absolute_url(), fresh.get_absolute_url()} <= paths
    assert {"/world/", "/authors/visible/", "/topics/shown/", "/terms/", "/privacy/"} <= paths
    assert "/authors/hidden/" not in paths
    assert "/topics/unused/" not in paths
    assert not [path for path in paths if "draft" in path or "scheduled" in path]


def test_sitemap_gives_articles_their_last_modification(client, content):
    old, _ = content
    old.updated_at = old.published_at + timedelta(days=1)
    old.save()
    root, _ = locations(client, "/sitemap.xml")
    entry = next(
        u
        for u in root.findall("s:url", NS)
        if u.find("s:loc", NS).text.endswith(old.get_absolute_url())
    )
    assert entry.find("s:lastmod", NS).text == old.updated_at.date().isoformat()


@pytest.mark.parametrize("updated", [False, True])
def test_sitemap_index_dates_the_articles_by_the_latest_publication_or_update(
    client, content, updated
):
    old, fresh = content
    if updated:
        old.updated_at = timezone.now() - timedelta(minutes=1)
        old.save()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entry = next(s for s in root.findall("s:sitemap", NS) if "articles" in s.find("s:loc", NS).text)
    lastmod = datetime.fromisoformat(entry.find("s:lastmod", NS).text)
    assert lastmod == (old.updated_at if updated else fresh.published_at)


def test_news_sitemap_lists_only_stories_of_the_last_two_days(client, content):
    old, fresh = content
    root, urls = locations(client, "/sitemap-news.xml")
    assert urls == ["http://example.com" + fresh.get_absolute_url()]
    news = root.find("s:url/news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "en"
    assert news.find("news:title", NS).text == "Fresh news"
    assert news.find("news:publication_date", NS).text == fresh.published_at.isoformat()


def test_news_sitemap_escapes_titles(client, db):
    ArticleFactory(title="Bread & <butter>", slug="bread-butter")
    root, _ = locations(client, "/sitemap-news.xml")
    assert root.find("s:url/news:news/news:title", NS).text == "Bread & <butter>"


def test_robots_txt_points_at_both_sitemaps(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the index: a count for each part (legal pages twice), the articles' latest
        # publication and latest update
        ("/sitemap.xml", 8),
        ("/sitemap-articles.xml", 2),  # a count and the page of articles
    ],
)
def test_sitemap_query_count_does_not_grow_with_content(
    client, content, django_assert_num_queries, url, queries
):
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    ArticleFactory.create_batch(5, section=content[0].section)
    client.get(url)  # the page cache looks up the next scheduled story once per change
    with django_assert_num_queries(queries):
        client.get(url)


def test_sitemap_index_splits_articles_into_pages(client, content, monkeypatch):
    from articles.sitemaps import PagedSitemap

    monkeypatch.setattr(PagedSitemap, "limit", 2)
    ArticleFactory.create_batch(3)  # 5 published articles: 3 pages of at most 2
    root = ET.fromstring(client.get("/sitemap.xml").content)
    pages = [loc.text for loc in root.findall("s:sitemap/s:loc", NS) if "articles" in loc.text]
    assert pages == [
        "http://example.com/sitemap-articles.xml",
        "http://example.com/sitemap-articles.xml?p=2",
        "http://example.com/sitemap-articles.xml?p=3",
    ]
    _, last = locations(client, "/sitemap-articles.xml?p=3")
    assert len(last) == 1
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
