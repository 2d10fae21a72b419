"""A reader on cached pages while a moderator works: the approved comment shows on the next
visit of its story, and the other story is served as it was stored."""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from articles.factories import ArticleFactory
from comments.models import Moderation
from comments.services import comment_import
from tests.browser.test_comments import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("NEWSROOM_SHOTS_DIR", "/tmp/newsroom-shots"))


@pytest.fixture
def moderator(django_user_model):
    """The user ``sign_in`` signs in as."""
    user = django_user_model.objects.create_user(
        "moderator", password="moderate-me-42", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsroom_comments")
    )
    return user


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("width", [390, 1280])
def test_an_approved_comment_shows_on_the_next_visit_and_other_pages_stay_stored(
    browser,
    page,
    live_server,
    moderator,
    settings,
    width,
):
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    story = ArticleFactory(title="Talks resume in Geneva")
    other = ArticleFactory(title="Markets steady after the vote")
    comment_import(
        article=story,
        state=Moderation.State.PENDING,
        fields={"user_name": "Patient Reader", "user_email": "patient@example.com",
                "comment": "Worth the wait.", "submit_date": timezone.now()},
    )  # fmt: skip
    reader = browser.new_context(base_url=live_server.url).new_page()
    reader.set_viewport_size({"width": width, "height": 900})
    reader.goto(story.get_absolute_url())
    assert reader.get_by_text("Worth the wait.").count() == 0
    other_etag = reader.goto(other.get_absolute_url()).headers["etag"]

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page)
    page.locator("#result_list tbody tr").first.get_by_role("button", name="Approve").click()
    page.get_by_text("approved.").wait_for()

    reader.goto(story.get_absolute_url())
    comment = reader.get_by_text("Worth the wait.")
    comment.scroll_into_view_if_needed()
    assert comment.is_visible()
    shot(reader, f"15a-approved-comment-{width}")
    assert reader.goto(other.get_absolute_url()).headers["etag"] == other_etag
    reader.context.close()
