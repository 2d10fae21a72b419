"""The live story's page: key events, pinned update, updates, labels, pages, comments."""

import re
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from live.factories import LiveUpdateFactory

pytestmark = pytest.mark.django_db


def page(client, story, query=""):
    response = client.get(story.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def update_ids(html):
    return [int(pk) for pk in re.findall(r'data-update-id="(\d+)"', html)]


def test_the_page_lists_key_events_then_the_pinned_update_then_the_rest_newest_first(
    client, story, post_update
):
    old_key = post_update(minutes_ago=50, headline="Talks open", is_key_event=True)
    pinned = post_update(minutes_ago=40, headline="What is on the table", is_pinned=True)
    plain = post_update(minutes_ago=30)
    new_key = post_update(minutes_ago=10, headline="Exchange agreed", is_key_event=True)

    html = page(client, story)
    html = html[html.index('id="live"') :]
    key_events = html[html.index("Key events") : html.index("</nav>", html.index("Key events"))]
    assert re.findall(r'href="[^"]*#update-(\d+)"', key_events) == [
        str(new_key.pk),
        str(old_key.pk),
    ]
    assert update_ids(html) == [pinned.pk, new_key.pk, plain.pk, old_key.pk]
    assert html.index("Key events") < html.index("What is on the table")


def test_each_update_shows_its_local_time_author_permalink_and_share_link(
    client, story, post_update, settings
):
    settings.TIME_ZONE = "Europe/Kyiv"
    update = post_update(headline="Sirens in the east")
    local = timezone.localtime(
        update.posted_at, timezone=__import__("zoneinfo").ZoneInfo("Europe/Kyiv")
    )
    html = page(client, story)
    block = html[html.index(f'id="update-{update.pk}"') :]
    block = block[: block.index("</article>")]
    assert f">{local:%H:%M}</time>" in block
    assert f'href="{story.get_absolute_url()}#update-{update.pk}"' in block
    assert "Wendy Writer" in block
    assert f'href="/live/{story.pk}/updates/{update.pk}/"' in block


def test_the_share_link_finds_the_update_on_whichever_page_shows_it(client, story):
    oldest = LiveUpdateFactory(article=story, posted_at=timezone.now() - timedelta(hours=2))
    for minutes in range(50):
        LiveUpdateFactory(article=story, posted_at=timezone.now() - timedelta(minutes=minutes))
    response = client.get(f"/live/{story.pk}/updates/{oldest.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{story.get_absolute_url()}?page=2#update-{oldest.pk}"
    assert client.get(f"/live/{story.pk}/updates/999999/").status_code == 404


def test_beyond_fifty_updates_older_ones_are_on_plain_numbered_pages(client, story):
    now = timezone.now()
    updates = [
        LiveUpdateFactory(article=story, posted_at=now - timedelta(minutes=m)) for m in range(55)
    ]
    key = updates[-1]
    key.is_key_event = True
    key.save()
    first, second = page(client, story), page(client, story, "?page=2")
    assert update_ids(first) == [u.pk for u in updates[:50]]
    assert update_ids(second) == [u.pk for u in updates[50:]]
    assert 'href="?page=2#live" rel="next">Older updates' in first
    assert f'href="{story.get_absolute_url()}#live" rel="prev">Newer updates' in second
    # The key event on page 2 is linked from page 1's list.
    assert f'href="{story.get_absolute_url()}?page=2#update-{key.pk}"' in first


@pytest.mark.parametrize("bad", ["?page=3", "?page=abc", "?page=0"])
def test_a_page_that_does_not_exist_is_a_404(client, story, post_update, bad):
    post_update()
    assert client.get(story.get_absolute_url() + bad).status_code == 404


def test_the_live_label_shows_on_the_story_home_section_and_feeds_while_open(client, story):
    assert 'class="live-label">Live</span>' in page(client, story)
    assert 'class="live-label">Live</span>' in client.get("/").content.decode()
    assert 'class="live-label">Live</span>' in client.get("/world/").content.decode()
    feed = client.get("/feed/").content.decode()
    assert "<title>LIVE: Talks in Geneva</title>" in feed
    assert "<category>Live</category>" in feed


def test_when_coverage_ends_the_label_goes_and_the_page_says_when(client, story, post_update):
    post_update()
    ended = timezone.now() - timedelta(minutes=5)
    Article.objects.filter(pk=story.pk).update(live_until=ended)
    html = page(client, story)
    assert "live-label" not in html
    assert "live-label" not in client.get("/").content.decode()
    assert "LIVE:" not in client.get("/feed/").content.decode()
    assert (
        f'Coverage ended at <time datetime="{timezone.localtime(ended):%Y-%m-%dT%H:%M:%S}' in html
    )
    assert "data-live-poll" not in html  # nothing left to ask for


def test_the_page_links_its_updates_feed_and_first_party_script_only(client, story):
    html = page(client, story)
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Live updates: Talks in Geneva"'
        f' href="/live/{story.pk}/feed/">' in html
    )
    scripts = re.findall(r"<script[^>]*>", html)
    assert all('src="/static/' in tag or "application/ld+json" in tag for tag in scripts)
    assert 'src="/static/live/live.js"' in html
    assert data_attribute(html, "data-live-interval") == "30"


def data_attribute(html, name):
    return re.search(rf'{name}="([^"]*)"', html).group(1)


def test_an_article_without_coverage_has_no_live_section(client, article):
    html = page(client, article)
    assert 'id="live"' not in html and "live.js" not in html


def test_the_live_page_costs_a_fixed_number_of_queries(
    client, story, post_update, django_assert_num_queries
):
    for minutes in range(5):
        post_update(minutes_ago=minutes, is_key_event=minutes == 3, is_pinned=minutes == 4)
    client.get(story.get_absolute_url())
    with django_assert_num_queries(12):
        client.get(story.get_absolute_url())
    for minutes in range(10, 20):
        post_update(minutes_ago=minutes, is_key_event=True)
    client.get(story.get_absolute_url())  # the page cache looks up its timed changes once
    with django_assert_num_queries(12):
        client.get(story.get_absolute_url())


def test_staff_see_a_post_an_update_link_readers_do_not(client, story, editor):
    assert "Post an update" not in page(client, story)
    client.force_login(editor)
    assert f'href="/admin/live/liveupdate/add/?article={story.pk}">Post an update' in page(
        client, story
    )


def test_comments_work_on_a_live_story(client, story):
    from comments.models import Comment
    from tests.comments.conftest import approve, form_data

    response = client.post("/comments/post/", form_data(story, comment="Following from Kyiv"))
    assert response.status_code == 302
    approve(Comment.objects.get())
    html = page(client, story)
    assert "Following from Kyiv" in html
    assert html.index('id="live"') < html.index("Following from Kyiv")


def test_the_atom_feed_lists_the_updates_newest_first(client, story, post_update):
    import feedparser

    older = post_update(minutes_ago=5, headline="Talks open")
    newer = post_update(body="<p>Sirens <script>x()</script>in the east.</p>")
    response = client.get(f"/live/{story.pk}/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Live: Talks in Geneva | Newsroom"
    assert [entry.link for entry in feed.entries] == [
        f"http://example.com/live/{story.pk}/updates/{newer.pk}/",
        f"http://example.com/live/{story.pk}/updates/{older.pk}/",
    ]
    assert feed.entries[1].title == "Talks open"
    assert feed.entries[0].title == "Sirens in the east."
    assert "script" not in feed.entries[0].summary
    assert feed.entries[0].author == "Wendy Writer"
    etag = response["ETag"]
    assert client.get(f"/live/{story.pk}/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    with TestCase.captureOnCommitCallbacks(execute=True):
        newer.delete()
    assert client.get(f"/live/{story.pk}/feed/", HTTP_IF_NONE_MATCH=etag).status_code == 200
