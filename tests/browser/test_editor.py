"""A writer writes and submits a story in the admin; an editor publishes it; readers see it."""

import secrets
import time

import pytest
from django.contrib.auth.models import Group

from articles.factories import SectionFactory
from articles.models import Article
from authors.models import Author
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


def test_writer_submits_and_editor_publishes_through_the_admin(
    browser, live_server, django_user_model
):
    ensure_groups()
    SectionFactory(name="World", slug="world")
    writer, writer_password = member(django_user_model, "wendy", "Writers")
    Author.objects.filter(user=writer).update(name="Wendy Writer", slug="wendy-writer")
    editor, editor_password = member(django_user_model, "edith", "Editors")

    # The writer writes a story with two sections and submits it for review.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, "wendy", writer_password)
    page.goto("/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Bridge Reopens After Repairs")
    assert page.input_value("#id_slug") == "bridge-reopens-after-repairs"
    page.select_option("#id_section", label="World")
    page.click("#bylines-0 .select2-selection")
    page.fill(".select2-search__field", "Wendy")
    page.click(".select2-results__option >> text=Wendy Writer")
    type_in_editor(page, "id_sections-0-body", "The old bridge carries traffic again.")
    page.locator("#sections-group .add-row a").evaluate("link => link.click()")
    page.fill("#id_sections-1-heading", "What Comes Next")
    type_in_editor(page, "id_sections-1-body", "Engineers will inspect it every month.")
    assert page.locator("input[name=_publish]").count() == 0  # writers cannot publish
    # Mouse clicks on the buttons below the editors do not reach them in headless
    # Chromium (not yet understood; see the report), so the test clicks them directly.
    page.locator("input[name=_submit_for_review]").evaluate("button => button.click()")
    page.wait_for_url("**/admin/articles/article/")
    assert "Submitted for review" in page.content()
    context.close()

    article = Article.objects.get(slug="bridge-reopens-after-repairs")
    assert article.status == Article.Status.REVIEW
    assert [s.heading for s in article.sections.all()] == ["", "What Comes Next"]

    # The editor publishes it.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, "edith", editor_password)
    page.goto("/admin/articles/article/?status=review")
    page.click("text=Bridge Reopens After Repairs")
    page.click("input[name=_publish]")
    page.wait_for_url(lambda url: url.endswith("/admin/articles/article/?status=review"))
    context.close()

    # Readers see it.
    article.refresh_from_db()
    assert article.is_published()
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    response = page.goto(article.get_absolute_url())
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Bridge Reopens After Repairs"
    body = page.locator(".article-body").inner_text()
    assert "The old bridge carries traffic again." in body
    assert "Engineers will inspect it every month." in body
    assert page.locator(".article-body h2").inner_text() == "What Comes Next"
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
        key = "newsroom-draft:/admin/articles/article/add/"
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
