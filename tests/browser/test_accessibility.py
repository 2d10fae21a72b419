"""axe-core in headless Chromium: no serious or critical WCAG 2.2 AA problems on any page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from demo.content import SEED_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
PAGES = {
    "home": "/",
    "article": None,  # the seed article, filled in below
    "illustrated article": "/world/2026/11/27/aid-convoys-reach-flooded-villages-after-week-long-delay/",
    "author": "/authors/lisa-chang/",
    "section": "/world/",
    "topic": "/topics/ukraine/",
    "search": "/search/?q=ukraine",
    "empty search": "/search/",
    "not found": "/no/such/page/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


def serious_violations(axe, page):
    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_accessibility_violations(page, axe, demo_site, name):
    url = PAGES[name] or demo_site.get_absolute_url()
    for scheme in ["light", "dark"]:
        page.emulate_media(color_scheme=scheme)
        page.goto(url)
        assert serious_violations(axe, page) == [], scheme


@pytest.mark.parametrize("width", [320, 360])
def test_article_page_has_no_horizontal_scroll_on_a_narrow_phone(
    browser, live_server, demo_site, width
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 740}
    )
    page = context.new_page()
    try:
        for url in [demo_site.get_absolute_url(), "/", PAGES["illustrated article"]]:
            page.goto(url)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{url} is {scroll_width}px wide at {width}px"
    finally:
        context.close()


def test_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_pages_have_one_h1_and_landmarks(page, demo_site):
    for url in [
        "/",
        demo_site.get_absolute_url(),
        "/authors/lisa-chang/",
        "/world/",
        "/search/?q=x",
    ]:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        for landmark in ["banner", "main", "contentinfo", "search"]:
            assert page.get_by_role(landmark).count() >= 1, (url, landmark)


@pytest.fixture
def demo_site(demo):
    from articles.models import Article

    return Article.objects.get(slug=SEED_ARTICLE["slug"])
