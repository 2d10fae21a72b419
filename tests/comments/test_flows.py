import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import timezone
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import XtdComment

from articles.factories import ArticleFactory
from comments.models import Comment, Moderation, Report
from comments.services import comment_feature, comment_token

from .conftest import approve, make_comment

pytestmark = pytest.mark.django_db

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def link_in(body):
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


@pytest.fixture
def confirm_email():
    # django-comments-xtd copies its settings once, so override_settings does not reach them.
    previous = xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL
    xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    yield
    xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL = previous


def test_confirmation_flow_stores_the_comment_only_once_the_link_is_opened(
    client, post, article, confirm_email
):
    response = post(article, comment="Please confirm me", email="new@example.com")

    assert response.status_code == 302
    assert response["Location"].endswith("?comment=confirm#comment-status")
    assert not Comment.objects.exists()
    assert "Check your email" in client.get(response["Location"]).content.decode()
    assert mail.outbox[0].to == ["new@example.com"]
    confirm_path = re.search(r"(/comments/confirm/\S+/)", mail.outbox[0].body).group(1)

    first = client.get(confirm_path)
    second = client.get(confirm_path)

    comment = Comment.objects.get()
    assert (comment.comment, comment.is_public) == ("Please confirm me", False)
    assert comment.moderation.state == Moderation.State.PENDING
    assert first.status_code == second.status_code == 302
    assert "Your comment is awaiting moderation." in client.get(first["Location"]).content.decode()


def test_forged_confirmation_link_is_a_clear_400(client):
    response = client.get("/comments/confirm/not-a-real-key/")
    assert response.status_code == 400
    assert "This confirmation link is not valid" in response.content.decode()


def test_held_replies_stay_held_when_their_parent_is_approved(article):
    # django-comments-xtd's pre_save handler would publish every reply under an approved comment.
    parent = make_comment(article, approved=False)
    reply = make_comment(article, approved=False, parent=parent)
    Comment.objects.filter(pk=parent.pk).update(is_public=True)  # so the reply is allowed

    approve(parent)
    XtdComment.objects.get(pk=parent.pk).save()  # e.g. an edit through xtd's own admin

    reply.refresh_from_db()
    assert reply.is_public is False


