import pytest
from django.db import connection

from articles.factories import ArticleFactory
from articles.models import Article
from articles.search import CONFIG, search_vector

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's"),
]


def test_the_gin_index_matches_the_search_expression(db):
    from django.contrib.postgres.search import SearchQuery

    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    query = SearchQuery("story", search_type="websearch", config=CONFIG)
    plan = Article.objects.annotate(search=search_vector()).filter(search=query).explain()
    assert "articles_article_search" in plan
