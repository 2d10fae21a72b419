from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from comments.models import Comment, Moderation

from .conftest import form_data

POSTERS = 50


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_fifty_concurrent_commenters_each_stored_exactly_once(article):
    def post(n):
        try:
            response = Client().post(
                "/comments/post/",
                form_data(article, name=f"Poster {n}", comment=f"Concurrent comment {n}"),
                REMOTE_ADDR=f"10.1.{n // 250}.{n % 250}",
            )
            return n, response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=POSTERS) as pool:
        results = list(pool.map(post, range(POSTERS)))

    accepted = {n for n, status in results if status == 302}
    refused = [(n, status) for n, status in results if status != 302]
    assert all(400 <= status < 500 for _, status in refused), refused
    stored = list(Comment.objects.for_article(article).values_list("comment", flat=True))
    assert sorted(stored) == sorted(f"Concurrent comment {n}" for n in accepted)
    assert len(accepted) == POSTERS  # nothing in this load should be refused
    assert Moderation.objects.filter(state="pending").count() == POSTERS
