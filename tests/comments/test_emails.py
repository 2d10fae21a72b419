"""Every comment email reads as typed, and names the site and the article."""

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django_comments_xtd.conf import settings as xtd_settings

from articles.factories import ArticleFactory
from comments.models import Comment

from .conftest import approve, make_comment

pytestmark = pytest.mark.django_db

NAME = "Siobhán O'Brien & Sons"
TITLE = 'Rock & Roll\'s "Return" <live>'
TEXT = "It's fish & chips, 3 < 4 and \"quoted\" > 'single'."
ESCAPES = ("&#", "&amp;", "&lt;", "&gt;", "&quot;")


@pytest.fixture
def site():
    site = Site.objects.get_current()
    site.name = "The Update Desk & Co"
    site.save()
    return site


@pytest.fixture
def story():
    return ArticleFactory(title=TITLE)


@pytest.fixture
def confirm_email():
    # django-comments-xtd copies its settings once, so override_settings does not reach them.
    previous = xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL
    xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    yield
    xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL = previous


def confirmation(post, story):
    post(story, name=NAME, comment=TEXT, email="reader@example.com")
    return mail.outbox[-1]


def approval(post, story):
    post(story, name=NAME, comment=TEXT, email="reader@example.com", followup="on")
    mail.outbox.clear()
    approve(Comment.objects.get())
    return mail.outbox[-1]


def reply(post, story):
    parent = make_comment(story, name=NAME, email="parent@example.com", followup=True)
    approve(make_comment(story, approved=False, name=NAME, comment=TEXT, parent=parent))
    return next(m for m in mail.outbox if "replied" in m.subject)


def digest(post, story, settings):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    make_comment(story, approved=False, name=NAME, comment=TEXT)
    call_command("comments_moderation_digest", verbosity=0)
    return mail.outbox[-1]


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        ("confirmation", f"Please confirm your comment on “{TITLE}”"),
        ("approval", f"Your comment on “{TITLE}” is published"),
        ("reply", f"{NAME} replied to your comment on “{TITLE}”"),
        ("digest", f"1 comment awaiting moderation on “{TITLE}”"),
    ],
)
def test_every_email_reads_as_typed_and_names_the_site_and_the_article(
    post, story, site, settings, confirm_email, kind, subject
):
    if kind != "confirmation":
        xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL = False
    make = {"confirmation": confirmation, "approval": approval, "reply": reply}.get(kind)
    message = make(post, story) if make else digest(post, story, settings)

    assert message.subject == f"[The Update Desk & Co] {subject}"
    body = message.body
    assert TEXT in body or TEXT[:20] in body
    assert not any(escape in body for escape in ESCAPES), body
    assert "&" in body and "'" in body
    if kind != "digest":
        assert f"“{TITLE}”" in body
    assert body.endswith("\n--\nThe Update Desk & Co\nhttps://example.com/\n")
    assert "Kind regards" not in body and "127.0.0.1" not in body


def test_a_name_with_a_line_break_cannot_break_the_subject(post, story):
    parent = make_comment(story, followup=True)
    approve(
        make_comment(
            story,
            approved=False,
            name="Mal\nBcc: x@example.com",
            email="mal@example.com",
            parent=parent,
        )
    )
    subjects = [m.subject for m in mail.outbox if "replied" in m.subject]
    assert subjects == [f"[Newsroom] Mal Bcc: x@example.com replied to your comment on “{TITLE}”"]
