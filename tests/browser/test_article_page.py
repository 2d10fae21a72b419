import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_shares_copies_the_link_and_opens_the_privacy_policy(
    page, live_server, seed_article
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(seed_article.get_absolute_url())

    assert page.locator("h1").inner_text() == seed_article.title
    assert page.locator(".reading-time").all_inner_texts() == ["3 min read"]

    share_links = page.locator(".share-links a")
    assert share_links.count() == 7
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == live_server.url + seed_article.get_absolute_url()
    for href in share_links.evaluate_all("links => links.map(link => link.href)"):
        assert canonical.replace(":", "%3A").replace("/", "%2F") in href

    copy = page.get_by_role("button", name="Copy link")
    assert copy.is_visible()
    copy.click()
    page.get_by_role("status").filter(has_text="Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == canonical

    page.locator(".site-footer").get_by_role("link", name="Privacy Policy").click()
    page.wait_for_url("**/privacy/")
    assert page.locator("h1").inner_text() == "Privacy Policy"
