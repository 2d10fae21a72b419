"""A writer writes a story in the admin's one body field and submits it; an editor previews
and schedules it; readers see it when its time comes. Screenshots go to /work/notes when that
folder exists (the desk's reviews look at them)."""

import secrets
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article
from authors.models import Author
from tests.body_stats import articles_off_the_rule
from tests.groups import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member(django_user_model, username, group):
    password = secrets.token_urlsafe(12)
    user = django_user_model.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user, password


def log_in(page, username, password):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def type_in_editor(page, textarea_id, text):
    frame = page.frame_locator(f"#cke_{textarea_id} iframe")
    body = frame.locator("body")
    body.wait_for()
    body.click()
    page.keyboard.type(text)


SHOTS = Path("/work/notes/issue-13-shots")


def shoot(page, name):
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"a-{name}.png"), full_page=True)


SENTENCE = "Talks resumed in Geneva on Tuesday as the ceasefire held for a third day"


def paragraph(sentences):
    return "<p>" + " ".join([SENTENCE] * sentences) + "</p>"


def story_body(image_url):
    """Three H2 sections and an inline image with alt text: 14 words a sentence, 40 sentences
    and three 3-word headings, so 569 words: 3 min read."""
    return (
        paragraph(10)
        + f'<p><img alt="Delegates arriving at the talks" src="{image_url}"></p>'
        + "<h2>Pressure on Kyiv</h2>"
        + paragraph(12)
        + "<h2>What Europe wants</h2>"
        + paragraph(10)
        + "<h2>What comes next</h2>"
        + paragraph(8)
    )


def set_body(page, html):
    wait_until(page, "!!(window.CKEDITOR && CKEDITOR.instances.id_body "
               "&& CKEDITOR.instances.id_body.status === 'ready')")  # fmt: skip
    page.evaluate("html => CKEDITOR.instances.id_body.setData(html)", html)
    wait_until(page, "CKEDITOR.instances.id_body.getData().includes('What comes next')")


def press(page, name):
    """Press a button below the form and wait for the page it leads to. (Mouse clicks on the
    buttons below the editor do not reach them in headless Chromium, as before this change,
    so the button is clicked from the page itself.)"""
    with page.expect_navigation():
        page.locator(f"input[name={name}]").evaluate("button => button.click()")


def wait_for_draft_keeper(page):
    wait_until(page, "!!document.querySelector('#article_form').dataset.newsroomLoaded")


def restore_banner_shown(page):
    return page.locator(".newsroom-draft-restore").is_visible()


