from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import Article, Topic
from authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/", "/world/feed/", "/world/feed/atom/", "/authors/writer/feed/",
         "/authors/writer/feed/atom/", "/topics/climate/feed/", "/topics/climate/feed/atom/"]  # fmt: skip


@pytest.fixture
def stories(db):
    author = AuthorFactory(name="Wendy Writer", slug="writer")
    climate = Topic.objects.create(name="Climate", slug="climate")
    published = ArticleFactory(
        title="Glaciers & rivers <melting>",
        standfirst="Ice is going fast.",
        section__name="World",
        section__slug="world",
        authors=[author],
    )
    published.topics.add(climate)
    ArticleFactory(title="Draft story", status=Article.Status.DRAFT, authors=[author],
                   section__slug="world").topics.add(climate)  # fmt: skip
    ArticleFactory(title="Scheduled story", published_at=timezone.now() + timedelta(days=1),
                   authors=[author], section__slug="world").topics.add(climate)  # fmt: skip
    return published


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_is_well_formed_and_lists_only_published_stories(client, stories, url):
    _, feed = parse(client, url)
    assert [entry.title for entry in feed.entries] == ["Glaciers & rivers <melting>"]
    entry = feed.entries[0]
    # Feeds and sitemaps build links from the Site's domain, as django.contrib does.
    assert entry.link == "http://example.com" + stories.get_absolute_url()
    assert entry.author == "Wendy Writer"
    assert {tag.term for tag in entry.tags} == {"World", "Climate"}
    assert "Ice is going fast." in entry.summary


def test_rss_feed_is_rss_2_and_atom_feed_is_atom(client, stories):
    _, rss = parse(client, "/feed/")
    _, atom = parse(client, "/feed/atom/")
    assert rss.version == "rss20"
    assert atom.version == "atom10"
    assert rss.feed.title == atom.feed.title == "Newsroom"


def test_feed_carries_the_hero_image_as_an_enclosure(client, stories, jpeg_upload):
    stories.hero_image.save("hero.jpg", jpeg_upload(1600, 900))
    _, feed = parse(client, "/feed/")
    (enclosure,) = feed.entries[0].enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.startswith("http://example.com/media/renditions/")
    assert enclosure.href.endswith("/1200w.jpeg")
    assert int(enclosure.length) > 0


def test_unknown_section_author_or_topic_feed_is_404(client, stories):
    for url in ["/nowhere/feed/", "/authors/nobody/feed/", "/topics/nothing/feed/atom/"]:
        assert client.get(url).status_code == 404


def test_pages_advertise_their_feeds(client, stories):
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Newsroom" href="/feed/">' in home
    )
    section = client.get("/world/").content.decode()
    assert 'type="application/rss+xml" title="World | Newsroom" href="/world/feed/"' in section
    assert (
        'type="application/atom+xml" title="World | Newsroom (Atom)" href="/world/feed/atom/"'
        in section
    )
    author = client.get("/authors/writer/").content.decode()
    assert 'href="/authors/writer/feed/"' in author


def test_feed_query_count_does_not_grow_with_the_number_of_stories(
    client, stories, django_assert_num_queries
):
    client.get("/feed/")
    # articles, bylines with authors, topics (the site is cached)
    with django_assert_num_queries(3):
        client.get("/feed/")
    ArticleFactory.create_batch(10, section=stories.section)
    client.get("/feed/")  # the page cache looks up the next scheduled story once per change
    with django_assert_num_queries(3):
        client.get("/feed/")
