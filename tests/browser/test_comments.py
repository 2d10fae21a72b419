import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles.factories import ArticleFactory
from comments.models import Comment, Moderation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_comments_and_replies_then_a_moderator_approves_both(
    page, live_server, django_user_model
):
    article = ArticleFactory(title="A story worth discussing")
    existing = Comment.objects.create(
        content_object=article,
        site_id=1,
        user_name="Existing Reader",
        user_email="existing@example.com",
        comment="The first word.",
        submit_date=timezone.now(),
        is_public=True,
    )
    Moderation.objects.create(comment=existing, state="approved")
    moderator = django_user_model.objects.create_user(
        "moderator", password="moderate-me-42", is_staff=True
    )
    moderator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsroom_comments")
    )

    page.goto(article.get_absolute_url())
    page.get_by_role("textbox", name="Name (required)", exact=True).fill("Browser Reader")
    page.get_by_role("textbox", name="Email (required)", exact=True).fill("browser@example.com")
    page.get_by_role("textbox", name="Comment (required)", exact=True).fill(
        "A comment from the browser."
    )
    page.get_by_role("checkbox", name="Save my name, email, and website").check()
    page.get_by_role("button", name="Post Comment").click()
    page.get_by_text("Your comment is awaiting moderation.").wait_for()
    assert "A comment from the browser." not in page.locator(".comment-list").inner_text()

    page.get_by_role("link", name="Reply to Existing Reader").click()
    form = page.locator(f"#c{existing.pk} #comment-form")
    assert form.is_visible()  # moved under the comment by comments.js
    assert page.locator("#reply-title").inner_text() == "Reply to Existing Reader"
    # Remembered by the browser because the reader ticked the box.
    assert form.get_by_role("textbox", name="Name (required)", exact=True).input_value() == (
        "Browser Reader"
    )
    assert form.get_by_role("textbox", name="Email (required)", exact=True).input_value() == (
        "browser@example.com"
    )
    form.get_by_role("textbox", name="Comment (required)", exact=True).fill(
        "A reply from the browser."
    )
    form.get_by_role("button", name="Post Comment").click()
    page.get_by_text("Your comment is awaiting moderation.").wait_for()
    assert Comment.objects.filter(is_public=False).count() == 2

    page.goto("/admin/login/?next=/admin/newsroom_comments/comment/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("moderate-me-42")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Awaiting moderation: 2").wait_for()
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "All comments are moderated" in rows.first.inner_text()
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()
    page.get_by_text("2 comments approved.").wait_for()

    page.goto(article.get_absolute_url())
    assert page.locator(".comment-count").inner_text() == "3 comments"
    children = page.locator(f"#c{existing.pk} > .comment-children")
    assert "A reply from the browser." in children.inner_text()
    top_level = page.locator(".comment-list > li")
    assert top_level.count() == 2
    assert "A comment from the browser." in top_level.nth(1).inner_text()
