"""The comment form sits on cached pages: anonymous posts are checked by origin, not token."""

import pytest
from django.test import Client

from comments.models import Comment

from .conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_anonymous_article_page_has_no_csrf_token_or_cookie(client, article):
    response = client.get(article.get_absolute_url())
    assert b'name="comment"' in response.content
    assert b"csrfmiddlewaretoken" not in response.content
    assert not response.cookies


def test_anonymous_same_site_post_is_accepted_without_a_token(strict_client, article):
    response = strict_client.post(
        "/comments/post/", form_data(article), headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "null"},
    ],
)
def test_anonymous_cross_site_post_is_refused(strict_client, article, headers):
    response = strict_client.post("/comments/post/", form_data(article), headers=headers)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_signed_in_user_needs_the_csrf_token(strict_client, article, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    strict_client.force_login(user)
    data = form_data(article)
    refused = strict_client.post("/comments/post/", data, headers={"Origin": "http://testserver"})
    assert refused.status_code == 403
    assert Comment.objects.count() == 0

    page = strict_client.get(article.get_absolute_url())
    token = page.context["csrf_token"]
    accepted = strict_client.post(
        "/comments/post/", {**data, "csrfmiddlewaretoken": str(token)},
        headers={"Origin": "http://testserver"},
    )  # fmt: skip
    assert accepted.status_code == 302
    assert Comment.objects.count() == 1


def test_the_commenters_own_landing_page_is_never_shared(client, article):
    response = client.post("/comments/post/", form_data(article))
    landing = client.get(response["Location"])
    assert "private" in landing["Cache-Control"] and "no-store" in landing["Cache-Control"]
    assert "awaiting moderation" in landing.content.decode()
