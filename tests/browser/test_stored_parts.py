"""A reader's journey on an article page served from stored parts (the fragment cache on)."""

from pathlib import Path

import pytest

from articles.factories import ArticleFactory
from comments.models import Comment
from comments.services import comment_approve
from newsroom.caching import tags
from tests.browser.test_comments import approved_comment, in_viewport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/notes/issue-15-shots")


@pytest.fixture
def fragments_on(settings):
    settings.NEWSROOM_FRAGMENT_CACHE = True


def shoot(page, name):
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_reader_comments_through_a_stored_page_and_sees_it_once_approved(
    page, live_server, fragments_on, django_user_model, width
):
    page.set_viewport_size({"width": width, "height": 900})
    article = ArticleFactory(title="A story kept in parts")
    existing = approved_comment(article, "Existing Reader", "The first word.")
    page.goto(article.get_absolute_url())  # renders and stores the parts
    page.reload()  # served from them

    page.get_by_role("textbox", name="Name (required)", exact=True).fill("Stored Form Reader")
    page.get_by_role("textbox", name="Email (required)", exact=True).fill("stored@example.com")
    page.get_by_role("textbox", name="Comment (required)", exact=True).fill("Posted from parts.")
    page.get_by_role("button", name="Post Comment").click()
    page.get_by_text("Your comment is awaiting moderation.").wait_for()
    comment = Comment.objects.get(comment="Posted from parts.")
    assert not comment.is_public

    # The reply link still moves the stored form under its comment (comments.js).
    page.get_by_role("link", name="Reply to Existing Reader").click()
    assert page.locator(f"#c{existing.pk} #comment-form").is_visible()

    editor = django_user_model.objects.create_user("editor", is_staff=True)
    comment_approve(comment=comment, by=editor)
    tags.bump_now([f"comments:{article.pk}"])  # what the invalidation map does on approval
    page.goto(article.get_absolute_url())
    thread = page.locator(".comment-list")
    assert "Posted from parts." in thread.inner_text()
    assert page.locator(".comment-count").inner_text() == "2 comments"
    heading = page.get_by_role("heading", name="A story kept in parts")
    assert in_viewport(page, heading)
    shoot(page, f"15b-article-from-parts-{width}.png")
