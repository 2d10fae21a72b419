"""The reader's site as a reader sees it: phone header, brand type, topics, share icons,
author box, logo; at 390 and 1280 px, light and dark."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from demo.seed import SEED_ARTICLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_url(demo):
    from articles.models import Article

    return Article.objects.get(slug=SEED_ARTICLE["slug"]).get_absolute_url()


@pytest.fixture
def phone(browser, live_server):
    contexts = []

    def open_page(scheme="light", width=390):
        context = browser.new_context(base_url=live_server.url, color_scheme=scheme,
                                      viewport={"width": width, "height": 844})  # fmt: skip
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_header_is_at_most_120px_with_every_section_on_one_line(phone, seed_url, scheme):
    page = phone(scheme)
    for url in ["/", seed_url, "/authors/lisa-chang/"]:
        page.goto(url)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 120, (url, header)
        links = page.locator(".site-nav a")
        assert links.count() == 5
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(5)}
        assert len(tops) == 1, "the sections wrap"
        assert links.nth(4).bounding_box()["x"] + links.nth(4).bounding_box()["width"] <= 390
        assert page.locator(".search-link").is_visible()
        assert not page.locator(".masthead .search-form").is_visible()


def test_the_search_link_leads_to_the_search_form(phone, demo):
    page = phone()
    page.goto("/")
    page.locator(".search-link").click()
    page.wait_for_url("**/search/")
    page.get_by_label("Search stories").last.fill("ukraine")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=ukraine")
    assert "result" in page.locator("#results-heading").inner_text()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_headlines_use_the_brand_font_without_shifting_the_layout(phone, seed_url, scheme):
    page = phone(scheme, width=1280)
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(list => list.getEntries()"
        ".forEach(e => { if (!e.hadRecentInput) window.__shift += e.value; }))"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(seed_url)
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('600 40px Newsreader')")
    assert "Newsreader" in page.locator("h1").evaluate("h => getComputedStyle(h).fontFamily")
    assert page.evaluate("window.__shift") == 0


def test_a_reader_follows_a_topic_from_the_article(phone, seed_url):
    page = phone()
    page.goto(seed_url)
    topics = page.locator(".topic-links a")
    assert topics.all_inner_texts() == ["Diplomacy", "Ukraine", "United States"]
    topics.filter(has_text="Ukraine").click()
    page.wait_for_url("**/topics/ukraine/")
    assert page.locator("h1").inner_text() == "Ukraine"
    assert page.get_by_role("link", name="US Signals Conditional").count() == 1
    assert page.locator(".follow-links a").first.get_attribute("href") == "/topics/ukraine/feed/"


@pytest.mark.parametrize("width", [390, 1280])
def test_share_icons_and_a_short_author_box_fit_the_screen(phone, seed_url, width):
    page = phone(width=width)
    page.goto(seed_url)
    links = page.locator(".share-links a")
    assert links.count() == 7
    for i in range(7):
        link = links.nth(i)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert link.get_attribute("aria-label").startswith("Share ")
        assert link.locator("svg").is_visible()
    author_box = page.locator(".author-box").bounding_box()
    assert author_box["height"] < (460 if width == 390 else 260), author_box
    assert page.locator(".author-box .credential").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_editors_logo_is_shown_where_the_site_name_was(phone, demo, scheme):
    from django.contrib.sites.models import Site

    from newsroom.models import SiteSettings

    def png(colour):
        buffer = io.BytesIO()
        Image.new("RGBA", (480, 160), colour).save(buffer, "PNG")
        return ContentFile(buffer.getvalue())

    row = SiteSettings(site=Site.objects.get_current())
    row.logo.save("logo.png", png((20, 20, 20, 255)), save=False)
    row.logo_dark.save("logo-dark.png", png((240, 240, 240, 255)), save=False)
    row.save()
    page = phone(scheme)
    page.goto("/")
    logo = page.locator(".brand-logo")
    assert logo.get_attribute("alt") == "The Update Desk"
    assert logo.evaluate("img => img.complete && img.naturalHeight") == 80
    current = logo.evaluate("img => img.currentSrc")
    expected = row.header_logo_dark if scheme == "dark" else row.header_logo
    assert current.endswith(expected["url"])
    assert logo.bounding_box()["height"] == 40
    assert page.locator(".brand-name").count() == 0


def test_every_story_in_the_home_pages_list_is_a_24px_target_on_a_phone(phone, demo):
    """WCAG 2.2's target size: a one-line title sits between its section's link and the
    next story, so it must be 24 px tall itself (Lighthouse flagged 19 px)."""
    page = phone(width=412)  # Lighthouse's phone
    page.goto("/")
    titles = page.locator(".river-title a")
    assert titles.count() > 0
    for i in range(titles.count()):
        title = titles.nth(i)
        title.scroll_into_view_if_needed()
        rects = title.evaluate("link => [...link.getClientRects()].map(rect => rect.height)")
        assert min(rects) >= 24, (title.inner_text(), rects)
