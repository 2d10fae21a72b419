from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site

from articles.factories import ArticleFactory
from comments.services import comment_report
from tests.comments.conftest import make_comment
from tests.groups import ensure_groups

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("UTC"))
CHANGELIST = "/admin/articles/article/"
QUEUE = "/admin/newsroom_comments/comment/"


@pytest.fixture
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def moderator(db, django_user_model):
    ensure_groups()
    user = django_user_model.objects.create_user("mo", password="pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def waiting(response):
    return {item.label: (item.count, item.url) for item in response.context["desk"]["waiting"]}


def make_desk_day():
    for title in ("Review one", "Review two"):
        ArticleFactory(title=title, status="review", published_at=None)
    ArticleFactory(title="Due tonight", status="published", published_at=NOW + timedelta(hours=23))
    ArticleFactory(title="Due later", status="published", published_at=NOW + timedelta(hours=25))
    ArticleFactory(title="Live", status="published", published_at=NOW - timedelta(hours=1))
    article = ArticleFactory(title="Discussed", status="published", published_at=NOW)
    make_comment(article, approved=False)
    make_comment(article, approved=False)
    make_comment(article, approved=True)
    reported = make_comment(article, approved=True)
    comment_report(comment=reported, reason="abuse", ip_address="10.0.0.9")


def test_the_admin_is_titled_with_the_site_name(client, admin_client):
    Site.objects.filter(pk=1).update(name="The Morning Ledger")
    Site.objects.clear_cache()
    html = admin_client.get("/admin/").content.decode()
    assert '<a href="/admin/">The Morning Ledger</a>' in html
    assert "<title>The desk | The Morning Ledger</title>" in html
    assert "Django administration" not in html
    assert "The Morning Ledger" in client.get("/admin/login/").content.decode()


def test_the_desk_counts_what_is_waiting_and_links_to_it(
    frozen_now, editor_client, django_assert_num_queries
):
    make_desk_day()
    editor_client.get("/admin/")
    # Session, user, her permissions (2), two article counts, one for the comment queue, her
    # own stories, and her recent actions. (The site's name is kept by the process.)
    with django_assert_num_queries(9):
        response = editor_client.get("/admin/")
    counts = waiting(response)
    assert counts == {
        "Stories in review": (2, f"{CHANGELIST}?status=review"),
        "Scheduled in the next 24 hours": (
            1,
            f"{CHANGELIST}?status=scheduled&published_at__lte=2026-12-04+09%3A00%3A00%2B00%3A00",
        ),
        "Comments waiting": (2, f"{QUEUE}?state=pending"),
        "Reported by readers": (1, f"{QUEUE}?state=reported"),
    }
    html = response.content.decode()
    assert "Your recent stories" not in html, "an editor who has written nothing"
    for count, url in counts.values():
        assert f'href="{url.replace("&", "&amp;")}"><span class="desk-count">{count}</span>' in html


def test_each_count_links_to_a_list_of_exactly_what_it_counted(frozen_now, editor_client):
    make_desk_day()
    counts = waiting(editor_client.get("/admin/"))
    for label, (count, url) in counts.items():
        listed = editor_client.get(url).context["cl"].result_count
        assert listed == count, label
    scheduled = editor_client.get(counts["Scheduled in the next 24 hours"][1])
    assert [a.title for a in scheduled.context["cl"].result_list] == ["Due tonight"]


def test_a_writer_sees_her_own_recent_stories_and_no_comment_queue(writer_client, writer):
    mine = ArticleFactory(title="Under my byline", authors=[writer.author_profile])
    started = ArticleFactory(title="Started by me", created_by=writer)
    ArticleFactory(title="Someone else's")
    response = writer_client.get("/admin/")
    stories = response.context["desk"]["recent_stories"]
    assert {story.title for story in stories} == {mine.title, started.title}
    html = response.content.decode()
    assert f'href="/admin/articles/article/{mine.pk}/change/">Under my byline</a>' in html
    assert "Someone else" not in html
    assert set(waiting(response)) == {"Stories in review", "Scheduled in the next 24 hours"}
    assert 'href="/admin/articles/article/add/">Write a story</a>' in html


def test_a_new_writer_is_told_where_her_stories_will_show(client, django_user_model):
    ensure_groups()
    newcomer = django_user_model.objects.create_user("new")
    newcomer.groups.add(Group.objects.get(name="Writers"))
    client.force_login(newcomer)
    html = client.get("/admin/").content.decode()
    assert "Your recent stories" in html
    assert "Nothing yet: stories under your byline, or that you started, show here." in html


def test_a_moderator_sees_the_comment_queue_and_no_stories(client, moderator):
    client.force_login(moderator)
    response = client.get("/admin/")
    assert set(waiting(response)) == {"Comments waiting", "Reported by readers"}
    assert response.context["desk"]["recent_stories"] == []
    assert "Write a story" not in response.content.decode()
    assert "Your recent stories" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/axes/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
        "/admin/axes/accessfailurelog/",
        "/admin/sites/site/",
        "/admin/sites/site/1/change/",
    ],
)
def test_models_the_newsroom_never_uses_leave_the_index_but_open_by_url(admin_client, url):
    index = admin_client.get("/admin/")
    listed = {
        (app["app_label"], model["object_name"])
        for app in index.context["app_list"]
        for model in app["models"]
    }
    assert {("articles", "Article"), ("newsroom_comments", "Comment"), ("auth", "User")} <= listed
    assert not {label for label, _ in listed} & {"axes", "sites"}
    html = index.content.decode()
    assert "Access attempts" not in html and 'href="/admin/sites/' not in html
    assert admin_client.get(url).status_code == 200


def test_the_side_menu_leaves_them_out_too(admin_client):
    html = admin_client.get("/admin/articles/article/").content.decode()
    assert 'id="nav-sidebar"' in html
    assert "Access attempts" not in html
    assert 'href="/admin/axes/' not in html


def test_an_editor_renames_the_site_from_its_settings_page(editor_client):
    page = editor_client.get(editor_client.get("/admin/newsroom/sitesettings/")["Location"])
    link = '<a href="/admin/sites/site/1/change/">Change the name or domain</a>'
    assert link in page.content.decode()
    response = editor_client.post(
        "/admin/sites/site/1/change/", {"domain": "ledger.example.org", "name": "The Ledger"}
    )
    assert response.status_code == 302
    assert "<title>The desk | The Ledger</title>" in editor_client.get("/admin/").content.decode()
