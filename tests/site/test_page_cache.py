import gzip
import io
import re
import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.cache import cache
from django.utils import timezone
from django.utils.http import parse_http_date
from django.utils.text import compress_string

from articles.factories import ArticleFactory
from articles.models import Article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bumps_at_once")]


def test_second_anonymous_request_is_served_without_queries(
    client, page_cache, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content


def test_editing_an_article_shows_on_the_next_request(client, page_cache, article):
    url = article.get_absolute_url()
    client.get(url)
    client.get("/")
    article.title = "A corrected headline"
    article.save()
    assert "A corrected headline" in client.get(url).content.decode()
    assert "A corrected headline" in client.get("/").content.decode()


def test_unpublishing_removes_the_article_on_the_next_request(client, page_cache, article):
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(url).status_code == 404
    assert article.title not in client.get("/").content.decode()


def test_editing_a_body_section_or_the_author_shows_at_once(client, page_cache, article):
    url = article.get_absolute_url()
    client.get(url)
    section = article.sections.get()
    section.body = "<p>Fresh paragraph.</p>"
    section.save()
    assert "Fresh paragraph." in client.get(url).content.decode()
    author = article.authors.get()
    author.short_bio = "A new biography."
    author.save()
    assert "A new biography." in client.get(url).content.decode()


def test_editing_a_legal_page_shows_at_once(client, page_cache):
    client.get("/terms/")
    page = FlatPage.objects.get(url="/terms/")
    page.content = "<p>Revised terms.</p>"
    page.save()
    assert "Revised terms." in client.get("/terms/").content.decode()


def test_a_scheduled_article_appears_on_time_with_the_cache_on(client, page_cache, article):
    publish_at = timezone.now() + timedelta(minutes=5)
    scheduled = ArticleFactory(title="Embargoed until five", published_at=publish_at)
    home = client.get("/")
    assert "Embargoed until five" not in home.content.decode()
    assert "s-maxage=" in home["Cache-Control"]
    s_maxage = int(home["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 300

    with mock.patch("django.utils.timezone.now", return_value=publish_at - timedelta(seconds=1)):
        assert "Embargoed until five" not in client.get("/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=publish_at):
        assert "Embargoed until five" in client.get("/").content.decode()
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_pages_are_cached_again_right_after_a_scheduled_story_goes_live(
    client, page_cache, article, django_assert_num_queries
):
    publish_at = timezone.now() + timedelta(minutes=5)
    ArticleFactory(title="Embargoed until five", published_at=publish_at)
    client.get("/")
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(seconds=1)):
        assert "Embargoed until five" in client.get("/").content.decode()
        with django_assert_num_queries(0):
            assert "Embargoed until five" in client.get("/").content.decode()


def test_staff_and_readers_with_a_message_bypass_the_cache(
    client, page_cache, article, django_user_model
):
    url = article.get_absolute_url()
    client.get(url)
    client.cookies["messages"] = "pending"
    response = client.get(url)
    assert "private" in response["Cache-Control"]
    del client.cookies["messages"]

    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    draft = ArticleFactory(status=Article.Status.DRAFT)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_tell_proxies_how_long_to_keep_them(client, page_cache, article):
    response = client.get(article.get_absolute_url())
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=30"}


def test_unchanged_pages_answer_304_to_a_conditional_request(client, page_cache, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    article.title = "Changed"
    article.save()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_pages_are_compressed_for_clients_that_accept_it(client, page_cache, article):
    response = client.get(article.get_absolute_url(), headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_cached_pages_are_compressed_once_and_served_plain_to_other_clients(
    client, page_cache, article
):
    url = article.get_absolute_url()
    plain = client.get(url).content
    with mock.patch(
        "newsroom.caching.middleware.compress_string", wraps=compress_string
    ) as compress:
        cache.clear()
        client.get(url, headers={"Accept-Encoding": "gzip"})  # rendered and stored
        hits = [client.get(url, headers={"Accept-Encoding": "gzip"}) for _ in range(3)]
    assert compress.call_count == 1
    for hit in hits:
        assert hit["Content-Encoding"] == "gzip"
        assert hit["Vary"] == "Accept-Encoding"
        assert hit["ETag"].startswith('W/"')
        assert hit["Content-Length"] == str(len(hit.content))
        assert_same_page(gzip.decompress(hit.content), plain)
    assert_same_page(client.get(url).content, plain)
    assert not client.get(url).has_header("Content-Encoding")


def assert_same_page(html, other):
    """Equal but for the comment form's timestamp and signature, which change each second."""
    volatile = rb'name="(timestamp|security_hash)" value="[^"]*"'
    assert re.sub(volatile, b"", html) == re.sub(volatile, b"", other)


def test_pages_say_when_their_content_last_changed(client, page_cache, article, tag_clock):
    url = article.get_absolute_url()
    tag_clock.now = article.published_at.timestamp() + 60.5
    cache.clear()  # the tags start again, at this time
    first = client.get(url)
    assert parse_http_date(first["Last-Modified"]) == int(tag_clock.now)
    unchanged = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert unchanged.status_code == 304
    tag_clock.now += 90
    article.title = "Changed"
    article.save()
    changed = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert changed.status_code == 200
    assert parse_http_date(changed["Last-Modified"]) == int(tag_clock.now)


def test_a_story_going_live_on_schedule_is_a_change_to_the_pages(
    client, page_cache, article, tag_clock
):
    publish_at = (timezone.now() + timedelta(minutes=5)).replace(microsecond=0)
    tag_clock.now = publish_at.timestamp() - 60
    ArticleFactory(title="Embargoed until five", published_at=publish_at)
    before = client.get("/")["Last-Modified"]
    assert parse_http_date(before) == publish_at.timestamp() - 60
    with mock.patch("django.utils.timezone.now", return_value=publish_at + timedelta(minutes=1)):
        after = client.get("/", headers={"If-Modified-Since": before})
    assert after.status_code == 200
    assert parse_http_date(after["Last-Modified"]) == publish_at.timestamp()


def test_admin_is_never_cached(admin_client, page_cache):
    response = admin_client.get("/admin/")
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_approving_or_removing_a_comment_shows_on_the_next_request(client, page_cache, article):
    from comments.services import comment_approve, comment_reject
    from tests.comments.conftest import make_comment

    url = article.get_absolute_url()
    held = make_comment(article, approved=False, name="Held Reader", comment="Worth waiting for")
    assert "Worth waiting for" not in client.get(url).content.decode()
    comment_approve(comment=held, by=None)
    assert "Worth waiting for" in client.get(url).content.decode()
    comment_reject(comment=held, by=None)
    assert "Worth waiting for" not in client.get(url).content.decode()


def test_a_front_page_pin_ends_cached_pages_exactly_when_it_expires(client, page_cache, article):
    from articles.models import FrontPagePin

    newest = ArticleFactory(title="The newest story")
    expires_at = timezone.now() + timedelta(minutes=5)
    FrontPagePin.objects.create(article=article, slot=FrontPagePin.Slot.LEAD, expires_at=expires_at)
    lead = 'id="lead-heading"><a href="{}">'
    home = client.get("/")
    assert lead.format(article.get_absolute_url()) in home.content.decode()
    s_maxage = int(home["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert s_maxage <= 300
    with mock.patch("django.utils.timezone.now", return_value=expires_at - timedelta(seconds=1)):
        assert lead.format(article.get_absolute_url()) in client.get("/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=expires_at):
        page = client.get("/")
        assert lead.format(newest.get_absolute_url()) in page.content.decode()
        assert parse_http_date(page["Last-Modified"]) == int(expires_at.timestamp())


@pytest.mark.parametrize("options", [["--anonymise"], []])
def test_an_erased_commenter_is_gone_from_the_next_response(client, page_cache, article, options):
    from django.core.management import call_command

    from tests.comments.conftest import make_comment

    make_comment(article, name="Erin Example", email="erin@example.com", comment="My view")
    url = article.get_absolute_url()
    assert "Erin Example" in client.get(url).content.decode()
    call_command("comments_erase", "erin@example.com", *options, stdout=io.StringIO())
    assert "Erin Example" not in client.get(url).content.decode()


@pytest.mark.parametrize("size", [1, 25])
def test_an_article_page_miss_makes_eight_queries_whatever_its_size(
    client, page_cache, size, django_assert_num_queries
):
    """The cache's own work included: its timed-change lookup is kept per home version, so
    a miss after a comment is approved costs the render's queries only."""
    from articles.factories import SectionFactory
    from authors.factories import AuthorFactory, CredentialFactory
    from comments.services import comment_approve
    from tests.comments.conftest import make_comment

    for n in range(size):
        SectionFactory(name=f"Desk {n}")
    authors = [AuthorFactory() for _ in range(size)]
    for author in authors:
        CredentialFactory.create_batch(2, author=author)
    article = ArticleFactory(authors=authors, body=[(f"H{n}", "<p>b</p>") for n in range(size)])
    for n in range(size):
        make_comment(article, name=f"Reader {n}")
    held = make_comment(article, approved=False, name="Latest Reader")
    url = article.get_absolute_url()
    client.get(url)
    comment_approve(comment=held, by=None)
    with django_assert_num_queries(8):
        assert "Latest Reader" in client.get(url).content.decode()


def test_pages_name_what_they_show_for_the_edge(client, page_cache, article):
    author = article.authors.get()
    expected = {f"article:{article.pk}", f"comments:{article.pk}",
                f"section:{article.section_id}", f"author:{author.pk}", "site"}  # fmt: skip
    for _ in range(2):  # rendered, then from the cache
        assert set(client.get(article.get_absolute_url())["Surrogate-Key"].split()) == expected
    assert client.get("/")["Surrogate-Key"] == "home site"
    assert client.get("/feed/")["Surrogate-Key"] == "feeds site"
    assert client.get("/sitemap.xml")["Surrogate-Key"] == "site sitemaps"
    assert client.get("/terms/")["Surrogate-Key"] == "site"
    assert client.get("/no-such-page/")["Surrogate-Key"] == "home site sitemaps"


def test_with_a_purged_edge_pages_stay_long_and_a_failed_purge_is_only_logged(
    client, page_cache, article, settings, caplog
):
    from newsroom.caching import edge

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.NEWSROOM_EDGE_PURGE_URLS = [f"http://127.0.0.1:{closed.getsockname()[1]}/"]
    settings.NEWSROOM_EDGE_CACHE_SECONDS = 3600
    response = client.get(article.get_absolute_url())
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=3600"}
    article.title = "Changed while the edge is down"
    with caplog.at_level("WARNING", logger=edge.__name__):
        article.save()
    assert "Edge purge of" in caplog.text and f"article:{article.pk}" in caplog.text
    assert "Changed while the edge is down" in client.get(article.get_absolute_url()).text
