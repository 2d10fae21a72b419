import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import CommandError, call_command

from articles.factories import ArticleFactory
from comments.models import Comment, Moderation, Report
from comments.services import comment_report

from .conftest import make_comment

pytestmark = pytest.mark.django_db

QUEUE = "/admin/newsroom_comments/comment/"


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_queue_lists_waiting_comments_newest_first_with_why_they_were_held(
    moderator_client, article
):
    older = make_comment(article, approved=False, name="Older Person", comment="Older text")
    newer = make_comment(article, approved=False, name="Newer Person", comment="Newer text")
    Comment.objects.filter(pk=older.pk).update(submit_date=older.submit_date - timedelta(hours=1))
    approved = make_comment(article, name="Approved Person")
    Moderation.objects.filter(pk=newer.pk).update(reason="links", reason_detail="3 links")

    html = moderator_client.get(QUEUE).content.decode()

    assert html.index("Newer text") < html.index("Older text")
    assert "Approved Person" not in html  # the queue opens on what needs a moderator
    assert '<p class="queue-why">3 links</p>' in html
    assert '<p class="queue-why">All comments are moderated</p>' in html
    assert "newer.person@example.com" in html  # moderators see the email and the IP
    assert str(article) in html
    assert 'Needs a moderator <span class="queue-count">2</span>' in html
    assert 'Approved <span class="queue-count">1</span>' in html
    assert approved.pk


def test_queue_shows_reported_comments_with_the_readers_reasons(moderator_client, article):
    comment = make_comment(article, comment="Reported text")
    comment_report(comment=comment, reason="illegal", ip_address="192.0.2.9")
    html = moderator_client.get(QUEUE).content.decode()
    assert "Reported text" in html
    assert "Flagged by readers: Illegal content (1)" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=approved", "Approved text"),
        ("state=spam", "Spam text"),
        ("state=all", "Approved text"),
    ],
)
def test_queue_filters_by_state(moderator_client, article, query, expected):
    make_comment(article, comment="Approved text")
    spam = make_comment(article, approved=False, comment="Spam text")
    Moderation.objects.filter(pk=spam.pk).update(state="spam", reason="word")
    html = moderator_client.get(f"{QUEUE}?{query}").content.decode()
    assert expected in html


def test_queue_filters_by_article_and_reason(moderator_client, article):
    other = ArticleFactory(title="Another story")
    make_comment(article, approved=False, comment="On the first")
    make_comment(other, approved=False, comment="On the other")
    html = moderator_client.get(f"{QUEUE}?article={other.pk}").content.decode()
    assert "On the other" in html and "On the first" not in html
    html = moderator_client.get(f"{QUEUE}?moderation__reason__exact=links").content.decode()
    assert "On the other" not in html


def test_bulk_approve_publishes_and_notifies(
    moderator_client, article, moderator, django_capture_on_commit_callbacks
):
    comments = [make_comment(article, approved=False, name=f"Person {i}") for i in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            QUEUE,
            {"action": "approve", "_selected_action": [c.pk for c in comments]},
        )
    assert response.status_code == 302
    for comment in comments:
        comment.refresh_from_db()
        assert comment.is_public
        assert comment.moderation.moderated_by == moderator
    assert sorted(m.to[0] for m in mail.outbox) == ["person.0@example.com", "person.1@example.com"]


@pytest.mark.parametrize(("action", "state"), [("reject", "rejected"), ("mark_spam", "spam")])
def test_bulk_reject_and_spam_hide_without_emails(moderator_client, article, action, state):
    comment = make_comment(article)
    moderator_client.post(
        f"{QUEUE}?state=approved", {"action": action, "_selected_action": [comment.pk]}
    )
    comment.refresh_from_db()
    assert (comment.is_public, comment.moderation.state) == (False, state)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("do", "public", "state"), [("approve", True, "approved"), ("reject", False, "rejected")]
)
def test_row_buttons_moderate_one_comment_from_the_list(
    moderator_client, article, do, public, state
):
    comment = make_comment(article, approved=False)
    html = moderator_client.get(QUEUE).content.decode()
    assert f'formaction="{QUEUE}{comment.pk}/moderate/"' in html

    response = moderator_client.post(f"{QUEUE}{comment.pk}/moderate/", {"do": do})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.is_public, comment.moderation.state) == (public, state)


def test_row_moderation_refuses_get_and_unknown_actions(moderator_client, article):
    comment = make_comment(article, approved=False)
    assert moderator_client.get(f"{QUEUE}{comment.pk}/moderate/").status_code == 405
    moderator_client.post(f"{QUEUE}{comment.pk}/moderate/", {"do": "explode"})
    comment.refresh_from_db()
    assert not comment.is_public


