from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import Article, ArticleRedirect
from newsroom.sanitizer import sanitize_rich_text

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_published_queryset_honours_the_publish_time_to_the_second():
    article = ArticleFactory(published_at=NOW)
    with frozen(NOW - timedelta(seconds=1)):
        assert list(Article.objects.published()) == []
        assert not article.is_published()
    with frozen(NOW):
        assert list(Article.objects.published()) == [article]
        assert article.is_published()
    with frozen(NOW + timedelta(days=1)):
        assert list(Article.objects.published()) == [article]


@pytest.mark.parametrize("status", ["draft", "review", "unpublished"])
def test_only_published_status_is_public(status):
    article = ArticleFactory(status=status, published_at=NOW - timedelta(days=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert not article.is_published()


def test_reading_time_is_stored_when_the_body_changes():
    opening = ("", "<p>" + "word " * 238 + "</p>")
    article = ArticleFactory(body=[opening])
    assert (article.word_count, article.reading_minutes) == (238, 1)

    article.write_body([opening, ("One more", "")])
    article.refresh_from_db()
    assert (article.word_count, article.reading_minutes) == (240, 2)

    article.write_body([opening])
    article.refresh_from_db()
    assert (article.word_count, article.reading_minutes) == (238, 1)
    assert article.sections.count() == 1


def test_empty_article_reads_in_one_minute():
    article = ArticleFactory(body=[("", "<p></p>")])
    assert (article.word_count, article.reading_minutes) == (0, 1)


def test_section_anchors_are_stable_and_unique_within_an_article():
    article = ArticleFactory(
        body=[("", "<p>x</p>"), ("Why it Matters", ""), ("Why it matters", "")]
    )
    anchors = list(article.sections.values_list("anchor", flat=True))
    assert anchors == ["", "why-it-matters", "why-it-matters-2"]

    first = article.sections.get(anchor="why-it-matters")
    first.body = "<p>edited</p>"
    first.save()
    first.refresh_from_db()
    assert first.anchor == "why-it-matters"


def test_section_body_is_sanitised_on_save():
    article = ArticleFactory(body=[("", '<p onclick="steal()">Hi<script>alert(1)</script></p>')])
    assert article.sections.get().body == "<p>Hi</p>"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<img src="/media/a.jpg" onerror="alert(1)" alt="A">', '<img src="/media/a.jpg" alt="A">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="https://example.org/">x</a>', '<a href="https://example.org/" rel="noopener noreferrer">x</a>'),
        ("<iframe src='https://evil.example'></iframe><p>after</p>", "<p>after</p>"),
        ("<blink>text</blink>", "text"),
        ("<h3>Sub</h3><ul><li><em>a</em></li></ul>", "<h3>Sub</h3><ul><li><em>a</em></li></ul>"),
        ("<blockquote>q</blockquote>", "<blockquote>q</blockquote>"),
        ("<table><tr><td colspan=\"2\">c</td></tr></table>", "<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>"),
        ('<p style="position:fixed">s</p>', "<p>s</p>"),
    ],
)  # fmt: skip
def test_sanitiser_keeps_allowed_markup_and_strips_the_rest(dirty, clean):
    assert sanitize_rich_text(dirty) == clean


def test_article_url_is_readable_and_uses_the_newsroom_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    article = ArticleFactory(
        slug="a-story",
        section__slug="world",
        published_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
    )
    # 23:30 UTC is 00:30 on 1 July in London (BST).
    assert article.get_absolute_url() == "/world/2026/07/01/a-story/"


def test_a_published_article_saved_without_a_publish_time_goes_live_now():
    """The one place this rule lives: the admin, the services and the importer rely on it."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    article.status = Article.Status.PUBLISHED
    with frozen(NOW):
        article.save()
    article.refresh_from_db()
    assert article.published_at == NOW
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert draft.published_at is None


def test_saving_an_old_copy_of_an_article_keeps_the_body_stats_its_sections_gave():
    article = ArticleFactory(body=[("", "<p>one two</p>")])
    stale_copy = Article.objects.get(pk=article.pk)
    article.write_body([("", "<p>one two</p>"), ("", "<p>" + "word " * 500 + "</p>")])
    stale_copy.title = "A new title"
    stale_copy.save()
    article.refresh_from_db()
    assert (article.title, article.word_count, article.reading_minutes) == ("A new title", 502, 3)
    assert article.search_text.startswith("one two word")


@pytest.mark.parametrize(
    ("old_path", "remembered"),
    [
        ("/world/2020/01/01/old-slug/", True),
        ("/?p=123", True),
        ("/", False),  # the home page is never an article's old address
        ("", False),
        ("/x" * 300, False),  # longer than can be stored: no truncated, wrong redirect
    ],
)
def test_an_old_path_is_remembered_unless_it_cannot_be_an_articles_address(old_path, remembered):
    article = ArticleFactory()
    ArticleRedirect.remember(old_path=old_path, article=article)
    assert ArticleRedirect.objects.filter(article=article).exists() is remembered


def test_an_articles_own_address_never_redirects():
    article, other = ArticleFactory(), ArticleFactory()
    ArticleRedirect.remember(old_path=article.get_absolute_url(), article=other)
    ArticleRedirect.remember(old_path="/world/2020/01/01/gone/", article=article)
    ArticleRedirect.remember(old_path=article.get_absolute_url(), article=article)
    assert list(ArticleRedirect.objects.values_list("old_path", "article")) == [
        ("/world/2020/01/01/gone/", article.pk)
    ]
