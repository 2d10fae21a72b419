"""The endpoint open pages poll: answered from the story's cache tag."""

import pytest
from django.test import TestCase

from articles.models import Article
from live.models import LiveUpdate
from newsroom.caching import tags

pytestmark = pytest.mark.django_db


def poll(client, story, etag=None):
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    return client.get(f"/live/{story.pk}/updates/", **headers)


def test_a_poll_returns_the_newest_updates_with_a_cacheable_etag(client, story, post_update):
    update = post_update(headline="Delegations arrive")
    response = poll(client, story)
    assert response.status_code == 200
    assert f'data-update-id="{update.pk}"' in response.content.decode()
    assert "Delegations arrive" in response.content.decode()
    version = tags.versions([f"live:{story.pk}"])[f"live:{story.pk}"]
    assert response["ETag"] == f'"{version}"'
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"
    assert response["Surrogate-Key"] == f"live:{story.pk} article:{story.pk}"


def test_an_unchanged_story_answers_304_without_touching_the_database(
    client, story, post_update, django_assert_num_queries
):
    post_update()
    etag = poll(client, story)["ETag"]
    with django_assert_num_queries(0):
        response = poll(client, story, etag)
        weak = poll(client, story, f"W/{etag}")  # as sent back after a gzipped answer
    assert (response.status_code, weak.status_code) == (304, 304)
    assert response["ETag"] == etag
    assert response.content == b""


def test_a_new_update_answers_200_with_it_at_the_next_poll(client, story, post_update):
    post_update(headline="First")
    etag = poll(client, story)["ETag"]
    newest = post_update(headline="Prisoner exchange agreed")
    response = poll(client, story, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    html = response.content.decode()
    assert html.index(f'data-update-id="{newest.pk}"') < html.index("First")


def test_a_repeated_poll_of_one_version_is_rendered_once(
    client, story, post_update, django_assert_num_queries
):
    post_update()
    poll(client, story)
    with django_assert_num_queries(0):
        assert poll(client, story).status_code == 200


@pytest.mark.parametrize("change", ["edit", "delete", "correction", "unpublish"])
def test_every_change_readers_see_changes_the_version(client, story, post_update, change):
    update = post_update(headline="Original")
    etag = poll(client, story)["ETag"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        if change == "edit":
            update.headline = "Edited"
            update.save()
        elif change == "delete":
            update.delete()
        elif change == "correction":
            update.notes.create(text="The time was wrong.")
        else:
            story.status = Article.Status.UNPUBLISHED
            story.save()
    response = poll(client, story, etag)
    if change == "unpublish":
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response["ETag"] != etag


def test_an_update_bumps_the_story_and_its_live_tags_only(story, post_update):
    before = tags.versions([f"live:{story.pk}", f"article:{story.pk}", "home", "feeds"])
    post_update()
    after = tags.versions(before)
    assert after[f"live:{story.pk}"] != before[f"live:{story.pk}"]
    assert after[f"article:{story.pk}"] != before[f"article:{story.pk}"]
    assert (after["home"], after["feeds"]) == (before["home"], before["feeds"])


def test_opening_or_closing_coverage_bumps_the_lists(story):
    before = tags.versions(["home", "feeds", f"section:{story.section_id}", f"live:{story.pk}"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        story.live_until = story.live_from.replace(year=story.live_from.year + 1)
        story.save()
    after = tags.versions(before)
    assert all(after[tag] != version for tag, version in before.items())


def test_a_story_without_coverage_or_unpublished_has_no_endpoint(client, article, story):
    assert poll(client, article).status_code == 404
    Article.objects.filter(pk=story.pk).update(status=Article.Status.DRAFT)
    assert poll(client, story).status_code == 404
    assert client.get("/live/999999/updates/").status_code == 404


def test_the_endpoint_refuses_writes(client, story):
    assert client.post(f"/live/{story.pk}/updates/").status_code == 405


def test_the_newest_twenty_are_sent(client, story, post_update):
    for minutes in range(25):
        post_update(minutes_ago=minutes)
    html = poll(client, story).content.decode()
    assert html.count("data-update-id=") == 20
    assert LiveUpdate.objects.count() == 25