def test_staff_without_the_moderation_permission_cannot_moderate(staff_client, article):
    comment = make_comment(article, approved=False)
    assert staff_client.get(QUEUE).status_code == 403
    staff_client.post(f"{QUEUE}{comment.pk}/moderate/", {"do": "approve"})
    comment.refresh_from_db()
    assert not comment.is_public


def test_feature_action_pins_a_comment(moderator_client, article):
    comment = make_comment(article)
    moderator_client.post(
        f"{QUEUE}?state=all", {"action": "feature", "_selected_action": [comment.pk]}
    )
    assert Moderation.objects.get(pk=comment.pk).is_featured


def test_comment_change_page_shows_reports(moderator_client, article):
    comment = make_comment(article)
    Report.objects.create(comment=comment, reason="abuse", ip_address="192.0.2.3")
    response = moderator_client.get(f"{QUEUE}{comment.pk}/change/")
    assert response.status_code == 200
    assert "Abusive or hateful" in response.content.decode()


def test_disallowed_words_are_editable_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/newsroom_comments/disallowedword/add/", {"word": " Viagra "}
    )
    assert response.status_code == 302
    from comments.models import DisallowedWord

    assert DisallowedWord.objects.get().word == "viagra"


def test_moderation_digest_sends_one_email_for_all_waiting_comments(article, settings):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    for i in range(3):
        make_comment(article, approved=False, name=f"Waiting {i}")

    call_command("comments_moderation_digest", stdout=StringIO())
    call_command("comments_moderation_digest", stdout=StringIO())

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["desk@example.com"]
    assert mail.outbox[0].subject == (
        f"[{Site.objects.get_current().name}] 3 comments awaiting moderation on “{article}”"
    )
    assert "Waiting 2" in mail.outbox[0].body
    queue_link = re.search(r"https?://[^/\s]+(/admin/\S+)", mail.outbox[0].body).group(1)
    assert queue_link == f"{QUEUE}?state=pending"


