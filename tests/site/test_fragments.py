"""The fragment cache: parts of reader pages rendered again only when what they show changes.

Writes are simulated by bumping tags (newsroom/caching/tags.py), as the invalidation map
does after a commit; the page cache stays off, so every request renders the page.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test.signals import template_rendered
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import NAVIGATION_CACHE_KEY
from authors.factories import AuthorFactory, CredentialFactory
from comments.models import Comment
from newsroom.caching import fragments, tags
from tests.comments.conftest import form_data, make_comment
from tests.site.conftest import REDIS_URL, redis_available

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"])
def fragment_cache(request, settings):
    if request.param == "redis":
        if not redis_available():
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "test-fragments",
            }
        }
    settings.NEWSROOM_FRAGMENT_CACHE = True
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def rendered_templates():
    """The names of the templates rendered since the fixture started (or was cleared)."""
    names = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


@pytest.fixture
def story(db):
    article = ArticleFactory(title="The original headline", authors=[AuthorFactory(name="Ann")])
    make_comment(article, name="First reader", comment="An early comment.")
    return article


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_after_a_comment_is_approved_only_the_thread_is_rendered_again(
    client, fragment_cache, story, rendered_templates
):
    url = story.get_absolute_url()
    html(client, url)
    rendered_templates.clear()
    make_comment(story, name="Second reader", comment="A late comment.")
    tags.bump_now([f"comments:{story.pk}"])

    page = html(client, url)

    assert "A late comment." in page and "2 comments" in page
    assert "comments/thread.html" in rendered_templates
    for part in ("article_story", "article_more", "article_head"):
        assert f"articles/parts/{part}.html" not in rendered_templates


def test_a_warm_page_renders_no_part_and_makes_one_query(
    client, fragment_cache, story, rendered_templates, django_assert_num_queries
):
    url = story.get_absolute_url()
    first = html(client, url)
    rendered_templates.clear()
    with django_assert_num_queries(1):  # the article, to check it is public and where it lives
        second = html(client, url)
    assert without_form_stamp(second) == without_form_stamp(first)
    assert not [name for name in rendered_templates if "/parts/" in name or "thread" in name]


def without_form_stamp(page):
    """The page without the comment form's timestamp and hash, made for each request."""
    return re.sub(r'name="(timestamp|security_hash)" value="[^"]*"', "", page)


def test_an_edit_to_the_story_shows_once_its_tag_is_bumped(client, fragment_cache, story):
    url = story.get_absolute_url()
    html(client, url)
    type(story).objects.filter(pk=story.pk).update(title="A corrected headline")

    assert "The original headline" in html(client, url)  # nothing said it changed
    tags.bump_now([f"article:{story.pk}"])
    page = html(client, url)
    assert "A corrected headline" in page and "The original headline" not in page


def test_an_author_renamed_shows_on_the_story_once_the_author_tag_is_bumped(
    client, fragment_cache, story, rendered_templates
):
    url = story.get_absolute_url()
    html(client, url)
    author = story.bylines.get().author
    type(author).objects.filter(pk=author.pk).update(name="Ann Renamed")
    tags.bump_now([f"author:{author.pk}"])
    rendered_templates.clear()

    page = html(client, url)

    assert "Ann Renamed" in page
    assert "articles/parts/article_story.html" in rendered_templates
    assert "comments/thread.html" not in rendered_templates


def test_a_held_comment_bumps_nothing_so_the_thread_is_reused(
    client, fragment_cache, story, rendered_templates
):
    url = story.get_absolute_url()
    html(client, url)
    rendered_templates.clear()
    make_comment(story, approved=False, comment="Waiting for a moderator.")

    page = html(client, url)

    assert "Waiting for a moderator." not in page and "1 comment" in page
    assert "comments/thread.html" not in rendered_templates


def test_a_new_release_renders_every_part_again(
    client, fragment_cache, story, rendered_templates, monkeypatch
):
    url = story.get_absolute_url()
    html(client, url)
    monkeypatch.setattr(fragments, "release", lambda: "next-release")
    rendered_templates.clear()

    html(client, url)

    assert "articles/parts/article_story.html" in rendered_templates
    assert "comments/thread.html" in rendered_templates


def test_release_digest_changes_with_the_templates(settings, tmp_path, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "part.html").write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path
    monkeypatch.setattr(fragments, "get_template_directories", lambda: [templates])
    before = fragments.release.__wrapped__()

    (templates / "part.html").write_text("<p>two</p>")

    assert fragments.release.__wrapped__() != before


def test_every_reader_gets_a_fresh_comment_form_that_posts(
    client, fragment_cache, story, monkeypatch
):
    url = story.get_absolute_url()
    html(client, url)  # stores the form's markup
    now = timezone.now().timestamp() + 3600
    monkeypatch.setattr("django_comments.forms.time.time", lambda: now)

    page = html(client, url)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))

    assert fields["timestamp"] == str(int(now))
    assert "__fresh_" not in page
    data = {**form_data(story), **fields, "comment": "Posted through a stored form."}
    response = client.post("/comments/post/", data)
    assert response.status_code == 302
    assert Comment.objects.filter(comment="Posted through a stored form.").exists()


