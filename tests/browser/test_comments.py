import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from articles.factories import ArticleFactory
from comments.models import Comment, Moderation
from comments.services import comment_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUEUE = "/admin/newsroom_comments/comment/"


def approved_comment(article, name, text, **fields):
    return comment_import(
        article=article,
        state=Moderation.State.APPROVED,
        fields={
            "user_name": name,
            "user_email": f"{name.split()[0].lower()}@example.com",
            "comment": text,
            "submit_date": timezone.now(),
            **fields,
        },
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderator", password="moderate-me-42", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="newsroom_comments")
    )
    return user


def sign_in(page, next_url=QUEUE):
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("moderate-me-42")
    page.get_by_role("button", name="Log in").click()


def in_viewport(page, locator):
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
    )


def test_reader_comments_and_replies_then_a_moderator_approves_both(page, live_server, moderator):
    article = ArticleFactory(title="A story worth discussing")
    existing = approved_comment(article, "Existing Reader", "The first word.")
    later = approved_comment(article, "Later Reader", "Another thread.")

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
    form.get_by_role("textbox", name="Comment (required)", exact=True).fill(
        "A reply from the browser."
    )
    form.get_by_role("button", name="Post Comment").click()

    # The confirmation is in the thread the reader replied in, in view, with the focus.
    status = page.locator(f"#c{existing.pk} > #comment-status")
    status.get_by_text("Your reply is awaiting moderation.").wait_for()
    # Playwright's expect() polls from its own isolated world: the reader page's CSP (no
    # 'unsafe-eval') refuses wait_for_function's polling once its first check is false.
    expect(status).to_be_focused()
    expect(status).to_be_in_viewport(ratio=1)  # scrolling is smooth: this waits for it
    assert page.locator(f"#c{later.pk} #comment-status").count() == 0
    assert Comment.objects.filter(is_public=False).count() == 2

    sign_in(page)
    page.get_by_role("link", name="Needs a moderator 2").wait_for()
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    assert "In reply to Existing Reader: “The first word.”" in rows.first.inner_text()
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("approve")
    page.locator("button[name=index]").click()
    page.get_by_text("2 comments approved.").wait_for()

    page.goto(article.get_absolute_url())
    assert page.locator(".comment-count").inner_text() == "4 comments"
    children = page.locator(f"#c{existing.pk} > .comment-children")
    assert "A reply from the browser." in children.inner_text()


def test_at_1280_px_the_first_held_comments_approve_button_is_in_view(page, live_server, moderator):
    title = "A very long headline about the negotiations " * 3
    article = ArticleFactory(title=title.strip())
    parent = approved_comment(article, "Parent Person", "Words the reply answers.")
    long_url = "https://example.com/" + "a-very-long-path/" * 12
    for n, text in enumerate(["Short held comment.", f"{long_url} " + "word " * 590]):
        comment_import(
            article=article,
            state=Moderation.State.PENDING,
            parent=parent if n else None,
            fields={
                "user_name": f"Held Reader {n}",
                "user_email": f"held.reader.with.a.long.address.{n}@example.com",
                "comment": text,
                "submit_date": timezone.now(),
                "ip_address": "2001:db8:85a3::8a2e:370:7334",
            },
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page)

    first_row = page.locator("#result_list tbody tr").first
    approve = first_row.get_by_role("button", name="Approve")
    assert in_viewport(page, approve)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    results = page.locator(".results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert "Awaiting moderation" in first_row.inner_text()
    assert "In reply to Parent Person" in first_row.inner_text()
    title_box = first_row.locator(".queue-article").bounding_box()
    assert title_box["height"] < 30  # one line, not six

    approve.click()
    page.get_by_text("approved.").wait_for()
    assert Moderation.objects.get(comment__user_name="Held Reader 1").state == "approved"


def test_at_390_px_a_long_paste_is_counted_kept_and_not_posted(page, live_server):
    article = ArticleFactory()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(article.get_absolute_url())
    box = page.get_by_role("textbox", name="Comment (required)", exact=True)
    counter = page.locator(".comment-counter")
    shown = counter.locator('[aria-hidden="true"]')

    box.fill("a" * 2000)
    assert counter.is_hidden()
    box.fill("a" * 2500)
    assert shown.inner_text() == "500 characters left."
    box.fill("a" * 3050)

    assert box.input_value() == "a" * 3050  # nothing cut
    assert shown.inner_text() == (
        "50 characters over the limit of 3,000: please shorten your comment."
    )
    assert counter.bounding_box()["x"] + counter.bounding_box()["width"] <= 390
    page.get_by_role("textbox", name="Name (required)", exact=True).fill("Long Writer")
    page.get_by_role("textbox", name="Email (required)", exact=True).fill("long@example.com")
    page.get_by_role("button", name="Post Comment").click()
    assert box.evaluate("el => el.validity.customError")
    assert page.url.endswith(article.get_absolute_url())
    assert not Comment.objects.exists()
