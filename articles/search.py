"""
Search over published articles: title, standfirst and body text.

On PostgreSQL it is full-text search (``django.contrib.postgres.search``):
English stemming, ``websearch_to_tsquery`` so any reader input is a valid
query, title matches weighted above standfirst above body, and highlighted
snippets from ``ts_headline``. Elsewhere (SQLite in development and tests)
every word must appear somewhere, and ranking counts the fields it appears in,
title first; the snippet is made in Python. Both return the same shape.
"""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import Article

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
SNIPPET_CHARS = 240
# ts_headline's markers: control characters cannot come from the stored text,
# so the snippet can be escaped as a whole and the markers turned into <mark>.
START, STOP = "\x02", "\x03"
CONFIG = "english"


def clean_query(raw):
    """The reader's query, whitespace collapsed and cut to a sane length."""
    query = " ".join((raw or "").replace(START, " ").replace(STOP, " ").split())
    return query[:MAX_QUERY_LENGTH].strip()


def terms_of(query):
    return re.findall(r"\w+", query)[:MAX_TERMS]


def search_articles(query):
    """Published articles matching ``query``, best first, each with ``snippet_source``."""
    base = Article.objects.published().with_bylines()
    if not terms_of(query):
        return base.none()
    if connection.vendor == "postgresql":
        return _postgres(base, query)
    return _fallback(base, query)


def _text(field):
    """The field with < and > blanked: PostgreSQL's parser reads them as markup and would
    skip whatever follows a literal "<script>" in the text."""
    text = TextField()
    inner = Replace(F(field), Value("<"), Value(" "), output_field=text)
    return Replace(inner, Value(">"), Value(" "), output_field=text)


def search_vector():
    """The weighted document; migration 0006 indexes exactly this expression (GIN)."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector(_text("title"), weight="A", config=CONFIG)
        + SearchVector(_text("standfirst"), weight="B", config=CONFIG)
        + SearchVector(_text("search_text"), weight="C", config=CONFIG)
    )


def _postgres(queryset, query):
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    vector = search_vector()
    search_query = SearchQuery(query, search_type="websearch", config=CONFIG)
    return (
        queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(search=search_query)
        .annotate(
            snippet_source=SearchHeadline(
                _text("search_text"),
                search_query,
                config=CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=35,
                min_words=15,
            )
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _fallback(queryset, query):
    terms = terms_of(query)
    for term in terms:
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(standfirst__icontains=term)
            | Q(search_text__icontains=term)
        )

    def hits(field, weight):
        return sum(
            (
                Case(
                    When(**{f"{field}__icontains": term}, then=Value(weight)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for term in terms
            ),
            Value(0),
        )

    rank = hits("title", 100) + hits("standfirst", 10) + hits("search_text", 1)
    return queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


def snippet(article, query):
    """A safe HTML snippet of the article with the query's words in <mark>."""
    source = getattr(article, "snippet_source", None)
    if not source or not source.strip():
        source = _fallback_snippet(article.search_text or article.standfirst, terms_of(query))
    html = escape(source).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above, only our markers become tags


def _fallback_snippet(text, terms):
    pattern = (
        re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    )
    match = pattern.search(text) if pattern else None
    start = max(0, (match.start() if match else 0) - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    excerpt = text[start:end]
    if pattern:
        excerpt = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    return ("… " if start else "") + excerpt + (" …" if end < len(text) else "")
