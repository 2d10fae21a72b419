"""Live coverage in Chromium: an editor posts from a phone; a reader sees it arrive."""

import secrets
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase

from authors.factories import AuthorFactory
from live.factories import LiveStoryFactory, LiveUpdateFactory
from live.models import LiveUpdate
from tests.groups import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/notes/issue-17-shots")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shoot(page, name, full_page=True):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture
def editor(django_user_model):
    ensure_groups()
    password = secrets.token_urlsafe(12)
    user = django_user_model.objects.create_user(
        "edith", password=password, is_staff=True, first_name="Edith"
    )
    user.groups.add(Group.objects.get(name="Editors"))
    AuthorFactory(name="Edith Editor", slug="edith-editor", user=user)
    return user, password


@pytest.fixture
def story(db):
    story = LiveStoryFactory(title="Peace talks in Geneva: live", section__slug="world",
                             section__name="World")  # fmt: skip
    for minutes, headline in [(40, "Delegations arrive"), (25, "Talks open"), (5, "")]:
        LiveUpdateFactory(
            article=story,
            headline=headline,
            is_key_event=headline == "Talks open",
            posted_at=story.live_from.replace(second=0)
            + __import__("datetime").timedelta(minutes=60 - minutes),
        )
    return story


def log_in(page, username, password):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_editor_posts_an_update_from_the_short_form(browser, live_server, editor, story,
                                                       viewport):  # fmt: skip
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    log_in(page, "edith", editor[1])
    page.goto(story.get_absolute_url())
    page.click("text=Post an update")
    page.wait_for_url(f"**/admin/live/liveupdate/add/?article={story.pk}")
    assert page.locator("#id_article").input_value() == str(story.pk)
    page.fill("#id_headline", "Prisoner exchange agreed")
    frame = page.frame_locator("#cke_id_body iframe")
    frame.locator("body").wait_for()
    frame.locator("body").click()
    page.keyboard.type("Both sides agreed to exchange 200 prisoners each.")
    page.check("#id_is_key_event")
    shoot(page, f"posting-form-{viewport['width']}")
    save = page.locator("input[name=_save]")
    save.scroll_into_view_if_needed()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= viewport["width"]  # nothing to scroll sideways on a phone
    save.evaluate("button => button.click()")
    page.wait_for_url(f"**/admin/live/liveupdate/add/?article={story.pk}")
    assert "Posted at" in page.locator(".messagelist").inner_text()

    update = LiveUpdate.objects.get(headline="Prisoner exchange agreed")
    assert update.article == story and update.is_key_event
    assert "Both sides agreed to exchange 200 prisoners each." in update.body
    assert [a.name for a in update.authors.all()] == ["Edith Editor"]
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_reader_is_offered_a_new_update_and_inserts_it_on_click(browser, live_server, story,
                                                                  settings, viewport):  # fmt: skip
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(story.get_absolute_url())
    shoot(page, f"live-page-{viewport['width']}")
    button = page.locator("[data-live-new]")
    assert button.is_hidden()
    before = page.locator("[data-live-updates] [data-update-id]").count()

    with TestCase.captureOnCommitCallbacks(execute=True):
        newest = LiveUpdateFactory(article=story, headline="Lunch break")

    button.wait_for(state="visible", timeout=3000)  # within one poll interval (1 s), and some
    assert button.inner_text() == "Show 1 new update"
    assert page.locator("[data-live-status]").inner_text() == "1 new update."
    assert page.locator("[data-live-status]").get_attribute("aria-live") == "polite"
    # Nothing is inserted until the reader asks.
    assert page.locator("[data-live-updates] [data-update-id]").count() == before
    box = button.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    shoot(page, f"live-page-new-update-{viewport['width']}", full_page=False)

    button.click()
    first = page.locator("[data-live-updates] [data-update-id]").first
    assert first.get_attribute("data-update-id") == str(newest.pk)
    assert page.locator("[data-live-updates] [data-update-id]").count() == before + 1
    assert button.is_hidden()
    assert errors == []  # CSP violations would show here
    context.close()


def test_the_label_shows_on_the_home_page_and_goes_when_coverage_ends(browser, live_server,
                                                                      story):  # fmt: skip
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article

    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    label = page.locator(".live-label").first
    assert label.inner_text() == "LIVE" and label.is_visible()
    shoot(page, "home-with-live-label-390", full_page=False)

    Article.objects.filter(pk=story.pk).update(live_until=timezone.now() - timedelta(minutes=1))
    page.goto(story.get_absolute_url())
    assert page.locator(".live-label").count() == 0
    ended = page.locator(".live-ended")
    assert ended.inner_text().startswith("Coverage ended at ")
    ended.scroll_into_view_if_needed()
    shoot(page, "live-page-ended-390", full_page=False)
    context.close()
