"""The comment form's promises: no silent cut, the confirmation where the reader was."""

import re

import pytest
from django.conf import settings

from articles.factories import ArticleFactory
from comments.forms import CommentForm
from comments.models import Comment, DisallowedWord
from comments.services import comment_token

from .conftest import make_comment

pytestmark = pytest.mark.django_db


def test_nothing_in_the_form_cuts_what_is_typed_or_pasted(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    form = html[html.index('id="comment-form"') :]
    form = form[: form.index("</form>")]
    assert " maxlength" not in form
    assert f'data-maxlength="{settings.COMMENT_MAX_LENGTH}"' in form


def test_an_over_long_comment_is_a_400_that_keeps_all_of_it(post, article):
    text = "x" * 3000 + " and the last words"

    response = post(article, comment=text)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Your comment is 3,019 characters long, 19 more than the limit of 3,000." in html
    assert re.search(rf">\s*{text}</textarea>", html)
    assert not Comment.objects.exists()


def test_a_comment_at_the_limit_is_accepted(post, article):
    assert post(article, comment="y" * settings.COMMENT_MAX_LENGTH).status_code == 302


def test_an_over_long_edit_is_a_400_that_keeps_all_of_it(client, article):
    comment = make_comment(article, comment="Short")
    text = "z" * 3001

    response = client.post(f"/comments/own/{comment_token(comment)}/", {"comment": text})

    assert response.status_code == 400
    html = response.content.decode()
    assert "1 more than the limit of 3,000" in html
    assert re.search(rf">\s*{text}</textarea>", html)
    assert not re.search(r"<textarea[^>]* maxlength", html)
    comment.refresh_from_db()
    assert comment.comment == "Short"


def status_position(html, parent, next_thread):
    """Where the status box is, relative to the parent comment and the next thread."""
    status = html.index('id="comment-status"')
    return html.index(f'id="c{parent.pk}"') < status < html.index(f'id="c{next_thread.pk}"')


def test_after_a_reply_the_confirmation_is_in_that_replys_thread(client, post, article):
    first = make_comment(article, name="First")
    parent = make_comment(article, name="Parent")
    make_comment(article, name="Sibling", parent=parent)
    after = make_comment(article, name="After")

    response = post(article, comment="My reply", reply_to=str(parent.pk))
    html = client.get(response["Location"]).content.decode()

    assert response["Location"].endswith("#comment-status")
    assert html.count('id="comment-status"') == 1
    assert status_position(html, parent, after)
    assert html.index(f'id="c{first.pk}"') < html.index('id="comment-status"')
    assert "Your reply is awaiting moderation." in html


def test_after_a_top_level_comment_the_confirmation_is_above_the_threads(client, post, article):
    existing = make_comment(article)
    response = post(article, comment="Mine")
    html = client.get(response["Location"]).content.decode()
    assert html.index('id="comment-status"') < html.index(f'id="c{existing.pk}"')
    assert "Your comment is awaiting moderation." in html


def test_a_comment_stored_as_spam_is_promised_no_email(client, post, article):
    DisallowedWord.objects.create(word="casino")
    response = post(article, comment="casino bonus")
    html = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in html
    assert "we will email you" not in html


def test_a_form_for_an_article_no_longer_published_keeps_the_text(client):
    article = ArticleFactory()
    data = {**CommentForm(article).generate_security_data(), "comment": "Written meanwhile"}
    article.status = "draft"
    article.save()
    response = client.post("/comments/post/", {**data, "name": "N", "email": "n@example.com"})
    assert response.status_code == 400
    assert "Written meanwhile" in response.content.decode()