def test_a_signed_in_reader_gets_a_form_with_a_csrf_token_never_stored(
    client, fragment_cache, story, django_user_model
):
    url = story.get_absolute_url()
    html(client, url)
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)

    signed_in = html(client, url)
    client.logout()
    anonymous = html(client, url)

    assert "csrfmiddlewaretoken" in signed_in
    assert "csrfmiddlewaretoken" not in anonymous


def test_a_scheduled_story_shows_in_the_pager_when_it_goes_live(
    client, fragment_cache, monkeypatch
):
    now = timezone.now()
    current = ArticleFactory(published_at=now - timedelta(hours=1))
    ArticleFactory(
        title="Due tomorrow", section=current.section, published_at=now + timedelta(days=1)
    )
    url = current.get_absolute_url()
    assert "Due tomorrow" not in html(client, url)

    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=1, seconds=1))
    assert "Next in" in html(client, url) and "Due tomorrow" in html(client, url)


def test_comments_closing_by_time_drops_the_reply_links(
    client, fragment_cache, story, settings, monkeypatch
):
    url = story.get_absolute_url()
    assert "comment-reply" in html(client, url)

    closing = story.published_at + timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)
    monkeypatch.setattr(timezone, "now", lambda: closing + timedelta(seconds=1))
    page = html(client, url)
    assert "Comments are closed." in page and "comment-reply" not in page


def test_a_staff_preview_is_never_stored(client, fragment_cache, staff_client):
    draft = ArticleFactory(title="Draft headline", status="draft")
    assert "Draft headline" in html(staff_client, draft.get_absolute_url())
    type(draft).objects.filter(pk=draft.pk).update(title="Draft, edited")
    assert "Draft, edited" in html(staff_client, draft.get_absolute_url())


def test_home_page_parts_are_reused_until_home_is_bumped(
    client, fragment_cache, rendered_templates, django_assert_num_queries
):
    ArticleFactory(title="Front page story")
    html(client, "/")
    rendered_templates.clear()
    with django_assert_num_queries(0):
        assert "Front page story" in html(client, "/")
    assert "articles/parts/home_front.html" not in rendered_templates

    ArticleFactory(title="Breaking story")
    tags.bump_now(["home"])
    assert "Breaking story" in html(client, "/")


def test_later_home_pages_are_not_stored(client, fragment_cache, rendered_templates):
    ArticleFactory.create_batch(30, section__slug="world")
    html(client, "/?page=2")
    rendered_templates.clear()
    html(client, "/?page=2")
    assert "articles/parts/home_front.html" in rendered_templates
    assert client.get("/?page=abc").status_code == 404


@pytest.mark.parametrize("grow", [False, True])
def test_article_query_counts_cold_warm_and_after_a_comment(
    client, fragment_cache, django_assert_num_queries, grow
):
    authors = [AuthorFactory()]
    article = ArticleFactory(authors=authors, body=[("", "<p>a</p>")])
    make_comment(article)
    if grow:
        authors += [AuthorFactory() for _ in range(3)]
        for author in authors:
            CredentialFactory.create_batch(3, author=author)
        article = ArticleFactory(authors=authors, body=[(f"H{i}", "<p>b</p>") for i in range(8)])
        for n in range(10):
            make_comment(article, name=f"Reader {n}")
    url = article.get_absolute_url()
    client.get("/")  # the site and navigation caches; the article's parts stay cold

    # article, bylines, credentials, sections, topics, neighbours (and the next story due),
    # related stories, approved comments
    with django_assert_num_queries(8):
        html(client, url)
    with django_assert_num_queries(1):
        html(client, url)
    tags.bump_now([f"comments:{article.pk}"])
    with django_assert_num_queries(2):  # the article, its approved comments
        html(client, url)


def test_the_site_header_is_kept_until_the_site_changes_and_marks_each_pages_section(
    client, fragment_cache, story
):
    section = story.section
    assert f'href="{section.get_absolute_url()}" aria-current="page"' not in html(client, "/")
    assert f'href="{section.get_absolute_url()}" aria-current="page"' in html(
        client, section.get_absolute_url()
    )

    type(section).objects.filter(pk=section.pk).update(name="Renamed desk")
    cache.delete(NAVIGATION_CACHE_KEY)
    assert "Renamed desk" not in html(client, "/search/")  # the stored header
    tags.bump_now(["site"])
    assert "Renamed desk" in html(client, "/search/")


def test_home_query_counts_cold_and_warm(client, fragment_cache, django_assert_num_queries):
    author = AuthorFactory()
    for _ in range(2):
        ArticleFactory.create_batch(10, authors=[author], section__slug="world")
        cache.clear()
        client.get("/search/")  # the site and navigation caches; the home page stays cold
        # pins, newest, newest per section, count, the page, bylines; then, for storing,
        # the next scheduled story, the next pin to run out, live coverage opening, closing
        with django_assert_num_queries(10):
            html(client, "/")
        with django_assert_num_queries(0):
            html(client, "/")
