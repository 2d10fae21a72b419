import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.template.base import Template
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article, Topic
from authors.factories import AuthorFactory, CredentialFactory
from comments.templatetags import article_comments

pytestmark = pytest.mark.django_db

SEED_HEADINGS = [
    ("pressure-on-kyiv", "Pressure on Kyiv"),
    ("denials-from-the-white-house", "Denials from the White House"),
    ("a-shift-in-the-russian-delegation", "A Shift in the Russian Delegation"),
    ("why-it-matters", "Why it Matters"),
]


def get_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_seed_article_page_shows_every_element_in_order(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())

    assert re.findall(r"\d+ min read", html, flags=re.IGNORECASE) == ["3 min read"]
    assert (
        "<h1>US Signals Conditional Security Guarantees for Ukraine Amid Peace Negotiations</h1>"
        in html
    )
    assert '<a href="/authors/lisa-chang/" rel="author">Lisa Chang</a>' in html
    assert "Asia Pacific Correspondent" in html
    assert '<time datetime="2026-11-27T08:30:00+00:00">27 November 2026</time>' in html

    body = html[html.index('class="article-body"') : html.index('class="share"')]
    assert re.findall(r'<h2 id="([^"]+)">([^<]+)</h2>', body) == SEED_HEADINGS
    assert html.index("In a significant turn of events") < html.index("Pressure on Kyiv")

    order = [
        'class="site-header"',
        "<h1>US Signals",
        'class="byline"',
        'id="pressure-on-kyiv"',
        "Share this story",
        'class="author-box"',
        'id="comments"',
        'class="site-footer"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_seed_article_has_seven_share_links_with_the_encoded_canonical_url(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    canonical = "http://testserver" + seed_article.get_absolute_url()
    assert f'<link rel="canonical" href="{canonical}">' in html

    share = html[
        html.index('class="share"') : html.index("</section>", html.index('class="share"'))
    ]
    links = re.findall(r'<a href="([^"]+)" rel="noopener"[^>]*aria-label="([^"]+)"', share)
    assert len(links) == 7
    encoded_url = quote(canonical, safe="")
    encoded_title = quote(seed_article.title, safe="")
    for href, label in links:
        assert encoded_url in href
        assert encoded_title in href
        assert label.startswith("Share ")
    hosts = [re.match(r"(mailto:|https://[^/]+)", href).group(1) for href, _ in links]
    assert hosts == [
        "https://x.com",
        "https://www.facebook.com",
        "https://www.linkedin.com",
        "https://wa.me",
        "https://bsky.app",
        "https://www.reddit.com",
        "mailto:",
    ]
    assert "data-share-copy" in share


def test_no_third_party_scripts_or_iframes(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    assert "<iframe" not in html
    assert re.findall(r'<script src="([^"]+)"', html) == [
        "/static/js/share.js",
        "/static/js/comments.js",
    ]


def test_the_author_box_says_each_fact_once(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    box = html[
        html.index('class="author-box"') : html.index("</aside>", html.index('class="author-box"'))
    ]
    assert "Lisa Chang is an Asia Pacific correspondent based in London" in box
    # The bio already says where she is based, what she covers and her languages.
    assert 'class="credential' not in box
    assert box.count("Mandarin") == 1
    assert '<img class="author-photo" src="/media/authors/lisa-chang' in box


def test_an_author_without_a_bio_gets_the_credentials_in_the_box(client, db):
    author = AuthorFactory(short_bio="")
    CredentialFactory(author=author, text="Based in Lagos")
    article = ArticleFactory(authors=[author])
    html = get_html(client, article.get_absolute_url())
    box = html[
        html.index('class="author-box"') : html.index("</aside>", html.index('class="author-box"'))
    ]
    assert re.findall(r'<li class="credential[^"]*">([^<]+)</li>', box) == ["Based in Lagos"]


def test_the_article_links_its_topics_to_their_pages(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    topics = re.search(r'<nav class="topics"(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)" rel="tag">([^<]+)</a>', topics)
    assert links == [("/topics/diplomacy/", "Diplomacy"), ("/topics/ukraine/", "Ukraine"),
                     ("/topics/united-states/", "United States")]  # fmt: skip
    for url, name in links:
        page = get_html(client, url)
        assert f'<h1 class="page-title">{name}</h1>' in page
        assert f'href="{url}feed/"' in page and f'href="{url}feed/atom/"' in page


def test_share_buttons_are_icons_with_accessible_names(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    share = html[
        html.index('class="share"') : html.index("</section>", html.index('class="share"'))
    ]
    items = re.findall(r'<li><a [^>]*aria-label="([^"]+)"[^>]*>(<svg[^>]*>)', share)
    assert len(items) == 7
    assert all(label.startswith("Share ") for label, _ in items)
    assert all('aria-hidden="true"' in svg and 'class="icon"' in svg for _, svg in items)


def test_no_story_is_listed_twice_on_an_article_page(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    tail = html[html.index('class="article-pager"') : html.index('id="comments"')]
    links = re.findall(r'href="(/[\w-]+/\d{4}/\d{2}/\d{2}/[\w-]+/)"', tail)
    assert len(links) == 5  # the older story, then four related ones
    assert len(links) == len(set(links))


def test_footer_has_current_year_site_name_and_legal_links(client, seed_article):
    html = get_html(client, seed_article.get_absolute_url())
    year = timezone.localdate().year
    assert f"© {year} The Update Desk. All rights reserved." in html
    assert '<a href="/terms/">Terms of Service</a>' in html
    assert '<a href="/privacy/">Privacy Policy</a>' in html


def test_hero_image_standfirst_and_updated_time_render_when_set(client, article):
    article.standfirst = "A short summary."
    article.hero_alt = "Protesters outside parliament"
    article.hero_caption = "Crowds gathered at dawn."
    article.hero_credit = "Photo: A. Photographer"
    article.hero_image.name = "articles/hero.jpg"
    article.hero_width, article.hero_height = 1200, 675
    article.updated_at = article.published_at + timedelta(hours=2)
    article.save()
    html = get_html(client, article.get_absolute_url())
    assert '<p class="standfirst">A short summary.</p>' in html
    assert 'alt="Protesters outside parliament" width="1200" height="675"' in html
    assert "Crowds gathered at dawn." in html and "Photo: A. Photographer" in html
    assert "Updated <time" in html


def test_updated_time_is_hidden_when_not_later_than_publication(client, article):
    html = get_html(client, article.get_absolute_url())
    assert "Updated" not in html


def test_multiple_authors_are_listed_in_byline_order(client):
    first, second = AuthorFactory(name="Ann First"), AuthorFactory(name="Ben Second")
    article = ArticleFactory(authors=[second, first])
    html = get_html(client, article.get_absolute_url())
    assert html.index(">Ben Second<") < html.index(">Ann First<")
    assert html.count('class="author-box"') == 2


@pytest.mark.parametrize(
    ("status", "offset"),
    [
        (Article.Status.DRAFT, timedelta(days=-1)),
        (Article.Status.REVIEW, timedelta(days=-1)),
        (Article.Status.UNPUBLISHED, timedelta(days=-1)),
        (Article.Status.PUBLISHED, timedelta(minutes=5)),
    ],
)
def test_anonymous_reader_gets_404_for_unpublished_articles(client, status, offset):
    article = ArticleFactory(status=status, published_at=timezone.now() + offset)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_scheduled_article(staff_client):
    article = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    response = staff_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: readers cannot see this article yet" in response.content.decode()


def test_wrong_date_or_section_in_url_redirects_to_the_canonical_url(client, article):
    SectionFactory(slug="elsewhere")
    wrong = article.get_absolute_url().replace(article.section.slug, "elsewhere", 1)
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_and_section_give_404(client, db):
    assert client.get("/nowhere/2026/01/01/nothing/").status_code == 404
    assert client.get("/nowhere/").status_code == 404


def test_article_page_query_count_does_not_grow_with_sections_authors_or_credentials(
    client, django_assert_num_queries
):
    small = ArticleFactory(body=[("", "<p>a</p>")])
    authors = [AuthorFactory() for _ in range(3)]
    for author in authors:
        CredentialFactory.create_batch(4, author=author)
    large = ArticleFactory(authors=authors, body=[(f"H{i}", "<p>b</p>") for i in range(8)])
    client.get(small.get_absolute_url())  # warms the site and navigation caches
    for article in (small, large):
        # article, bylines, credentials, sections, topics, older and newer neighbours,
        # related stories, approved comments
        with django_assert_num_queries(8):
            assert client.get(article.get_absolute_url()).status_code == 200


def test_home_section_and_author_pages_list_published_stories(client, seed_article):
    for url in ["/", "/world/", "/authors/lisa-chang/", "/topics/ukraine/"]:
        html = get_html(client, url)
        assert seed_article.title in html
        assert "3 min read" in html


def test_list_pages_do_not_show_unpublished_stories(client, db):
    author = AuthorFactory(slug="writer")
    topic = Topic.objects.create(name="Topic", slug="topic")
    ArticleFactory(title="Secret draft", status=Article.Status.DRAFT, authors=[author],
                   section__slug="world").topics.add(topic)  # fmt: skip
    ArticleFactory(title="Tomorrow's news", published_at=timezone.now() + timedelta(days=1),
                   authors=[author], section__slug="world").topics.add(topic)  # fmt: skip
    for url in ["/", "/world/", "/authors/writer/", "/topics/topic/"]:
        html = get_html(client, url)
        assert "Secret draft" not in html and "Tomorrow" not in html


@pytest.fixture
def queries_in_templates(monkeypatch):
    """The SQL run while a template renders (views must hand templates evaluated data), named
    by the template, or by the comments app's tag, which reads the comments itself."""
    rendering, queries = [], []
    render = Template.render
    comments_context = article_comments.article_comments_context

    def tracked_render(self, context):
        rendering.append(self.name)
        try:
            return render(self, context)
        finally:
            rendering.pop()

    def tracked_comments_context(*args, **kwargs):
        rendering.append("{% article_comments %}")
        try:
            return comments_context(*args, **kwargs)
        finally:
            rendering.pop()

    def record(execute, sql, params, many, context):
        if rendering:
            queries.append((rendering[-1], sql))
        return execute(sql, params, many, context)

    monkeypatch.setattr(Template, "render", tracked_render)
    monkeypatch.setattr(article_comments, "article_comments_context", tracked_comments_context)
    with connection.execute_wrapper(record):
        yield queries


def test_reader_pages_run_no_query_in_templates(client, seed_article, queries_in_templates):
    pages = [seed_article.get_absolute_url(), "/", "/world/", "/topics/ukraine/",
             "/authors/lisa-chang/", "/search/?q=ukraine", "/feed/"]  # fmt: skip
    for url in pages:
        client.get(url)  # the site and navigation caches fill on the first request
    queries_in_templates.clear()
    for url in pages:
        assert client.get(url).status_code == 200
    # The article's comments, in one query, by the tag the comments app provides.
    assert [where for where, _sql in queries_in_templates] == ["{% article_comments %}"]


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/", 6),  # pins, newest, newest per section, count, the page, bylines
        ("/world/", 4),  # section, count, articles, bylines with authors
        ("/authors/writer/", 5),  # author, credentials, count, articles, bylines with authors
        ("/topics/writer/", 4),  # topic, count, articles, bylines with authors
    ],
)
def test_list_page_query_count_does_not_grow_with_the_number_of_articles(
    client, django_assert_num_queries, url, queries
):
    author = AuthorFactory(slug="writer")
    topic = Topic.objects.create(name="Writer", slug="writer")
    # Ten: enough for the home page to list some below its top stories.
    for article in ArticleFactory.create_batch(10, authors=[author], section__slug="world"):
        article.topics.add(topic)
    client.get(url)  # warms the site and navigation caches
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    for article in ArticleFactory.create_batch(15, authors=[author], section__slug="world"):
        article.topics.add(topic)
    client.get(url)  # looks up the next scheduled publication once per content change
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5"])
def test_bad_page_numbers_give_404_not_500(client, article, page):
    assert client.get(f"/?page={page}").status_code == 404


def test_last_page_keyword_works(client, article):
    assert client.get("/?page=last").status_code == 200


def test_list_pages_stop_counting_after_the_page_cap(client, settings, monkeypatch):
    from newsroom.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    author = AuthorFactory(slug="prolific")
    ArticleFactory.create_batch(45, authors=[author], section__slug="world")
    for url in ["/world/", "/authors/prolific/"]:
        assert "Page 2 of 2" in client.get(url, {"page": 2}).content.decode()
        assert client.get(url, {"page": 3}).status_code == 404
