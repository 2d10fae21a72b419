from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.factories import ArticleFactory
from articles.models import Article

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_scheduled_article_goes_live_exactly_at_its_publish_time_with_no_worker(editor, client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    with frozen(NOW - timedelta(days=1)):
        services.article_schedule(article=article, by=editor, at=NOW)
        assert list(Article.objects.scheduled()) == [article]
        assert article.editorial_status() == "Scheduled"
        assert client.get(article.get_absolute_url()).status_code == 404
    with frozen(NOW - timedelta(seconds=1)):
        assert not Article.objects.published().exists()
    with frozen(NOW):
        assert list(Article.objects.published()) == [article]
        assert not Article.objects.scheduled().exists()
        assert article.editorial_status() == "Published"
        assert client.get(article.get_absolute_url()).status_code == 200
    with frozen(NOW + timedelta(days=1)):
        assert list(Article.objects.published()) == [article]


def test_schedule_refuses_a_time_in_the_past(editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError):
        services.article_schedule(article=article, by=editor, at=timezone.now() - timedelta(1))


def test_writer_cannot_publish_or_unpublish(writer):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, created_by=writer)
    with pytest.raises(PermissionDenied):
        services.article_publish(article=article, by=writer)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    published = ArticleFactory()
    with pytest.raises(PermissionDenied):
        services.article_unpublish(article=published, by=writer)


def test_writer_submits_own_draft_but_not_someone_elses(writer, other_writer):
    own = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    services.article_submit_for_review(article=own, by=writer)
    own.refresh_from_db()
    assert own.status == Article.Status.REVIEW

    theirs = ArticleFactory(status=Article.Status.DRAFT, published_at=None, created_by=other_writer)
    with pytest.raises(PermissionDenied):
        services.article_submit_for_review(article=theirs, by=writer)


def test_bylined_writer_owns_the_article_too(writer):
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, authors=[writer.author_profile]
    )
    assert services.can_edit(writer, article)


def test_publish_sets_the_time_once_and_unpublish_keeps_it(editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    with frozen(NOW):
        services.article_publish(article=article, by=editor)
    assert article.published_at == NOW
    services.article_unpublish(article=article, by=editor)
    assert article.status == Article.Status.UNPUBLISHED
    services.article_publish(article=article, by=editor)
    assert article.published_at == NOW  # the URL contains the date: it must not move


def test_each_workflow_step_is_a_revision_with_who_and_what(editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    services.article_publish(article=article, by=editor)
    services.article_unpublish(article=article, by=editor)
    versions = Version.objects.get_for_object(article)
    assert [v.revision.get_comment() for v in versions] == ["Unpublished", "Published"]
    assert {v.revision.user for v in versions} == {editor}


def test_send_back_needs_an_editor_a_story_in_review_and_a_note(editor, writer):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, created_by=writer)
    with pytest.raises(PermissionDenied):
        services.article_send_back(article=article, by=writer, note="Mine is fine")
    with pytest.raises(ValidationError):
        services.article_send_back(article=article, by=editor, note="  ")
    with frozen(NOW):
        services.article_send_back(article=article, by=editor, note="Check the figures.")
    article.refresh_from_db()
    assert (article.status, article.review_note) == (Article.Status.DRAFT, "Check the figures.")
    assert (article.review_note_by, article.review_note_at) == (editor, NOW)
    with pytest.raises(ValidationError):  # a draft is not in review any more
        services.article_send_back(article=article, by=editor, note="Again")
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(article)]
    assert comments == ["Sent back to the writer: Check the figures."]


def test_a_workflow_step_writes_only_the_workflow_fields(editor):
    """The rest of the article is the form's to save: a stale copy cannot undo it."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, title="Old")
    stale = Article.objects.get(pk=article.pk)
    article.title = "New"
    article.save()
    services.article_publish(article=stale, by=editor)
    article.refresh_from_db()
    assert (article.title, article.status) == ("New", Article.Status.PUBLISHED)


def test_publish_time_label_names_the_time_zone():
    from datetime import UTC, datetime

    assert services.publish_time_label(datetime(2026, 12, 4, 7, 0, tzinfo=UTC)) == (
        "4 Dec, 07:00 (Europe/London)"
    )
    assert services.publish_time_label(datetime(2026, 7, 4, 6, 30, tzinfo=UTC)) == (
        "4 Jul, 07:30 (Europe/London)"
    )