def test_each_mode_emails_moderators_per_held_comment(
    post, article, settings, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    settings.COMMENTS_MODERATOR_EMAILS = "each"
    with django_capture_on_commit_callbacks(execute=True):
        post(article)
    assert [m.to for m in mail.outbox] == [["desk@example.com"]]


def test_export_command_prints_all_comments_by_an_email_as_json(article, capsys):
    make_comment(article, email="me@example.com", comment="Mine")
    make_comment(article, email="other@example.com", comment="Not mine")
    call_command("comments_export", "ME@example.com")
    rows = json.loads(capsys.readouterr().out)
    assert [(r["comment"], r["email"], r["article"]) for r in rows] == [
        ("Mine", "me@example.com", str(article))
    ]


def test_erase_command_deletes_comments_but_keeps_replies_readable(article, capsys):
    mine = make_comment(article, email="me@example.com", comment="Mine")
    reply = make_comment(article, parent=mine, email="other@example.com", comment="Reply")
    alone = make_comment(article, email="me@example.com", comment="Alone")

    call_command("comments_erase", "me@example.com")

    assert "2 comments by me@example.com erased." in capsys.readouterr().out
    assert not Comment.objects.filter(pk=alone.pk).exists()
    mine.refresh_from_db()
    assert (mine.user_email, mine.user_name, mine.comment) == ("", "Deleted", "[deleted]")
    assert Comment.objects.get(pk=reply.pk).comment == "Reply"
    assert not Comment.objects.filter(user_email="me@example.com").exists()


def test_erase_command_can_anonymise_instead(article):
    mine = make_comment(article, email="me@example.com", comment="Mine", ip_address="192.0.2.5")
    call_command("comments_erase", "me@example.com", "--anonymise", stdout=StringIO())
    mine.refresh_from_db()
    assert (mine.user_name, mine.user_email, mine.ip_address, mine.comment) == (
        "Anonymous",
        "",
        None,
        "Mine",
    )


def test_privacy_commands_refuse_something_that_is_not_an_email():
    with pytest.raises(CommandError, match="not an email address"):
        call_command("comments_erase", "nobody")
    with pytest.raises(CommandError, match="not an email address"):
        call_command("comments_export", "nobody")


def test_demo_seed_article_has_20_approved_threaded_comments_and_5_held(seed_article):
    comments = Comment.objects.for_article(seed_article)
    assert comments.public().count() == 20
    assert comments.filter(is_public=False, moderation__state="pending").count() == 5
    assert set(comments.public().values_list("level", flat=True)) == {0, 1, 2}
    from demo.content import load_demo

    load_demo()  # idempotent
    assert comments.count() == 25


@pytest.mark.parametrize("group", ["Moderators", "Editors"])
def test_moderators_and_editors_groups_can_work_the_queue(client, django_user_model, group):
    from django.contrib.auth.models import Group

    from articles.factories import ArticleFactory

    from .conftest import make_comment

    user = django_user_model.objects.create_user("member", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    held = make_comment(ArticleFactory(), approved=False, comment="Please approve me")
    client.force_login(user)
    queue = client.get("/admin/newsroom_comments/comment/")
    assert queue.status_code == 200
    assert "Please approve me" in queue.content.decode()
    assert client.get(f"/admin/newsroom_comments/comment/{held.pk}/change/").status_code == 200


def test_writers_cannot_see_the_comment_queue(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("writer", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Writers"))
    client.force_login(user)
    assert client.get("/admin/newsroom_comments/comment/").status_code == 403


def test_a_reply_in_the_queue_says_whom_it_answers(moderator_client, article):
    parent = make_comment(
        article,
        name="Olga Parent",
        comment="The parent comment has these first eight words, then more",
    )
    make_comment(article, approved=False, parent=parent, comment="A held reply")

    html = moderator_client.get(QUEUE).content.decode()

    assert (
        '<p class="queue-reply">In reply to <strong>Olga Parent</strong>: '
        "“The parent comment has these first eight words,…”</p>"
    ) in html
    assert html.count('class="queue-reply"') == 1  # not on the top-level comment


@pytest.mark.parametrize(
    ("query", "current", "shown", "hidden"),
    [
        ("", "Needs a moderator", ["Held text", "Reported text"], ["Spam text"]),
        ("?state=pending", "Awaiting moderation", ["Held text"], ["Reported text"]),
        ("?state=reported", "Reported", ["Reported text"], ["Held text"]),
        ("?state=spam", "Spam", ["Spam text"], ["Held text"]),
    ],
)
def test_held_reported_and_spam_are_each_one_click_away_with_counts(
    moderator_client, article, query, current, shown, hidden
):
    make_comment(article, approved=False, comment="Held text")
    make_comment(article, approved=False, comment="Held too")
    reported = make_comment(article, comment="Reported text")
    comment_report(comment=reported, reason="abuse", ip_address="192.0.2.1")
    spam = make_comment(article, approved=False, comment="Spam text")
    Moderation.objects.filter(pk=spam.pk).update(state="spam")

    html = moderator_client.get(f"{QUEUE}{query}").content.decode()

    tabs = html[html.index('<nav class="queue-tabs"') :]
    tabs = tabs[: tabs.index("</nav>")]
    for label, count in [
        ("Needs a moderator", 3),
        ("Awaiting moderation", 2),
        ("Reported", 1),
        ("Spam", 1),
    ]:
        assert f'{label} <span class="queue-count">{count}</span>' in tabs
    assert re.search(rf'aria-current="page">{current} <span', tabs)
    assert all(text in html for text in shown)
    assert not any(text in html for text in hidden)


def test_a_row_button_brings_the_moderator_back_to_the_same_view(moderator_client, article):
    comment = make_comment(article, approved=False)
    Moderation.objects.filter(pk=comment.pk).update(state="spam")
    response = moderator_client.post(
        f"{QUEUE}{comment.pk}/moderate/", {"do": "approve", "_changelist_filters": "state=spam"}
    )
    assert response["Location"] == f"{QUEUE}?state=spam"
    assert Moderation.objects.get(pk=comment.pk).state == "approved"


def test_row_buttons_leave_out_the_state_the_comment_is_in(moderator_client, article):
    comment = make_comment(article)
    html = moderator_client.get(f"{QUEUE}?state=approved").content.decode()
    buttons = re.findall(
        rf'formaction="{QUEUE}{comment.pk}/moderate/" name="do" value="(\w+)"', html
    )
    assert buttons == ["reject", "spam"]


@pytest.mark.parametrize("count", [1, 30])
def test_queue_query_count_does_not_grow_with_its_rows(
    moderator_client, django_assert_num_queries, count
):
    articles = [ArticleFactory() for _ in range(3)]
    parents = [make_comment(a) for a in articles]
    for i in range(count):
        make_comment(articles[i % 3], approved=False, parent=parents[i % 3], name=f"R{i}")
    moderator_client.get(QUEUE)

    # Session, user, its two permission lookups, the tab counts, the article filter, the
    # page's count, its rows (with the parents' names), their articles with sections.
    with django_assert_num_queries(9):
        response = moderator_client.get(QUEUE)

    assert response.content.decode().count('class="queue-reply"') == count


def test_article_filter_lists_only_articles_with_comments_in_the_view(moderator_client):
    waiting = ArticleFactory(title="Has a waiting comment")
    make_comment(waiting, approved=False)
    settled = ArticleFactory(title="Only approved comments")
    make_comment(settled)

    html = moderator_client.get(QUEUE).content.decode()
    sidebar = html[html.index('id="changelist-filter"') :]
    assert "Has a waiting comment" in sidebar
    assert "Only approved comments" not in sidebar
    html = moderator_client.get(f"{QUEUE}?state=all").content.decode()
    assert "Only approved comments" in html[html.index('id="changelist-filter"') :]
