import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article, Topic
from authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999"])
@pytest.mark.parametrize("url", ["/world/", "/topics/t/", "/authors/a/"])
def test_bad_page_numbers_on_list_pages_give_404(client, url, page):
    article = ArticleFactory(section__slug="world", authors=[AuthorFactory(slug="a")])
    article.topics.add(Topic.objects.create(name="T", slug="t"))
    assert client.get(url, {"page": page}).status_code == 404


def test_table_of_contents_appears_after_the_opening_for_four_or_more_sections(client):
    headings = ["One", "Two", "Three", "Four"]
    article = ArticleFactory(
        body=[("", "<p>Opening words.</p>"), *[(h, "<p>x</p>") for h in headings]]
    )
    html = html_of(client, article.get_absolute_url())
    toc = re.search(
        r'<nav class="toc" aria-labelledby="toc-heading">(.*?)</nav>', html, re.S
    ).group(1)
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc) == [(h.lower(), h) for h in headings]
    assert html.index("Opening words.") < html.index('class="toc"') < html.index('<h2 id="one">')


def test_no_table_of_contents_below_four_sections(client):
    article = ArticleFactory(
        body=[("", "<p>a</p>"), ("One", "<p>b</p>"), ("Two", "<p>c</p>"), ("Three", "<p>d</p>")]
    )
    assert 'class="toc"' not in html_of(client, article.get_absolute_url())


def test_table_of_contents_comes_first_when_the_first_section_has_a_heading(client):
    article = ArticleFactory(body=[(h, "<p>x</p>") for h in ["A", "B", "C", "D"]])
    html = html_of(client, article.get_absolute_url())
    assert html.count('class="toc"') == 1
    assert html.index('class="toc"') < html.index('<h2 id="a">')


def test_related_stories_share_topics_first_then_section_and_are_published(client):
    world, other = SectionFactory(slug="world"), SectionFactory(slug="other")
    ukraine, climate = (
        Topic.objects.create(name="Ukraine", slug="ukraine"),
        Topic.objects.create(name="Climate", slug="climate"),
    )
    article = ArticleFactory(title="Main", section=world)
    article.topics.set([ukraine, climate])
    both = ArticleFactory(title="Shares both", section=other, published_at=hours_ago(30))
    both.topics.set([ukraine, climate])
    one = ArticleFactory(title="Shares one", section=other, published_at=hours_ago(20))
    one.topics.set([ukraine])
    ArticleFactory(title="Same section", section=world, published_at=hours_ago(10))
    ArticleFactory(title="Unrelated", section=other)
    ArticleFactory(title="Draft related", section=world, status=Article.Status.DRAFT).topics.set(
        [ukraine]
    )
    html = html_of(client, article.get_absolute_url())
    related = re.search(r'<aside class="related"(.*?)</aside>', html, re.S).group(1)
    # "Same section" is the older story in the section: linked in the pager, not again here.
    assert re.findall(r'<li class="teaser"><a href="[^"]+">([^<]+)</a>', related) == [
        "Shares both", "Shares one"
    ]  # fmt: skip
    pager = re.search(r'<nav class="article-pager"(.*?)</nav>', html, re.S).group(1)
    assert "Same section" in pager


def test_previous_and_next_link_to_published_neighbours_in_the_same_section(client):
    world, other = SectionFactory(slug="world"), SectionFactory(slug="other")
    older = ArticleFactory(title="Older", section=world, published_at=hours_ago(30))
    ArticleFactory(title="Other section", section=other, published_at=hours_ago(25))
    ArticleFactory(
        title="Draft between",
        section=world,
        status=Article.Status.DRAFT,
        published_at=hours_ago(22),
    )
    article = ArticleFactory(title="Middle", section=world, published_at=hours_ago(20))
    newer = ArticleFactory(title="Newer", section=world, published_at=hours_ago(10))
    ArticleFactory(
        title="Scheduled", section=world, published_at=timezone.now() + timedelta(hours=1)
    )
    html = html_of(client, article.get_absolute_url())
    pager = re.search(r'<nav class="article-pager"(.*?)</nav>', html, re.S).group(1)
    assert f'href="{older.get_absolute_url()}" rel="prev"' in pager
    assert f'href="{newer.get_absolute_url()}" rel="next"' in pager
    assert "Draft between" not in pager and "Other section" not in pager
    newest = html_of(client, newer.get_absolute_url())
    assert 'rel="next"' not in re.search(
        r'<nav class="article-pager"(.*?)</nav>', newest, re.S
    ).group(1)


def test_unknown_page_gets_the_designed_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'class="site-header"' in html and 'role="search"' in html


def test_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in html
    assert '<html lang="en">' in html


@override_settings(DEBUG=False)
def test_server_error_uses_the_500_template(client, monkeypatch):
    from articles import views

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get", boom)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_header_has_a_search_form_on_every_page(client, db):
    html = html_of(client, "/")
    assert (
        '<form class="search-form search-form-compact" role="search" action="/search/" method="get">'
        in html
    )
    assert '<label for="site-search" class="visually-hidden">Search stories</label>' in html
