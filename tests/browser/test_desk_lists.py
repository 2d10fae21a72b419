"""The desk in Chromium: its lists fit the screen, its pages log no errors, and a user put in
Writers by an administrator signs in to it."""

import os
import secrets

import pytest
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site

from articles.factories import ArticleFactory
from authors.factories import AuthorFactory
from authors.models import Author
from tests.comments.conftest import make_comment
from tests.groups import ensure_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "Regional Leaders Sign Pact on River Water Sharing After Decades of Dispute Talks"


def screenshot(page, name):
    """Kept when NEWSROOM_SHOTS names a folder, to look at what the test saw."""
    folder = os.environ.get("NEWSROOM_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def make_user(django_user_model, username, group=None, **fields):
    password = secrets.token_urlsafe(12)
    user = django_user_model.objects.create_user(username, password=password, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user, password


def sign_in(page, username, password):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


@pytest.fixture
def desk(live_server, django_user_model):
    """A morning's list: long titles, two authors each, comments waiting."""
    ensure_groups()
    authors = [AuthorFactory(name="Marta Kowalska-Nowak"), AuthorFactory(name="Tomás Alvarez")]
    for number in range(12):
        article = ArticleFactory(title=f"{LONG_TITLE} {number}", authors=authors)
        make_comment(article, approved=False)
    return make_user(django_user_model, "edith", "Editors")


def table_fit(page):
    return page.evaluate(
        """() => {
          const table = document.querySelector('#result_list');
          const box = table.parentElement;
          const last = table.querySelector('tbody tr td:last-child').getBoundingClientRect();
          const titles = [...table.querySelectorAll('.desk-title')].map(title =>
            title.getBoundingClientRect().height / parseFloat(getComputedStyle(title).lineHeight));
          return {scrollWidth: table.scrollWidth, clientWidth: box.clientWidth,
                  lastRight: last.right, viewport: innerWidth,
                  pageWidth: document.documentElement.scrollWidth, titleLines: Math.max(0, ...titles)};
        }"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_article_and_author_lists_fit_the_screen(browser, live_server, desk, width):
    editor, password = desk
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "edith", password)
    for name, url in [
        ("articles", "/admin/articles/article/"),
        ("authors", "/admin/authors/author/"),
    ]:
        page.goto(url)
        screenshot(page, f"b-{name}-{width}")
        fit = table_fit(page)
        assert fit["scrollWidth"] <= fit["clientWidth"], (name, fit)
        assert fit["lastRight"] <= fit["viewport"], (name, fit)
        assert fit["pageWidth"] <= width, (name, fit)
        if name == "articles":
            assert 1 <= fit["titleLines"] <= 3, fit
            row = page.locator("#result_list tbody tr").first
            assert row.locator(".field-comment_counts").is_visible()
            assert "Marta Kowalska-Nowak, Tomás Alvarez" in row.inner_text()
    context.close()


def test_desk_pages_log_no_console_errors(browser, live_server, desk):
    editor, password = desk
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/admin/login/")
    sign_in(page, "edith", password)
    for url in [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/authors/author/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert errors == []
    context.close()


def test_a_user_put_in_writers_by_the_admin_signs_in_to_her_desk(
    browser, live_server, django_user_model
):
    ensure_groups()
    _admin, admin_password = make_user(django_user_model, "root", is_staff=True, is_superuser=True)
    nadia, nadia_password = make_user(
        django_user_model, "nadia", first_name="Nadia", last_name="Haddad"
    )
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "nadia", nadia_password)
    assert "ask an administrator to add you to Writers" in page.inner_text(".errornote")
    screenshot(page, "b-login-not-on-desk-1280")

    sign_in(page, "root", admin_password)
    page.goto(f"/admin/auth/user/{nadia.pk}/change/")
    assert not page.is_checked("#id_is_staff")
    page.select_option("#id_groups_from", label="Writers")
    page.click("#id_groups_add")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/auth/user/")
    nadia.refresh_from_db()
    assert nadia.is_staff
    assert Author.objects.get(user=nadia).name == "Nadia Haddad"
    context.close()

    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, "nadia", nadia_password)
    page.wait_for_url("**/admin/")
    assert page.inner_text("#site-name") == Site.objects.get_current().name
    assert page.get_by_role("link", name="Write a story").is_visible()
    assert page.get_by_role("heading", name="Your recent stories").is_visible()
    screenshot(page, "b-dashboard-writer-1280")
    context.close()
