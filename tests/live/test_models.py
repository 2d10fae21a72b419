from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles.models import Article
from live import services
from live.models import LiveUpdate

pytestmark = pytest.mark.django_db


def post(article, by, **fields):
    return services.live_update_post(article=article, by=by, body="<p>News.</p>", **fields)


def test_a_writer_posts_to_a_live_story_they_are_bylined_on(story, writer):
    update = post(story, writer)
    assert LiveUpdate.objects.get() == update
    assert update.created_by == writer
    assert [a.user for a in update.authors.all()] == [writer]


def test_a_writer_may_not_post_to_a_story_they_are_not_bylined_on(other_story, writer):
    with pytest.raises(PermissionDenied):
        post(other_story, writer)
    assert not LiveUpdate.objects.exists()


def test_an_editor_posts_to_any_live_story(other_story, editor, story):
    post(other_story, editor)
    post(story, editor)
    assert LiveUpdate.objects.count() == 2


def test_nobody_posts_to_a_story_whose_coverage_ended_or_that_is_not_live(story, editor):
    Article.objects.filter(pk=story.pk).update(live_until=timezone.now() - timedelta(minutes=1))
    story.refresh_from_db()
    with pytest.raises(PermissionDenied):
        post(story, editor)
    Article.objects.filter(pk=story.pk).update(live_from=None, live_until=None)
    story.refresh_from_db()
    with pytest.raises(PermissionDenied):
        post(story, editor)


def test_a_user_without_the_permission_posts_nowhere(story, django_user_model):
    staff = django_user_model.objects.create_user("intern", is_staff=True)
    with pytest.raises(PermissionDenied):
        post(story, staff)


def test_a_writer_changes_updates_of_their_own_stories_only(story, other_story, writer, editor):
    own = post(story, editor)
    other = post(other_story, editor)
    assert list(services.updates_editable_by(writer)) == [own]
    other.headline = "Rewritten"
    with pytest.raises(PermissionDenied):
        services.live_update_save(update=other, by=writer)
    own.headline = "Sharper"
    services.live_update_save(update=own, by=writer)
    assert LiveUpdate.objects.get(pk=own.pk).headline == "Sharper"


def test_the_body_is_sanitised_on_save(story, editor):
    update = post(story, editor)
    update.body = (
        '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:x()">link</a>'
        '<img src="x.png" onerror="boom()"></p><iframe src="https://evil.test"></iframe>'
    )
    update.save()
    body = LiveUpdate.objects.get(pk=update.pk).body
    assert body == '<p>Hi <a rel="noopener noreferrer">link</a><img src="x.png"></p>'


def test_pinning_an_update_unpins_the_stories_other(story, editor):
    first = post(story, editor, pinned=True)
    second = post(story, editor, pinned=True)
    assert list(LiveUpdate.objects.filter(is_pinned=True)) == [second]
    assert not LiveUpdate.objects.get(pk=first.pk).is_pinned


def test_an_update_may_not_be_dated_in_the_future(story):
    update = LiveUpdate(
        article=story, body="<p>x</p>", posted_at=timezone.now() + timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        update.full_clean(exclude=["authors"])
    assert "posted_at" in error.value.message_dict


def test_coverage_is_live_between_its_start_and_its_end(story):
    now = timezone.now()
    assert story.is_live and list(Article.objects.live()) == [story]
    story.live_until = now - timedelta(seconds=1)
    assert not story.is_live and story.live_coverage_ended
    story.save()
    assert not Article.objects.live().exists()
    story.live_from, story.live_until = now + timedelta(hours=1), None
    assert not story.is_live and not story.live_coverage_ended


def test_coverage_must_end_after_it_starts(story):
    story.live_until = story.live_from - timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "live_until" in error.value.message_dict


def test_coverage_opening_and_closing_are_timed_changes_for_the_page_cache(story):
    from articles.models import timed_changes

    ends = timezone.now() + timedelta(minutes=5)
    Article.objects.filter(pk=story.pk).update(live_until=ends)
    upcoming, passed = timed_changes()
    assert upcoming == ends
    assert passed >= story.live_from


def test_an_update_keeps_revisions(story, editor):
    from reversion.models import Version

    update = post(story, editor, headline="First")
    assert Version.objects.get_for_object(update).count() == 1