def test_author_can_edit_within_the_window_and_the_edit_is_held_again(client, article):
    comment = make_comment(article, comment="Original text")
    token = comment_token(comment)

    page = client.get(f"/comments/own/{token}/")
    assert page.status_code == 200
    assert "Original text" in page.content.decode()
    response = client.post(f"/comments/own/{token}/", {"action": "edit", "comment": "Edited text"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.comment, comment.is_public) == ("Edited text", False)
    assert comment.moderation.state == Moderation.State.PENDING
    assert comment.moderation.why_held() == "Edited by its author"


def test_author_can_delete_their_comment_after_confirming(client, article):
    comment = make_comment(article, comment="Regretted")
    token = comment_token(comment)

    edit_page = client.get(f"/comments/own/{token}/").content.decode()
    assert f'href="/comments/own/{token}/delete/">Delete this comment…</a>' in edit_page
    question = client.get(f"/comments/own/{token}/delete/")
    assert question.status_code == 200
    assert "Delete your comment?" in question.content.decode()
    assert "cannot be undone" in question.content.decode()
    comment.refresh_from_db()
    assert comment.is_public  # asking deletes nothing
    response = client.post(f"/comments/own/{token}/delete/")

    assert response.status_code == 302
    assert "Your comment was deleted." in client.get(response["Location"]).content.decode()
    comment.refresh_from_db()
    assert (comment.is_public, comment.is_removed) == (False, True)
    assert comment.moderation.state == Moderation.State.WITHDRAWN


def test_an_old_delete_button_asks_first_instead_of_deleting(client, article):
    comment = make_comment(article)
    token = comment_token(comment)
    response = client.post(f"/comments/own/{token}/", {"action": "delete"})
    assert response["Location"] == f"/comments/own/{token}/delete/"
    comment.refresh_from_db()
    assert comment.is_public


def test_edit_link_expires_after_the_window(client, article, settings):
    settings.COMMENTS_EDIT_SECONDS = -1
    comment = make_comment(article)
    response = client.post(f"/comments/own/{comment_token(comment)}/delete/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert client.get("/comments/own/forged/").status_code == 410
    comment.refresh_from_db()
    assert comment.is_public


def test_landing_page_offers_the_edit_link(client, post, article):
    response = post(article)
    html = client.get(response["Location"]).content.decode()
    assert "Edit or delete your comment" in html
    assert "/comments/own/" in html


def test_reader_report_returns_the_comment_to_the_queue_without_details_of_others(client, article):
    comment = make_comment(article)
    Report.objects.create(comment=comment, reason="abuse", ip_address="198.51.100.7")

    form = client.get(f"/comments/report/{comment.pk}/")
    assert form.status_code == 200
    response = client.post(f"/comments/report/{comment.pk}/", {"reason": "spam"})
    client.post(f"/comments/report/{comment.pk}/", {"reason": "spam"})  # same reader again

    assert response.status_code == 200
    html = response.content.decode()
    assert "A moderator will review this comment." in html
    assert "198.51.100.7" not in html and "Abusive" not in html
    moderation = Moderation.objects.get(pk=comment.pk)
    assert moderation.state == Moderation.State.REPORTED
    assert moderation.why_held() == "Flagged by readers: Abusive or hateful (1), Spam (1)"
    assert comment.reports.count() == 2


def test_report_needs_a_reason_and_only_public_comments_can_be_reported(client, article):
    comment = make_comment(article)
    assert client.post(f"/comments/report/{comment.pk}/", {}).status_code == 400
    held = make_comment(article, approved=False)
    assert client.get(f"/comments/report/{held.pk}/").status_code == 404


def test_reply_page_hides_held_comments_from_anonymous_readers(client, article):
    # django-comments-xtd 2.10.13's /comments/reply/<id>/ shows a held comment to anyone.
    held = make_comment(article, approved=False, comment="Secret until approved")
    response = client.get(f"/comments/reply/{held.pk}/")
    assert response.status_code == 404
    assert "Secret until approved" not in response.content.decode()


def test_reply_page_shows_the_parent_and_a_form_replying_to_it(client, article):
    parent = make_comment(article, name="Alice Parent", comment="Parent words")
    html = client.get(f"/comments/reply/{parent.pk}/").content.decode()
    assert "Reply to Alice Parent" in html
    assert "Parent words" in html
    assert f'name="reply_to" value="{parent.pk}"' in html
    assert "alice.parent@example.com" not in html


def test_reply_page_of_a_closed_article_says_so(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=40))
    parent = make_comment(article)
    html = client.get(f"/comments/reply/{parent.pk}/").content.decode()
    assert "Comments are closed." in html
    assert "/comments/post/" not in html


def test_reader_pages_have_no_inline_handlers_or_styles(client, post, article):
    parent = make_comment(article)
    rendered = Template("{% load comments %}{% render_comment_form for article %}").render(
        Context({"article": article})
    )
    error_page = post(article, email="bad").content.decode()
    pages = [
        rendered,
        error_page,
        client.get(article.get_absolute_url()).content.decode(),
        client.get(f"/comments/reply/{parent.pk}/").content.decode(),
        client.get(f"/comments/report/{parent.pk}/").content.decode(),
    ]
    for html in pages:
        assert "/comments/post/" in html or "Report a comment" in html
        assert not re.search(r"\son[a-z]+\s*=", html)
        assert "style=" not in html
        assert "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)


def test_commenters_email_addresses_never_appear_on_the_article_page(client, seed_article):
    html = client.get(seed_article.get_absolute_url()).content.decode()
    assert "20 comments" in html
    assert EMAIL_PATTERN.findall(html) == []


def test_comment_text_is_escaped_with_line_breaks_kept_and_urls_linkified(client, article):
    make_comment(
        article,
        comment="<b>bold</b>\nsecond line https://example.org",
        user_url="https://me.example",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;<br>second line" in html
    assert '<a href="https://example.org" rel="nofollow">https://example.org</a>' in html
    assert 'href="https://me.example" rel="nofollow ugc noopener"' in html


def test_comment_time_is_shown_in_the_sites_time_zone(client, article, settings):
    settings.TIME_ZONE = "Europe/London"
    submitted = datetime(2026, 7, 14, 9, 5, tzinfo=UTC)  # 10:05 in London (summer time)
    comment = make_comment(article, submit_date=submitted)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<a class="comment-date" href="#c{comment.pk}">'
        '<time datetime="2026-07-14T10:05:00+01:00">14 July 2026 at 10:05</time></a>'
    ) in html


def test_threads_are_oldest_first_and_featured_comments_are_pinned_first(client, article):
    old = make_comment(article, name="Oldest One")
    new = make_comment(article, name="Newest One")
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(f'id="c{old.pk}"') < html.index(f'id="c{new.pk}"')

    comment_feature(comment=new, featured=True, by=None)

    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index(f'id="c{new.pk}"') < html.index(f'id="c{old.pk}"')
    assert 'class="comment comment-featured"' in html


def test_replies_of_a_hidden_comment_are_hidden_with_it(client, article):
    parent = make_comment(article, approved=False)
    make_comment(article, parent=parent, comment="Orphan reply")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Orphan reply" not in html


@pytest.mark.parametrize("count", [1, 200])
def test_article_page_query_count_is_constant_as_comments_grow(
    client, django_assert_num_queries, count, django_user_model
):
    article = ArticleFactory()
    staff = django_user_model.objects.create_user("staffer", is_staff=True)
    roots = [make_comment(article, name=f"Reader {i}") for i in range(max(1, count // 4))]
    while Comment.objects.count() < count:
        parent = roots[Comment.objects.count() % len(roots)]
        make_comment(article, parent=parent, user=staff, name="Staff Writer")
    client.get(article.get_absolute_url())  # warms the site and navigation caches

    # The article page's eight (tests/articles/test_views.py), the comments being one of them.
    with django_assert_num_queries(8):
        response = client.get(article.get_absolute_url())

    assert f"{count} comment" in response.content.decode()