def fits(page, selector, width):
    box = page.locator(selector).bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_a_story_from_the_writers_one_body_to_the_readers_page_on_time(
    browser, live_server, django_user_model
):
    ensure_groups()
    SectionFactory(name="World", slug="world")
    editor, editor_password = member(django_user_model, "edith", "Editors")
    image = default_storage.save("uploads/geneva-talks.png", ContentFile(png_bytes()))
    image_url = default_storage.url(image)

    # The administrator puts a new user in Writers, without ticking Staff status.
    admin_password = secrets.token_urlsafe(12)
    django_user_model.objects.create_superuser("root", password=admin_password)
    writer_password = secrets.token_urlsafe(12)
    writer = django_user_model.objects.create_user(
        "wendy", password=writer_password, first_name="Wendy", last_name="Writer"
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "root", admin_password)
    page.goto(f"/admin/auth/user/{writer.pk}/change/")
    assert not page.is_checked("#id_is_staff")
    page.select_option("#id_groups_from", label="Writers")
    page.click("#id_groups_add")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/auth/user/")
    context.close()
    writer.refresh_from_db()
    assert writer.is_staff
    own_author = Author.objects.get(user=writer)  # made when she joined Writers
    assert (own_author.name, own_author.slug) == ("Wendy Writer", "wendy-writer")

    # The writer writes the whole story in the one body field, saving twice on the way.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "wendy", writer_password)
    page.goto("/admin/articles/article/add/")
    wait_for_draft_keeper(page)
    assert not restore_banner_shown(page)
    assert page.input_value("#id_bylines-0-author") == str(own_author.pk)  # her own byline
    assert page.locator("#id_word_count, #id_reading_minutes, #notes-group").count() == 0
    page.locator("#id_title").press_sequentially("Geneva Talks Resume")
    assert page.input_value("#id_slug") == "geneva-talks-resume"
    page.fill("#id_standfirst", "The ceasefire holds for a third day.")
    page.select_option("#id_section", label="World")
    set_body(page, story_body(image_url))
    title_box = page.locator("#id_title").bounding_box()
    assert title_box["width"] > 900 and title_box["height"] > 40  # a large title, first
    assert (
        page.locator(".newsroom-details").bounding_box()["y"]
        > page.locator("#cke_id_body").bounding_box()["y"]
    )  # the details come after the writing
    shoot(page, "journey-writer-1280")
    press(page, "_continue")
    page.wait_for_url("**/change/")
    article = Article.objects.get(slug="geneva-talks-resume")
    wait_for_draft_keeper(page)
    page.wait_for_timeout(300)
    assert not restore_banner_shown(page)  # no banner after a successful save

    set_body(page, story_body(image_url).replace("What Europe wants", "What Europe asks"))
    press(page, "_continue")
    page.wait_for_url("**/change/")
    wait_for_draft_keeper(page)
    page.wait_for_timeout(300)
    assert not restore_banner_shown(page)
    page.goto("/admin/articles/article/add/")  # another story: nothing offered
    wait_for_draft_keeper(page)
    page.wait_for_timeout(300)
    assert not restore_banner_shown(page)

    page.goto(f"/admin/articles/article/{article.pk}/change/")
    wait_for_draft_keeper(page)
    assert not restore_banner_shown(page)
    press(page, "_submit_for_review")
    page.wait_for_url("**/admin/articles/article/")
    assert "Submitted for review" in page.content()
    context.close()

    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert [s.heading for s in article.sections.all()] == [
        "",
        "Pressure on Kyiv",
        "What Europe asks",
        "What comes next",
    ]
    assert 'alt="Delegates arriving at the talks"' in article.sections.first().body
    assert articles_off_the_rule(Article.objects.filter(pk=article.pk)) == []
    assert (article.word_count, article.reading_minutes) == (569, 3)

    # The editor previews it, then schedules it a minute ahead.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, "edith", editor_password)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    wait_for_draft_keeper(page)
    with context.expect_page() as preview_opened:
        page.locator("input[name=_preview]").evaluate("button => button.click()")
    preview = preview_opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "Geneva Talks Resume"
    assert preview.locator(".article-body h2").all_inner_texts() == [
        "Pressure on Kyiv",
        "What Europe asks",
        "What comes next",
    ]
    assert preview.locator('img[alt="Delegates arriving at the talks"]').count() == 1
    shoot(preview, "journey-preview-1280")
    preview.close()

    goes_live = timezone.localtime(timezone.now() + timedelta(minutes=1)).replace(
        second=0, microsecond=0
    ) + timedelta(minutes=1)
    page.fill("#id_published_at_0", goes_live.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", goes_live.strftime("%H:%M:%S"))
    shoot(page, "journey-editor-1280")
    press(page, "_publish")
    page.wait_for_url("**/admin/articles/article/")
    label = f"{goes_live.day} {goes_live:%b}, {goes_live:%H:%M} (Europe/London)"
    assert f"Scheduled for {label}: Geneva Talks Resume" in page.content()
    context.close()

    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.PUBLISHED, goes_live)
    assert article.editorial_status() == "Scheduled"

    # It goes live on time: the clock is moved to the stored publish time, not slept to.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    with mock.patch("django.utils.timezone.now", return_value=goes_live - timedelta(seconds=1)):
        assert page.goto(article.get_absolute_url()).status == 404
    with mock.patch("django.utils.timezone.now", return_value=goes_live):
        response = page.goto(article.get_absolute_url())
        assert response.status == 200
        assert page.locator(".reading-time").first.inner_text() == "3 min read"
        assert page.locator(".article-body h2").count() == 3
    context.close()


