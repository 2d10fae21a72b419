import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.factories import ArticleFactory
from articles.models import Article
from articles.search import clean_query, snippet

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(db):
    body = ArticleFactory(
        title="Harbour reopens after storm",
        published_at=timezone.now() - timedelta(hours=1),
        body=[("", "<p>Fishing boats returned as the <b>glacier</b> melt slowed the tide.</p>")],
    )
    title = ArticleFactory(
        title="Glacier retreat speeds up",
        published_at=timezone.now() - timedelta(hours=5),
        body=[("", "<p>Satellite surveys show the ice is thinning.</p>")],
    )
    ArticleFactory(title="Glacier draft", status=Article.Status.DRAFT)
    ArticleFactory(title="Glacier tomorrow", published_at=timezone.now() + timedelta(days=1))
    return title, body


def result_titles(html):
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a></h3>', html)


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_title_and_body_words_and_ranks_title_matches_first(client, stories):
    # The body match is newer, so only ranking can put the title match first.
    assert result_titles(search(client, "glacier")) == [
        "Glacier retreat speeds up",
        "Harbour reopens after storm",
    ]


def test_search_matches_body_words_only(client, stories):
    assert result_titles(search(client, "fishing boats")) == ["Harbour reopens after storm"]
    assert "1 result for “fishing boats”" in search(client, "fishing boats")


def test_search_never_shows_unpublished_stories(client, stories):
    html = search(client, "glacier")
    assert "Glacier draft" not in html and "Glacier tomorrow" not in html


def test_snippet_highlights_the_words_and_escapes_the_text(client, db):
    ArticleFactory(
        title="Markup", body=[("", "<p>Beware &lt;script&gt; tags near the volcano.</p>")]
    )
    html = search(client, "volcano")
    (found,) = re.findall(r'<p class="snippet">(.*?)</p>', html, flags=re.S)
    assert "<mark>volcano</mark>" in found
    assert "script" in found  # as text: "&lt;script&gt;", or blanked brackets on PostgreSQL
    assert "<script>" not in found


def test_empty_query_shows_the_form_without_results(client, stories):
    html = search(client, "   ")
    assert 'id="search-query"' in html
    assert "Type a word or two" in html
    assert result_titles(html) == []


def test_query_of_only_punctuation_finds_nothing_without_error(client, stories):
    html = search(client, "&&& !!! ''' \\")
    assert result_titles(html) == []


def test_very_long_query_is_cut_and_the_reader_is_told(client, stories):
    html = search(client, "glacier " + "x" * 5000)
    assert "only its first 200 characters were used" in html
    assert clean_query("a" * 5000) == "a" * 200


def test_no_results_message(client, stories):
    assert "No results for “zebra”" in search(client, "zebra")


def test_search_results_are_paginated_and_bad_pages_are_404(client, db):
    ArticleFactory.create_batch(21, title=factory_title("Comet"))
    first = search(client, "comet")
    assert len(result_titles(first)) == 20
    assert 'href="?q=comet&amp;page=2"' in first
    assert len(result_titles(search(client, "comet", page=2))) == 1
    for page in ["abc", "-1", "3"]:
        assert client.get("/search/", {"q": "comet", "page": page}).status_code == 404


def factory_title(word):
    import factory

    return factory.Sequence(lambda n: f"{word} sighting {n}")


def test_search_query_count_does_not_grow_with_results(client, db, django_assert_num_queries):
    ArticleFactory.create_batch(2, title=factory_title("Comet"))
    client.get("/search/", {"q": "comet"})
    # count, results, bylines with authors
    with django_assert_num_queries(3):
        client.get("/search/", {"q": "comet"})
    ArticleFactory.create_batch(10, title=factory_title("Comet"))
    client.get("/search/", {"q": "comet"})
    with django_assert_num_queries(3):
        client.get("/search/", {"q": "comet"})


def test_search_page_is_not_indexed(client, db):
    assert '<meta name="robots" content="noindex, follow">' in search(client, "x")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL's")
def test_postgres_search_stems_words(client, stories):
    assert "Glacier retreat speeds up" in result_titles(search(client, "glaciers"))


def test_fallback_snippet_marks_every_term(db):
    article = ArticleFactory(body=[("", "<p>Red apples and green apples.</p>")])
    article.refresh_from_db()
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL makes its own snippets")
    assert str(snippet(article, "apples")).count("<mark>apples</mark>") == 2


def test_title_only_match_shows_the_standfirst_as_snippet(client, db):
    ArticleFactory(title="Lighthouse keepers", standfirst="A life by the sea.", body=[])
    html = search(client, "lighthouse")
    assert '<p class="snippet">A life by the sea.</p>' in html
