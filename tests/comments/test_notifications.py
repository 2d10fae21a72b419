"""'Email me replies to my comment': who is emailed when a comment is published, exactly, and
the unsubscribe link of each email."""

import re

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.test import Client
from django_comments_xtd import signed
from django_comments_xtd.conf import settings as xtd_settings

from comments.models import Comment, Moderation
from comments.services import comment_edit, comment_import

from .conftest import approve, form_data, make_comment

pytestmark = pytest.mark.django_db


def reply_emails():
    """{recipient: [subjects]} of the emails telling readers about a reply."""
    found = {}
    for message in mail.outbox:
        if " replied to your comment on " in message.subject:
            found.setdefault(message.to[0], []).append(message.subject)
    return found


def held(article, **fields):
    return make_comment(article, approved=False, **fields)


@pytest.fixture
def thread(article):
    """Ann's comment, Bea's reply to it and, elsewhere on the article, Dan's comment: all
    three asked to be emailed replies."""
    ann = make_comment(article, name="Ann", email="ann@example.com", followup=True)
    bea = make_comment(article, name="Bea", email="bea@example.com", followup=True, parent=ann)
    dan = make_comment(article, name="Dan", email="dan@example.com", followup=True)
    return ann, bea, dan


def test_a_reply_to_a_reply_emails_everyone_above_it_who_asked_once(article, thread):
    ann, bea, dan = thread
    cal = held(article, name="Cal", email="cal@example.com", parent=bea)

    approve(cal)

    subject = f"[{Site.objects.get_current().name}] Cal replied to your comment on “{article}”"
    assert reply_emails() == {"ann@example.com": [subject], "bea@example.com": [subject]}
    assert [m.to for m in mail.outbox if "is published" in m.subject] == [["cal@example.com"]]


def test_a_new_comment_elsewhere_on_the_article_emails_no_follower(article, thread):
    eve = held(article, name="Eve", email="eve@example.com")

    approve(eve)

    assert reply_emails() == {}
    assert [m.to for m in mail.outbox] == [["eve@example.com"]]  # only "yours is published"


def test_a_direct_reply_emails_its_parents_author_not_other_followers(article, thread):
    ann, bea, dan = thread
    approve(held(article, name="Fay", email="fay@example.com", parent=dan))
    assert list(reply_emails()) == ["dan@example.com"]


def test_no_one_is_told_about_their_own_reply(article, thread):
    ann, bea, dan = thread
    approve(held(article, name="Ann again", email="ANN@example.com ", parent=bea))
    assert list(reply_emails()) == ["bea@example.com"]


def test_one_email_per_reader_about_her_nearest_comment(article):
    top = make_comment(article, name="Gia", email="gia@example.com", followup=True)
    middle = make_comment(
        article, name="Gia", email="gia@example.com", followup=True, parent=top, comment="Mine 2"
    )
    approve(held(article, name="Hal", parent=middle))

    [message] = [m for m in mail.outbox if m.to == ["gia@example.com"]]
    assert "Your comment was:\nMine 2" in message.body


def test_readers_who_did_not_ask_are_not_emailed(article):
    quiet = make_comment(article, name="Ida", email="ida@example.com")
    approve(held(article, name="Joe", parent=quiet))
    assert reply_emails() == {}


def test_approving_a_comment_again_emails_nobody_again(article, thread):
    ann, bea, dan = thread
    kit = held(article, name="Kit", email="kit@example.com", parent=ann)
    approve(kit)
    assert len(mail.outbox) == 2  # Ann's reply email, Kit's "published"
    mail.outbox.clear()

    comment_edit(comment=Comment.objects.get(pk=kit.pk), text="Kit, edited")
    approve(kit)

    assert mail.outbox == []


def test_staff_reply_published_at_once_emails_the_thread_only(
    article, thread, staff_client, django_capture_on_commit_callbacks
):
    ann, bea, dan = thread
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post("/comments/post/", form_data(article, reply_to=str(bea.pk)))

    assert Comment.objects.filter(user__isnull=False).get().is_public
    assert sorted(reply_emails()) == ["ann@example.com", "bea@example.com"]
    assert len(mail.outbox) == 2  # not django-comments-xtd's email to every follower


def test_imported_comments_email_nobody(article, thread, django_capture_on_commit_callbacks):
    ann, bea, dan = thread
    with django_capture_on_commit_callbacks(execute=True):
        imported = comment_import(
            article=article,
            state=Moderation.State.APPROVED,
            parent=bea,
            fields={"user_name": "Old", "user_email": "old@example.com", "comment": "From 2019"},
        )
    assert mail.outbox == []
    assert Moderation.objects.get(pk=imported.pk).published_at is not None


def unsubscribe_path(message):
    return re.search(r"https?://[^/\s]+(/comments/unsubscribe/\S+/)", message.body).group(1)


def test_unsubscribe_link_asks_then_stops_only_that_subscription(client, article, thread):
    ann, bea, dan = thread
    elsewhere = make_comment(article, name="Bea", email="bea@example.com", followup=True)
    approve(held(article, name="Lou", parent=bea))
    [message] = [m for m in mail.outbox if m.to == ["bea@example.com"]]
    path = unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{path}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    question = client.get(path)  # what a link scanner does
    assert question.status_code == 200
    assert "Stop emails about replies?" in question.content.decode()
    assert Comment.objects.get(pk=bea.pk).followup is True
    done = client.post(path)

    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert Comment.objects.get(pk=bea.pk).followup is False
    assert Comment.objects.get(pk=ann.pk).followup is True  # Ann's own subscription
    mail.outbox.clear()
    approve(held(article, name="Max", parent=elsewhere))
    assert list(reply_emails()) == ["bea@example.com"]  # her other comment still asks


def test_unsubscribing_covers_her_comments_above_that_named_her(client, article):
    top = make_comment(article, name="Nia", email="nia@example.com", followup=True)
    middle = make_comment(article, name="Nia", email="nia@example.com", followup=True, parent=top)
    approve(held(article, name="Oz", parent=middle))
    [message] = [m for m in mail.outbox if m.to == ["nia@example.com"]]

    client.post(unsubscribe_path(message))

    assert Comment.objects.filter(followup=True).count() == 0
    mail.outbox.clear()
    approve(held(article, name="Pia", parent=middle))
    assert reply_emails() == {}


def test_one_click_unsubscribe_works_without_cookies_or_csrf_token(article, thread):
    ann, bea, dan = thread
    approve(held(article, name="Quinn", parent=ann))
    [message] = [m for m in mail.outbox if m.to == ["ann@example.com"]]

    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path(message), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert Comment.objects.get(pk=ann.pk).followup is False


def test_the_approval_email_offers_the_same_unsubscribe_link(client, post, article):
    post(article, email="rae@example.com", followup="on")
    approve(Comment.objects.get())
    client.post(unsubscribe_path(mail.outbox[0]))
    assert Comment.objects.get().followup is False


def test_forged_unsubscribe_link_is_a_clear_400(client):
    response = client.get("/comments/unsubscribe/MQ:forged/")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_django_comments_xtd_mute_links_already_sent_still_lead_to_unsubscribing(client, article):
    comment = make_comment(article, email="sal@example.com", followup=True)
    key = signed.dumps(comment, compress=True, extra_key=xtd_settings.COMMENTS_XTD_SALT)

    response = client.get(f"/comments/mute/{key.decode()}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comments/unsubscribe/")
    assert Comment.objects.get(pk=comment.pk).followup is True  # a GET changes nothing
    client.post(response["Location"])
    assert Comment.objects.get(pk=comment.pk).followup is False
    assert client.get("/comments/mute/forged/").status_code == 400
