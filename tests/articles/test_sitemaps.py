import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import Article, Topic
from authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}  # fmt: skip


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # raises on malformed XML
    return root, [loc.text for loc in root.findall("s:url/s:loc", NS)]


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


def test_sitemap_query_count_does_not_grow_with_content(client, content, django_assert_num_queries):
    client.get("/sitemap.xml")
    # a count and a page for each of articles, sections, topics, authors and legal pages
    with django_assert_num_queries(10):
        client.get("/sitemap.xml")
    ArticleFactory.create_batch(5, section=content[0].section)
    client.get("/sitemap.xml")  # the page cache looks up the next scheduled story once per change
    with django_assert_num_queries(10):
        client.get("/sitemap.xml")
