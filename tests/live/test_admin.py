"""Posting, editing and deleting updates in the admin, checked on the server."""

import pytest
from django.utils import timezone

from live.factories import LiveUpdateFactory
from live.models import LiveUpdate

pytestmark = pytest.mark.django_db

ADD = "/admin/live/liveupdate/add/"


def form(story, **overrides):
    now = timezone.localtime()
    data = {
        "article": story.pk,
        "headline": "",
        "body": "<p>Delegations arrive.</p>",
        "authors": [a.pk for a in story.authors.all()],
        "posted_at_0": now.strftime("%Y-%m-%d"),
        "posted_at_1": now.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return data


def test_a_writer_posts_to_their_live_story_and_lands_on_a_fresh_form(writer_client, story):
    response = writer_client.post(ADD, form(story, headline="Talks open", is_key_event="on"))
    assert response.status_code == 302
    assert response["Location"] == f"{ADD}?article={story.pk}"
    update = LiveUpdate.objects.get()
    assert (update.article, update.headline, update.is_key_event) == (story, "Talks open", True)
    assert update.created_by.username == "wendy"


def test_the_form_offers_a_writer_only_their_open_live_stories(writer_client, story, other_story):
    html = writer_client.get(ADD).content.decode()
    assert "Talks in Geneva" in html
    assert "Storm on the coast" not in html


def test_a_forged_post_to_another_story_is_refused(writer_client, story, other_story):
    response = writer_client.post(ADD, form(other_story))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_an_editor_posts_to_any_live_story(editor_client, other_story):
    assert editor_client.post(ADD, form(other_story)).status_code == 302
    assert LiveUpdate.objects.get().article == other_story


def test_the_body_posted_is_sanitised(editor_client, story):
    editor_client.post(
        ADD, form(story, body="<p>Hi<script>alert(1)</script></p><img src=x onerror=y>")
    )
    assert LiveUpdate.objects.get().body == '<p>Hi</p><img src="x">'


@pytest.mark.parametrize("field,value", [("body", ""), ("posted_at_0", "2999-01-01"),
                                         ("posted_at_0", "not a date"), ("article", "abc")])  # fmt: skip
def test_bad_input_is_a_form_error(editor_client, story, field, value):
    response = editor_client.post(ADD, form(story, **{field: value}))
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_a_writer_cannot_open_change_or_delete_updates_of_other_stories(
    writer_client, story, other_story
):
    own = LiveUpdateFactory(article=story)
    other = LiveUpdateFactory(article=other_story)
    url = f"/admin/live/liveupdate/{other.pk}/change/"
    assert writer_client.get(url).status_code in (302, 403, 404)
    data = form(other_story, body="<p>Hijacked</p>")
    assert writer_client.post(url, data).status_code in (302, 403, 404)
    assert writer_client.post(f"/admin/live/liveupdate/{other.pk}/delete/", {"post": "yes"}
                              ).status_code in (302, 403, 404)  # fmt: skip
    other.refresh_from_db()
    assert other.body != "<p>Hijacked</p>"
    changelist = writer_client.get("/admin/live/liveupdate/").content.decode()
    assert f"/admin/live/liveupdate/{own.pk}/change/" in changelist
    assert f"/admin/live/liveupdate/{other.pk}/change/" not in changelist


def test_a_writer_edits_and_deletes_their_own_update(writer_client, story):
    update = LiveUpdateFactory(article=story)
    url = f"/admin/live/liveupdate/{update.pk}/change/"
    data = form(story, body="<p>Corrected text.</p>")
    data.update({"notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0"})
    assert writer_client.post(url, data).status_code == 302
    update.refresh_from_db()
    assert update.body == "<p>Corrected text.</p>"
    writer_client.post(f"/admin/live/liveupdate/{update.pk}/delete/", {"post": "yes"})
    assert not LiveUpdate.objects.exists()


def test_an_editor_adds_a_correction_shown_with_the_update(editor_client, client, story):
    update = LiveUpdateFactory(article=story)
    url = f"/admin/live/liveupdate/{update.pk}/change/"
    data = form(story, body=update.body)
    data.update({
        "notes-TOTAL_FORMS": "1", "notes-INITIAL_FORMS": "0",
        "notes-0-kind": "correction", "notes-0-noted_at_0": timezone.localdate().isoformat(),
        "notes-0-noted_at_1": "10:00:00", "notes-0-text": "An earlier version gave the wrong city.",
    })  # fmt: skip
    assert editor_client.post(url, data).status_code == 302
    html = client.get(story.get_absolute_url()).content.decode()
    assert "An earlier version gave the wrong city." in html
    from reversion.models import Version

    latest = Version.objects.get_for_object(update).first().revision
    assert {v.object_repr for v in latest.version_set.all()} >= {str(update.notes.get())}


def test_edits_are_kept_as_revisions(editor_client, story):
    from reversion.models import Version

    editor_client.post(ADD, form(story, headline="First"))
    update = LiveUpdate.objects.get()
    data = form(story, headline="Second")
    data.update({"notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0"})
    editor_client.post(f"/admin/live/liveupdate/{update.pk}/change/", data)
    versions = Version.objects.get_for_object(update)
    assert [v.field_dict["headline"] for v in versions] == ["Second", "First"]


def test_editors_set_coverage_on_the_article_writers_cannot(client, editor, writer, article):
    url = f"/admin/articles/article/{article.pk}/change/"
    client.force_login(editor)
    assert 'name="live_from_0"' in client.get(url).content.decode()
    article.bylines.update(author=writer.author_profile)
    article.status = article.Status.DRAFT
    article.save()
    client.force_login(writer)
    html = client.get(url).content.decode()
    assert "Live coverage" in html and 'name="live_from_0"' not in html