def png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 360), (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("role", ["writer", "editor"])
def test_the_article_form_at_desk_and_phone_widths(
    browser, live_server, django_user_model, width, role
):
    """A writer's new story, and an editor's form for a story in review (publishing, the
    note to the writer, corrections): nothing cut off, the writing first."""
    ensure_groups()
    SectionFactory(name="World", slug="world")
    writer, password = member(django_user_model, "wendy", "Writers")
    author = Author.objects.get(user=writer)
    url = "/admin/articles/article/add/"
    buttons = ["_submit_for_review", "_preview"]
    if role == "editor":
        _, password = member(django_user_model, "edith", "Editors")
        story = ArticleFactory(
            title="Geneva Talks Resume", status="review", published_at=None, authors=[author]
        )
        url = f"/admin/articles/article/{story.pk}/change/"
        buttons = ["_publish", "_send_back", "_preview"]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    try:
        log_in(page, "edith" if role == "editor" else "wendy", password)
        page.goto(url)
        wait_for_draft_keeper(page)
        page.fill("#id_title", "Geneva Talks Resume As The Ceasefire Holds For A Third Day")
        set_body(page, story_body("/static/img/icon-192.png"))
        shoot(page, f"{role}-form-{width}")
        selectors = ["#id_title", "#id_standfirst", "#cke_id_body", ".newsroom-details"]
        for selector in selectors + [f"input[name={name}]" for name in buttons]:
            assert fits(page, selector, width), selector
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator(".newsroom-details .form-row, .newsroom-details .help")
        for index in range(rows.count()):
            box = rows.nth(index).bounding_box()
            assert box is None or box["x"] + box["width"] <= width, rows.nth(index).inner_text()
        cut = page.evaluate(
            "() => Array.from(document.querySelectorAll('.newsroom-details .form-row'))"
            ".filter(row => row.scrollWidth > row.clientWidth + 1).map(row => row.className)"
        )
        assert cut == []  # nothing inside a row is wider than the row
        byline = page.locator("#bylines-group").bounding_box()["y"]
        assert page.locator("#id_slug").bounding_box()["y"] < byline  # right after the section
        assert byline < page.locator("#id_hero_image").bounding_box()["y"]
    finally:
        context.close()


def wait_until(page, expression, seconds=10):
    """Poll from Python: Playwright's wait_for_function evaluates strings, which the admin's
    Content-Security-Policy (no 'unsafe-eval') rightly refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def test_unsaved_edits_survive_a_crash_and_can_be_restored(browser, live_server, django_user_model):
    ensure_groups()
    SectionFactory(name="World", slug="world")
    editor, password = member(django_user_model, "draft-editor", "Editors")
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, editor.username, password)
        page.goto("/admin/articles/article/add/")
        wait_until(page, "!!document.querySelector('#article_form').dataset.newsroomLoaded")
        page.fill("#id_title", "Words that must not be lost")
        page.fill("#id_standfirst", "Typed before the browser crashed.")
        key = "newsroom-draft:add"
        wait_until(page, f"localStorage.getItem('{key}') !== null")

        page.reload()  # the crash: nothing was saved on the server
        banner = page.locator(".newsroom-draft-restore")
        banner.wait_for(state="visible")
        assert page.input_value("#id_title") == ""
        banner.get_by_role("button", name="Restore them").click()
        assert page.input_value("#id_title") == "Words that must not be lost"
        assert page.input_value("#id_standfirst") == "Typed before the browser crashed."
        assert not Article.objects.exists()

        page.reload()
        banner.wait_for(state="visible")
        banner.get_by_role("button", name="Discard them").click()
        assert page.evaluate(f"localStorage.getItem('{key}')") is None
    finally:
        context.close()
