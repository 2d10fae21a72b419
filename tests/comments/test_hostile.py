"""Integers from outside (form fields, URL paths, query strings): a 4xx, never a 500, on
SQLite and PostgreSQL alike (the suite runs on both in CI)."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from articles.factories import ArticleFactory
from articles.models import Article
from comments.forms import REPLY_REFUSED
from comments.models import Comment

from .conftest import form_data, make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/newsroom_comments/comment/"
HUGE = "9" * 20  # above 2**63 - 1: SQLite's driver raised OverflowError (a 500)


@pytest.mark.parametrize(
    "reply_to",
    ["999999999999", str(2**31), str(2**63 - 1), str(2**63), HUGE, "-1", "1e3", "abc", "１２"],
)
def test_an_impossible_reply_to_is_a_400_that_keeps_the_text(post, article, reply_to):
    make_comment(article)

    response = post(article, comment="Keep this reply", reply_to=reply_to)

    assert response.status_code == 400
    html = response.content.decode()
    assert REPLY_REFUSED in html
    assert re.search(r">\s*Keep this reply</textarea>", html)
    assert 'name="reply_to" value="0"' in html  # posting again adds it as a new comment
    assert not Comment.objects.filter(comment="Keep this reply").exists()


@pytest.mark.parametrize("object_pk", [HUGE, "-5", "abc", str(2**63)])
def test_a_form_for_an_impossible_article_is_a_400_that_keeps_the_text(client, object_pk):
    data = {**form_data(ArticleFactory()), "object_pk": object_pk, "comment": "Keep me too"}
    response = client.post("/comments/post/", data)
    assert response.status_code == 400
    assert "Keep me too" in response.content.decode()


@pytest.mark.parametrize("view", ["reply", "report"])
@pytest.mark.parametrize("number", ["9" * 18, "9" * 19, HUGE, "9" * 40])
def test_comment_urls_with_impossible_ids_are_404(client, view, number):
    assert client.get(f"/comments/{view}/{number}/").status_code == 404


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.mark.parametrize("number", [HUGE, "9" * 19, "-1", "abc"])
def test_the_queue_answers_impossible_ids_without_a_500(moderator_client, article, number):
    change = moderator_client.get(f"{QUEUE}{number}/change/")
    assert change.status_code == 302  # the admin's "does not exist" message
    # Not a moderate URL at all: the admin's catch-all sends it to a change page that says so.
    moderate = moderator_client.post(f"{QUEUE}{number}/moderate/", {"do": "approve"}, follow=True)
    assert moderate.status_code == 200
    assert "doesn’t exist" in moderate.content.decode()
    bulk = moderator_client.post(QUEUE, {"action": "approve", "_selected_action": [number]})
    assert bulk.status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        f"submit_date__year={HUGE}",
        f"submit_date__year=2026&submit_date__month={HUGE}",
        f"submit_date__day={HUGE}&submit_date__month=1&submit_date__year=2026",
        f"p={HUGE}",
        f"article={HUGE}",
    ],
)
def test_the_queue_answers_impossible_numbers_in_its_query_without_a_500(
    moderator_client, article, query
):
    make_comment(article, approved=False)
    assert moderator_client.get(f"{QUEUE}?{query}").status_code in (200, 302, 400)


def test_a_number_too_long_for_any_date_is_a_400_in_the_article_admin_too(admin_client):
    response = admin_client.get(f"/admin/articles/article/?published_at__year={HUGE}")
    assert response.status_code == 400


def test_the_link_to_a_comments_article_never_reveals_an_unpublished_one(client, article):
    draft = ArticleFactory(status="draft", title="Secret plans")
    articles = ContentType.objects.get_for_model(Article).pk
    users = ContentType.objects.get(app_label="auth", model="user").pk

    assert client.get(f"/comments/cr/{articles}/{article.pk}/")["Location"] == (
        article.get_absolute_url()
    )
    assert client.get(f"/comments/cr/{articles}/{draft.pk}/").status_code == 404
    assert client.get(f"/comments/cr/{users}/{article.pk}/").status_code == 404
    assert client.get(f"/comments/cr/{articles}/{HUGE}/").status_code == 404
