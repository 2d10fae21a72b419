from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article, ArticleNote, ArticleRedirect
from authors.factories import AuthorFactory

from .admin_forms import ADD_URL, CHANGELIST_URL, article_form_data, change_url

pytestmark = pytest.mark.django_db


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)


def test_writer_writes_a_draft_with_two_sections(writer_client, writer):
    section = SectionFactory()
    data = article_form_data(
        title="Flood defences hold",
        slug="flood-defences-hold",
        section=section.pk,
        sections=[("", "<p>Opening <script>alert(1)</script></p>"), ("Why", "<p>Because.</p>")],
        authors=[writer.author_profile],
    )
    response = writer_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(slug="flood-defences-hold")
    assert (article.status, article.created_by) == (Article.Status.DRAFT, writer)
    assert [s.heading for s in article.sections.all()] == ["", "Why"]
    assert "<script>" not in article.sections.first().body
    assert article.word_count == 3
    assert Version.objects.get_for_object(article).count() == 1


def test_writer_post_cannot_publish_through_the_status_field(writer_client, writer):
    article = draft(created_by=writer)
    data = article_form_data(article, status="published", published_at_0="2020-01-01")
    assert writer_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)


def test_writer_post_to_publish_is_refused(writer_client, writer, client):
    article = draft(created_by=writer)
    response = writer_client.post(
        change_url(article), {**article_form_data(article), "_publish": "1"}
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writer_bulk_publish_action_is_refused(writer_client, writer):
    article = draft(created_by=writer)
    response = writer_client.post(
        CHANGELIST_URL, {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    page = writer_client.get(CHANGELIST_URL).content.decode()
    assert "publish_selected" not in page


def test_writer_cannot_change_others_drafts_or_any_published_story(
    writer_client, writer, other_writer
):
    theirs = draft(created_by=other_writer)
    own_published = ArticleFactory(created_by=writer)
    for article in (theirs, own_published):
        assert writer_client.get(change_url(article)).status_code == 200  # may read
        data = article_form_data(article, title="Changed by the writer")
        assert writer_client.post(change_url(article), data).status_code == 403
        article.refresh_from_db()
        assert article.title != "Changed by the writer"


def test_writer_submits_for_review_with_the_button(writer_client, writer):
    article = draft(created_by=writer)
    data = {**article_form_data(article), "_submit_for_review": "1"}
    assert writer_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_writer_cannot_delete_or_restore_revisions(writer_client, writer):
    article = draft(created_by=writer)
    assert (
        writer_client.post(
            f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    services.article_submit_for_review(article=article, by=writer)
    version = Version.objects.get_for_object(article).first()
    url = f"/admin/articles/article/{article.pk}/history/{version.pk}/"
    assert writer_client.get(url).status_code == 403


def test_editor_publishes_from_the_form_and_the_story_is_live(editor_client, client):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    data = {**article_form_data(article), "_publish": "1"}
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_published()
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_schedules_by_publishing_with_a_future_time(editor_client):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    later = timezone.localtime() + timedelta(days=1)
    data = {
        **article_form_data(article),
        "published_at_0": later.strftime("%Y-%m-%d"),
        "published_at_1": later.strftime("%H:%M:%S"),
        "_publish": "1",
    }
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.editorial_status() == "Scheduled"
    listing = editor_client.get(CHANGELIST_URL, {"status": "scheduled"}).content.decode()
    assert article.title in listing and "Scheduled" in listing


def test_editor_bulk_actions_publish_and_unpublish(editor_client):
    articles = [ArticleFactory(status=Article.Status.REVIEW, published_at=None) for _ in range(2)]
    ids = [a.pk for a in articles]
    editor_client.post(CHANGELIST_URL, {"action": "publish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 2
    editor_client.post(CHANGELIST_URL, {"action": "unpublish_selected", "_selected_action": ids})
    assert Article.objects.published().count() == 0
    assert set(Article.objects.values_list("status", flat=True)) == {"unpublished"}


@pytest.mark.parametrize(
    ("status_filter", "expected"),
    [("draft", "D"), ("review", "R"), ("scheduled", "S"), ("published", "P"), ("unpublished", "A")],
)
def test_status_filter_includes_derived_scheduled(editor_client, status_filter, expected):
    now = timezone.now()
    ArticleFactory(title="D", status="draft", published_at=None)
    ArticleFactory(title="R", status="review", published_at=None)
    ArticleFactory(title="S", status="published", published_at=now + timedelta(hours=1))
    ArticleFactory(title="P", status="published", published_at=now - timedelta(hours=1))
    ArticleFactory(title="A", status="unpublished", published_at=now - timedelta(hours=2))
    response = editor_client.get(CHANGELIST_URL, {"status": status_filter})
    assert [a.title for a in response.context["cl"].result_list] == [expected]


def test_list_query_count_does_not_grow_with_articles(editor_client, django_assert_num_queries):
    def make(count):
        for _ in range(count):
            ArticleFactory(authors=[AuthorFactory(), AuthorFactory()])

    make(1)
    editor_client.get(CHANGELIST_URL)
    with django_assert_num_queries(14):
        assert editor_client.get(CHANGELIST_URL).status_code == 200
    make(10)
    editor_client.get(CHANGELIST_URL)  # new sections refill the navigation cache once
    with django_assert_num_queries(14):
        response = editor_client.get(CHANGELIST_URL)
    assert len(response.context["cl"].result_list) == 11


def test_list_shows_columns_and_the_time_zone(editor_client):
    article = ArticleFactory(authors=[AuthorFactory(name="Ann Lee"), AuthorFactory(name="Bo Kim")])
    html = editor_client.get(CHANGELIST_URL).content.decode()
    assert "Ann Lee, Bo Kim" in html
    assert "Status (Europe/London)" in html
    assert article.get_absolute_url() in html
    form = editor_client.get(change_url(article)).content.decode()
    assert "time zone, Europe/London" in form


def test_save_over_a_newer_version_is_refused_and_keeps_the_text(
    editor_client, editor, client, django_user_model
):
    article = ArticleFactory(title="Original")
    stale = article_form_data(article, title="My careful rewrite")
    colleague = django_user_model.objects.create_user(
        "colin", is_staff=True, is_superuser=True, first_name="Colin"
    )
    client.force_login(colleague)
    assert (
        client.post(
            change_url(article), article_form_data(article, title="Colin's fix")
        ).status_code
        == 302
    )

    editor_client.force_login(editor)
    response = editor_client.post(change_url(article), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Colin saved this article at" in html
    assert "My careful rewrite" in html  # nothing typed is lost
    article.refresh_from_db()
    assert article.title == "Colin's fix"


def test_second_person_to_open_an_article_sees_who_else_is_editing(
    editor_client, django_user_model
):
    article = ArticleFactory()
    colleague = django_user_model.objects.create_user(
        "colin", is_staff=True, is_superuser=True, first_name="Colin"
    )
    client = Client()
    client.force_login(colleague)
    assert "Also editing" not in client.get(change_url(article)).content.decode()
    html = editor_client.get(change_url(article)).content.decode()
    assert "Also editing this article now: <strong>Colin</strong>" in html


def test_corrections_render_on_the_article_with_their_date(editor_client, client):
    article = ArticleFactory()
    data = article_form_data(article)
    data.update(
        {
            "notes-TOTAL_FORMS": "1",
            "notes-0-kind": "correction",
            "notes-0-noted_at_0": "2026-11-27",
            "notes-0-noted_at_1": "10:00:00",
            "notes-0-text": "An earlier version misspelt the minister's name.",
            "notes-0-article": str(article.pk),
        }
    )
    assert editor_client.post(change_url(article), data).status_code == 302
    assert ArticleNote.objects.filter(article=article).count() == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        "Correction, <time" in html
        and "27 November 2026</time>:</strong> An earlier version" in html
    )


def test_substantive_update_sets_updated_time_and_typo_fix_does_not(editor_client):
    article = ArticleFactory()
    editor_client.post(change_url(article), article_form_data(article, title="Typo fixed"))
    article.refresh_from_db()
    assert article.updated_at is None
    editor_client.post(
        change_url(article), {**article_form_data(article), "substantive_update": "on"}
    )
    article.refresh_from_db()
    assert article.is_updated()


def test_changing_a_published_slug_or_section_redirects_old_links(editor_client, client):
    article = ArticleFactory(slug="first-slug")
    first_url = article.get_absolute_url()
    editor_client.post(change_url(article), article_form_data(article, slug="second-slug"))
    article.refresh_from_db()
    second_url = article.get_absolute_url()
    new_section = SectionFactory(slug="elsewhere")
    editor_client.post(change_url(article), article_form_data(article, section=new_section.pk))
    article.refresh_from_db()
    assert article.get_absolute_url().startswith("/elsewhere/")
    for old in (first_url, second_url):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, article.get_absolute_url())
    assert client.get(article.get_absolute_url()).status_code == 200


def test_redirect_back_to_an_old_slug_does_not_loop(editor):
    article = ArticleFactory(slug="one")
    url_one = article.get_absolute_url()
    article.slug = "two"
    article.save()
    article.slug = "one"
    article.save()
    assert not ArticleRedirect.objects.filter(old_path=url_one).exists()


def test_old_links_of_an_unpublished_article_give_404(client):
    article = ArticleFactory(slug="was-live")
    old = article.get_absolute_url()
    article.slug = "renamed"
    article.save()
    article.status = Article.Status.UNPUBLISHED
    article.save()
    assert client.get(old).status_code == 404


def test_draft_slug_changes_make_no_redirects():
    article = draft(slug="draft-one")
    article.slug = "draft-two"
    article.save()
    assert not ArticleRedirect.objects.exists()


def test_every_save_is_a_revision_and_an_editor_can_restore_one(editor_client):
    article = ArticleFactory(title="First title", body=[("", "<p>First text.</p>")])
    editor_client.post(change_url(article), article_form_data(article, title="Second title"))
    article.refresh_from_db()
    section = article.sections.get()
    editor_client.post(change_url(article), article_form_data(article, body="<p>Second text.</p>"))
    section.refresh_from_db()
    assert section.body == "<p>Second text.</p>"  # the same section, its text changed
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    history = editor_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "edith" in history.lower()

    first = versions.last()  # newest first
    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    form = editor_client.get(url)
    assert form.status_code == 200
    restore = article_form_data(article, title="Second title")
    restore["loaded_version"] = form.context["adminform"].form.initial["loaded_version"]
    assert "First text." in form.context["adminform"].form.initial["body"]
    restore["body"] = form.context["adminform"].form.initial["body"]
    assert editor_client.post(url, restore).status_code == 302
    section.refresh_from_db()
    assert section.body == "<p>First text.</p>"
    assert Version.objects.get_for_object(article).count() == 3


def test_list_shows_approved_and_waiting_comment_counts(editor_client):
    from tests.comments.conftest import make_comment

    article = ArticleFactory(title="Discussed")
    quiet = ArticleFactory(title="Quiet")
    for _ in range(3):
        make_comment(article, approved=True)
    make_comment(article, approved=False)
    make_comment(quiet, approved=False)
    rows = {a.title: a for a in editor_client.get(CHANGELIST_URL).context["cl"].result_list}
    assert (rows["Discussed"].approved_comments, rows["Discussed"].waiting_comments) == (3, 1)
    assert (rows["Quiet"].approved_comments, rows["Quiet"].waiting_comments) == (0, 1)
    assert "3 / 1" in editor_client.get(CHANGELIST_URL).content.decode()


def test_deleting_an_article_warns_about_its_comments_and_keeps_them(
    editor_client, django_user_model
):
    import reversion

    from comments.models import Comment
    from tests.comments.conftest import make_comment

    article = ArticleFactory(title="Doomed")
    with reversion.create_revision():
        article.save()
    make_comment(article, approved=True)
    make_comment(article, approved=False)
    delete_url = f"/admin/articles/article/{article.pk}/delete/"
    page = editor_client.get(delete_url).content.decode()
    assert "This article has 2 comments. They are kept" in page
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert Comment.objects.filter(object_pk=str(article.pk)).count() == 2
    assert [v.object_id for v in Version.objects.get_deleted(Article)] == [str(article.pk)]


@pytest.mark.parametrize("model_url", ["authors/author", "articles/section"])
def test_deleting_an_author_or_section_with_articles_is_refused_clearly(editor_client, model_url):
    article = ArticleFactory()
    target = article.authors.get() if model_url.startswith("authors") else article.section
    response = editor_client.post(f"/admin/{model_url}/{target.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in (
        response.content.decode()
    )
    assert Article.objects.filter(pk=article.pk).exists()
