"""The front page: the editors' pins or the newest stories, and every story listed once."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article, FrontPagePin

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def lead_title(html):
    return re.search(
        r'<h2 class="lead-title" id="lead-heading"><a href="[^"]+">([^<]+)</a>', html
    ).group(1)


def featured_titles(html):
    block = re.search(r'<section class="featured"(.*?)</section>', html, re.S)
    return (
        re.findall(r'class="card-title"><a href="[^"]+">([^<]+)<', block.group(1)) if block else []
    )


def story_links(html):
    """Every link to a story on the page (story URLs have a date in them)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.findall(r'href="(/[\w-]+/\d{4}/\d{2}/\d{2}/[\w-]+/)"', main)


@pytest.fixture
def newsroom(db):
    """23 stories over three sections, one every hour, newest first: World 0 is the newest."""
    sections = [SectionFactory(name=name, slug=name.lower(), order=order)
                for order, name in enumerate(["World", "Politics", "Science"])]  # fmt: skip
    stories = []
    for n in range(23):
        section = sections[n % 3]
        stories.append(ArticleFactory(title=f"{section.name} {n}", section=section,
                                      published_at=hours_ago(1 + n)))  # fmt: skip
    return stories


def test_without_pins_the_newest_story_leads_and_the_next_four_are_featured(client, newsroom):
    html = client.get("/").content.decode()
    assert lead_title(html) == "World 0"
    assert featured_titles(html) == ["Politics 1", "Science 2", "World 3", "Politics 4"]


def test_no_story_appears_twice_on_the_home_page(client, newsroom):
    html = client.get("/").content.decode()
    links = story_links(html)
    assert len(links) == len(set(links))
    # lead + 4 featured + 3 per section + the first 12 of the rest
    assert len(links) == 1 + 4 + 9 + 9


def test_page_one_and_the_later_pages_list_every_story_exactly_once(client, db):
    ArticleFactory.create_batch(40, section=SectionFactory(slug="world"))
    seen = []
    for page in (1, 2, 3):
        seen += story_links(client.get("/", {"page": page}).content.decode())
    assert sorted(seen) == sorted(a.get_absolute_url() for a in Article.objects.all())
    assert client.get("/", {"page": 4}).status_code == 404


def test_the_lead_pin_leads_and_featured_pins_come_first_in_their_order(client, newsroom):
    older = newsroom[15]
    FrontPagePin.objects.create(article=older, slot=FrontPagePin.Slot.LEAD)
    FrontPagePin.objects.create(article=newsroom[20], slot=FrontPagePin.Slot.FEATURED, order=2)
    FrontPagePin.objects.create(article=newsroom[18], slot=FrontPagePin.Slot.FEATURED, order=1)
    html = client.get("/").content.decode()
    assert lead_title(html) == older.title
    assert featured_titles(html) == [
        newsroom[18].title,
        newsroom[20].title,
        "World 0",
        "Politics 1",
    ]
    links = story_links(html)
    assert len(links) == len(set(links))


def test_an_expired_pin_and_a_pin_on_an_unpublished_story_are_ignored(client, newsroom):
    FrontPagePin.objects.create(article=newsroom[10], slot=FrontPagePin.Slot.LEAD,
                                expires_at=timezone.now() - timedelta(minutes=1))  # fmt: skip
    draft = ArticleFactory(title="Draft", status=Article.Status.DRAFT)
    FrontPagePin.objects.create(article=draft, slot=FrontPagePin.Slot.FEATURED)
    html = client.get("/").content.decode()
    assert lead_title(html) == "World 0"
    assert "Draft" not in html


def test_a_pinned_scheduled_story_leads_once_it_goes_live(client, newsroom):
    publish_at = timezone.now() + timedelta(minutes=30)
    scheduled = ArticleFactory(title="Embargoed", published_at=publish_at)
    FrontPagePin.objects.create(article=scheduled, slot=FrontPagePin.Slot.LEAD)
    assert lead_title(client.get("/").content.decode()) == "World 0"
    with mock.patch("django.utils.timezone.now", return_value=publish_at):
        assert lead_title(client.get("/").content.decode()) == "Embargoed"


def test_home_page_query_count_stays_the_same_with_more_stories_and_pins(
    client, newsroom, django_assert_num_queries
):
    client.get("/")  # warms the site, navigation and publish-time caches
    # pins, newest, newest per section, count, the page, bylines of the top stories
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200
    FrontPagePin.objects.create(article=newsroom[12], slot=FrontPagePin.Slot.LEAD)
    FrontPagePin.objects.create(article=newsroom[14], slot=FrontPagePin.Slot.FEATURED)
    ArticleFactory.create_batch(10, section=newsroom[0].section)
    client.get("/")
    with django_assert_num_queries(6):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(5):  # later pages need no bylines
        assert client.get("/", {"page": 2}).status_code == 200
