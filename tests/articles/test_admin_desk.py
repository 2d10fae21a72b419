"""The article form as writers and editors use it: one body, the workflow buttons, the byline,
held uploads, previews, the send-back note and the desk's emails. Everything through the admin."""

import io
import re
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from reversion.models import Version

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article
from authors.factories import AuthorFactory
from authors.models import Author

from .admin_forms import ADD_URL, article_form_data, change_url

pytestmark = pytest.mark.django_db


def words(count):
    return "<p>" + " ".join(["word"] * count) + "</p>"


# 400 + 3 + 200 + 3 + 213 = 819 words: 819 / 238 = 3.4, so 4 minutes.
STORY_819 = f"{words(400)}<h2>Pressure on Kyiv</h2>{words(200)}<h2>What comes next</h2>{words(213)}"


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)


def png(name="hero.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


# -- One path per rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status", "button", "stored_status"),
    [
        ("writer", None, "_save", "draft"),
        ("writer", None, "_continue", "draft"),
        ("writer", None, "_submit_for_review", "review"),
        ("writer", "draft", "_save", "draft"),
        ("writer", "draft", "_submit_for_review", "review"),
        ("editor", None, "_publish", "published"),
        ("editor", "review", "_publish", "published"),
        ("editor", "review", "_send_back", "draft"),
        ("editor", "published", "_unpublish", "unpublished"),
        ("editor", "published", "_save", "published"),
    ],
)
def test_every_workflow_button_stores_the_words_and_reading_time_of_the_body(
    client, writer, editor, who, status, button, stored_status
):
    user = writer if who == "writer" else editor
    client.force_login(user)
    section = SectionFactory()
    if status is None:
        url = ADD_URL
        data = article_form_data(
            title="Kyiv talks",
            slug="kyiv-talks",
            section=section.pk,
            authors=[writer.author_profile],
        )
    else:
        article = ArticleFactory(
            status=status,
            created_by=writer,
            authors=[writer.author_profile],
            body=[("", "<p>x</p>")],
        )
        url = change_url(article)
        data = article_form_data(article)
    data.update(body=STORY_819, note_to_writer="Shorter, please.")
    data[button] = "1"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert (article.word_count, article.reading_minutes) == (819, 4)
    assert article.status == stored_status
    assert article.search_text.startswith("word word")
    assert [s.word_count for s in article.sections.all()] == [400, 203, 216]


def test_the_publish_time_default_is_written_once_by_the_model(editor_client):
    """Publishing without a time: the button and the model agree on one moment."""
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    moment = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    with frozen(moment):
        editor_client.post(change_url(article), {**article_form_data(article), "_publish": "1"})
    article.refresh_from_db()
    assert article.published_at == moment
    versions = Version.objects.get_for_object(article)
    assert [v.revision.get_comment() for v in versions] == ["Published"]


def test_an_editor_cannot_publish_through_the_status_field_either(editor_client):
    article = draft()
    data = article_form_data(article, status="published")
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_new_time_on_a_live_story_reschedules_it_through_the_service(editor_client):
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    with frozen(now):
        article = ArticleFactory(published_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
        data = article_form_data(article, published_at_0="2026-12-04", published_at_1="07:00:00")
        response = editor_client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.published_at == datetime(2026, 12, 4, 7, 0, tzinfo=UTC)  # London is UTC+0
    assert "Scheduled for 4 Dec, 07:00 (Europe/London)" in response.content.decode()
    comments = [v.revision.get_comment() for v in Version.objects.get_for_object(article)]
    assert comments[0] == "Scheduled for 4 Dec, 07:00 (Europe/London). Changed Publish time."


@pytest.mark.parametrize("button", ["_publish", "_unpublish", "_send_back"])
def test_a_writers_forged_editor_button_is_refused(writer_client, writer, button):
    article = draft(created_by=writer)
    data = {**article_form_data(article), button: "1", "note_to_writer": "x", "status": "published"}
    assert writer_client.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert (article.status, article.published_at) == (Article.Status.DRAFT, None)


def test_scheduling_says_when_and_in_which_time_zone(editor_client):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    data = {
        **article_form_data(article, published_at_0="2026-12-04", published_at_1="07:00:00"),
        "_publish": "1",
    }
    with frozen(datetime(2026, 12, 2, 12, 0, tzinfo=UTC)):
        page = editor_client.post(change_url(article), data, follow=True).content.decode()
        form = editor_client.get(change_url(article)).content.decode()
    assert f"Scheduled for 4 Dec, 07:00 (Europe/London): {article.title}" in page
    assert "Scheduled for 4 Dec, 07:00 (Europe/London)" in form


# -- One body to write in -------------------------------------------------------------------


def test_the_body_is_split_at_each_h2_and_joined_back_for_editing(editor_client, client):
    article = draft(body=[("", "<p>x</p>")])
    body = "<p>Opening.</p><h2>Pressure on Kyiv</h2><p>One.</p><h2>Why it matters</h2><p>Two.</p>"
    editor_client.post(change_url(article), article_form_data(article, body=body))
    stored = [(s.heading, s.anchor, s.body) for s in article.sections.all()]
    assert stored == [
        ("", "", "<p>Opening.</p>"),
        ("Pressure on Kyiv", "pressure-on-kyiv", "<p>One.</p>"),
        ("Why it matters", "why-it-matters", "<p>Two.</p>"),
    ]
    form = editor_client.get(change_url(article)).context["adminform"].form
    assert form.initial["body"] == (
        "<p>Opening.</p>\n<h2>Pressure on Kyiv</h2>\n<p>One.</p>\n<h2>Why it matters</h2>\n"
        "<p>Two.</p>"
    )


def test_anchors_stay_while_their_heading_is_unchanged_even_with_a_section_inserted_before(
    editor_client,
):
    article = draft(body=[("", "<p>x</p>")])
    first = "<p>Opening.</p><h2>Pressure on Kyiv</h2><p>One.</p><h2>Pressure on Kyiv</h2><p>2</p>"
    editor_client.post(change_url(article), article_form_data(article, body=first))
    before = {s.pk: s.anchor for s in article.sections.all()}
    assert list(before.values()) == ["", "pressure-on-kyiv", "pressure-on-kyiv-2"]

    article.refresh_from_db()
    inserted = (
        "<p>Opening.</p><h2>Talks in Geneva</h2><p>New.</p><h2>Pressure on Kyiv</h2><p>One.</p>"
        "<h2>Pressure on Kyiv</h2><p>2, edited</p>"
    )
    editor_client.post(change_url(article), article_form_data(article, body=inserted))
    after = [(s.pk, s.heading, s.anchor) for s in article.sections.all()]
    assert [anchor for _, _, anchor in after] == [
        "",
        "talks-in-geneva",
        "pressure-on-kyiv",
        "pressure-on-kyiv-2",
    ]
    kept = {pk: anchor for pk, _, anchor in after if pk in before}
    assert kept == before  # the same rows, with the same anchors

    article.refresh_from_db()
    renamed = inserted.replace("Talks in Geneva", "Talks in Vienna")
    editor_client.post(change_url(article), article_form_data(article, body=renamed))
    assert list(article.sections.values_list("anchor", flat=True)) == [
        "",
        "talks-in-vienna",
        "pressure-on-kyiv",
        "pressure-on-kyiv-2",
    ]


def test_readers_get_the_sections_anchors_and_contents_as_before(editor_client, client):
    article = ArticleFactory(body=[("", "<p>x</p>")])
    body = "<p>Opening.</p>" + "".join(f"<h2>Part {n}</h2><p>Text {n}.</p>" for n in range(1, 5))
    editor_client.post(change_url(article), article_form_data(article, body=body))
    html = client.get(article.get_absolute_url()).content.decode()
    for n in range(1, 5):
        assert f'id="part-{n}"' in html and f'href="#part-{n}"' in html


def test_an_inline_image_without_alt_text_is_refused(editor_client):
    article = draft()
    body = '<p>Look:</p><p><img src="/media/uploads/flood.jpg"></p>'
    response = editor_client.post(change_url(article), article_form_data(article, body=body))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["body"]
    assert "needs alt text" in errors[0] and "flood.jpg" in errors[0]
    described = body.replace("<img ", '<img alt="A flooded street" ')
    assert editor_client.post(change_url(article), article_form_data(article, body=described))[
        "Location"
    ].endswith("/admin/articles/article/")
    assert 'alt="A flooded street"' in article.sections.get().body


def test_the_form_leads_with_the_writing_and_hides_what_writers_cannot_use(
    writer_client, writer, editor
):
    article = draft(created_by=writer)
    page = writer_client.get(change_url(article))
    form = page.context["adminform"]
    first_fields = [line.fields for line in next(iter(form))]
    assert [name for names in first_fields for name in names][:3] == ["title", "standfirst", "body"]
    html = page.content.decode()
    assert "Word count" not in html and "Reading minutes" not in html
    assert "notes-TOTAL_FORMS" not in html  # the corrections inline is the editors'
    assert 'class="newsroom-details"' in html
    writer_client.force_login(editor)
    editor_html = writer_client.get(change_url(article)).content.decode()
    assert "notes-TOTAL_FORMS" in editor_html and "819 words" not in editor_html
    assert "words, 1 min read" in editor_html


# -- The byline --------------------------------------------------------------------------------


def test_a_new_story_defaults_to_the_writers_own_byline(writer_client, writer):
    page = writer_client.get(ADD_URL)
    byline_formset = page.context["inline_admin_formsets"][0].formset
    assert byline_formset.forms[0].initial["author"] == writer.author_profile.pk
    assert f'value="{writer.author_profile.pk}" selected' in page.content.decode()


def test_a_writer_is_offered_her_own_author_profile(writer_client, writer):
    AuthorFactory(name="Somebody Else")
    response = writer_client.get(
        "/admin/autocomplete/",
        {
            "term": "Wendy",
            "app_label": "articles",
            "model_name": "byline",
            "field_name": "author",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Wendy Writer"]


def test_a_writer_without_a_profile_gets_no_default(client, other_writer):
    # Joining Writers made her one (authors/onboarding.py); an editor unlinked it since.
    Author.objects.filter(user=other_writer).update(user=None)
    client.force_login(other_writer)
    byline_formset = client.get(ADD_URL).context["inline_admin_formsets"][0].formset
    assert "author" not in byline_formset.forms[0].initial


# -- Edit conflicts and local drafts ----------------------------------------------------------


def test_a_restored_draft_of_ones_own_is_no_conflict(writer_client, writer):
    article = draft(created_by=writer, authors=[writer.author_profile])
    opened = article_form_data(article)
    writer_client.post(change_url(article), article_form_data(article, title="First save"))
    response = writer_client.post(change_url(article), {**opened, "title": "Restored copy"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Restored copy"


def test_a_successful_save_tells_the_next_form_to_forget_its_local_copy(writer_client, writer):
    section = SectionFactory()
    data = article_form_data(
        title="New", slug="new", section=section.pk, authors=[writer.author_profile]
    )
    writer_client.post(ADD_URL, {**data, "draft_key": "newsroom-draft:add"})
    page = writer_client.get(ADD_URL).content.decode()
    assert re.search(r'id="newsroom-saved-drafts"[^>]*>\["newsroom-draft:add"\]<', page)
    again = writer_client.get(ADD_URL).content.decode()
    assert re.search(r'id="newsroom-saved-drafts"[^>]*>\[\]<', again)  # told once
    article = Article.objects.get()
    assert (
        f'data-draft-key="newsroom-draft:article:{article.pk}"'
        in writer_client.get(change_url(article)).content.decode()
    )


def test_a_failed_save_does_not_forget_the_local_copy(writer_client, writer):
    data = article_form_data(title="", draft_key="newsroom-draft:add")
    assert writer_client.post(ADD_URL, data).status_code == 200
    page = writer_client.get(ADD_URL).content.decode()
    assert re.search(r'id="newsroom-saved-drafts"[^>]*>\[\]<', page)


# -- The hero image across a failed save ------------------------------------------------------


def test_a_chosen_hero_image_is_kept_when_the_save_fails(writer_client, writer):
    section = SectionFactory()
    data = article_form_data(
        title="Floods", slug="floods", section=section.pk, authors=[writer.author_profile]
    )
    first = writer_client.post(ADD_URL, {**data, "hero_image": png("flood.png")})
    assert first.status_code == 200  # no alt text
    form = first.context["adminform"].form
    assert "hero_alt" in form.errors
    token = form.data["hero_upload"]
    html = first.content.decode()
    assert f'name="hero_upload" value="{token}"' in html
    assert "Kept from your last try: flood.png" in html

    second = writer_client.post(ADD_URL, {**data, "hero_upload": token, "hero_alt": "A flood"})
    assert second.status_code == 302, second.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.hero_image.name.endswith(".png") and article.hero_width == 40
    assert article.hero_alt == "A flood"


def test_a_held_image_says_so_and_belongs_to_its_uploader(writer_client, writer, client, editor):
    data = article_form_data(title="", authors=[writer.author_profile])
    first = writer_client.post(ADD_URL, {**data, "hero_image": png("flood.png")})
    token = first.context["adminform"].form.data["hero_upload"]
    again = writer_client.post(ADD_URL, {**data, "hero_upload": token})
    assert "Kept from your last try: flood.png" in again.content.decode()

    client.force_login(editor)
    section = SectionFactory()
    other = article_form_data(
        title="Theirs", slug="theirs", section=section.pk, authors=[writer.author_profile]
    )
    assert client.post(ADD_URL, {**other, "hero_upload": token}).status_code == 302
    assert not Article.objects.get(slug="theirs").hero_image


# -- Preview ------------------------------------------------------------------------------------


def test_preview_shows_the_unsaved_story_as_readers_would_and_saves_nothing(editor_client):
    article = ArticleFactory(title="Saved headline", body=[("", "<p>Saved text.</p>")])
    versions = Version.objects.get_for_object(article).count()
    data = article_form_data(
        article, title="Unsaved headline", body="<p>Unsaved text.</p><h2>More</h2><p>Yes.</p>"
    )
    response = editor_client.post(change_url(article), {**data, "_preview": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unsaved headline" in html and "Unsaved text." in html and 'id="more"' in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    article.refresh_from_db()
    assert article.title == "Saved headline"
    assert [s.body for s in article.sections.all()] == ["<p>Saved text.</p>"]
    assert Version.objects.get_for_object(article).count() == versions


def test_preview_of_a_new_story_creates_nothing(writer_client, writer):
    section = SectionFactory()
    data = article_form_data(
        title="Not yet", slug="not-yet", section=section.pk, authors=[writer.author_profile]
    )
    response = writer_client.post(ADD_URL, {**data, "body": "<p>Draft.</p>", "_preview": "1"})
    assert response.status_code == 200 and "Not yet" in response.content.decode()
    assert not Article.objects.exists()


def test_the_form_has_a_preview_button(writer_client, writer):
    html = writer_client.get(ADD_URL).content.decode()
    assert 'name="_preview" value="Preview" formtarget="_blank"' in html


# -- Send back, and the desk's emails -----------------------------------------------------------


@pytest.fixture
def writer_with_email(writer):
    writer.email = "wendy@example.org"
    writer.save()
    return writer


@pytest.fixture
def editors_with_email(editor, django_user_model):
    from django.contrib.auth.models import Group

    editor.email = "edith@example.org"
    editor.save()
    other = django_user_model.objects.create_user("eric", email="eric@example.org", is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    return [editor, other]


def test_submitting_emails_the_editors(
    writer_client, writer_with_email, editors_with_email, django_capture_on_commit_callbacks
):
    article = draft(
        title="Kyiv talks", created_by=writer_with_email, authors=[writer_with_email.author_profile]
    )
    data = {**article_form_data(article, body=STORY_819), "_submit_for_review": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        writer_client.post(change_url(article), data)
    site = Site.objects.get_current().name
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["edith@example.org", "eric@example.org"]
    assert message.subject == f"[{site}] In review: Kyiv talks"
    assert "Wendy submitted “Kyiv talks” for review." in message.body
    assert "819 words, 4 min read." in message.body
    assert f"/admin/articles/article/{article.pk}/change/" in message.body
    assert message.body.rstrip().splitlines()[-2:] == [f"The {site} desk", "https://example.com/"]


def test_publishing_and_scheduling_email_the_writer(
    editor_client, writer_with_email, django_capture_on_commit_callbacks
):
    site = Site.objects.get_current().name
    article = ArticleFactory(
        title="Kyiv talks",
        status=Article.Status.REVIEW,
        published_at=None,
        authors=[writer_with_email.author_profile],
    )
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(change_url(article), {**article_form_data(article), "_publish": "1"})
    assert [m.to for m in mail.outbox] == [["wendy@example.org"]]
    assert mail.outbox[0].subject == f"[{site}] Published: Kyiv talks"
    assert article.get_absolute_url() in mail.outbox[0].body

    later = ArticleFactory(
        title="Later", status="review", published_at=None, created_by=writer_with_email
    )
    data = {
        **article_form_data(later, published_at_0="2026-12-04", published_at_1="07:00:00"),
        "_publish": "1",
    }
    with (
        frozen(datetime(2026, 12, 2, 12, 0, tzinfo=UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        editor_client.post(change_url(later), data)
    assert mail.outbox[1].subject == (f"[{site}] Scheduled for 4 Dec, 07:00 (Europe/London): Later")
    assert "it goes live on 4 Dec, 07:00 (Europe/London)" in mail.outbox[1].body


def test_an_editor_sends_a_story_back_with_a_note_the_writer_sees(
    editor_client, writer_with_email, client, django_capture_on_commit_callbacks
):
    writer = writer_with_email
    article = ArticleFactory(
        title="Kyiv talks", status="review", published_at=None, authors=[writer.author_profile]
    )
    without_note = {**article_form_data(article), "_send_back": "1"}
    refused = editor_client.post(change_url(article), without_note)
    assert refused.status_code == 200
    assert "note_to_writer" in refused.context["adminform"].form.errors

    note = "Please name the source of the ceasefire figures."
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(article), {**without_note, "note_to_writer": note})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.review_note) == (Article.Status.DRAFT, note)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wendy@example.org"]
    assert message.subject.endswith("Sent back to you: Kyiv talks")
    assert note in message.body

    client.force_login(writer)
    form = client.get(change_url(article)).content.decode()
    assert "Sent back by Edith" in form and note in form
    client.post(change_url(article), {**article_form_data(article), "_submit_for_review": "1"})
    article.refresh_from_db()
    assert (article.status, article.review_note) == (Article.Status.REVIEW, "")
    assert note not in client.get(change_url(article)).content.decode()


@pytest.mark.parametrize("sections", [2, 12])
def test_the_body_and_its_stats_are_written_in_the_same_few_queries_however_long(
    django_assert_num_queries, sections
):
    article = draft(body=[("", "<p>Opening.</p>"), ("Kept", "<p>Kept.</p>"), ("Gone", "")])
    body = [("", "<p>Opening.</p>"), ("Kept", "<p>Kept, edited.</p>")]
    body += [(f"New {n}", f"<p>Part {n}.</p>") for n in range(sections)]
    # Read the stored sections, find and delete the unused one (the delete collects first,
    # and the invalidation map reads the tags of its story's pages), update the kept ones,
    # insert the new ones, store the stats: never once per section.
    with django_assert_num_queries(7):
        article.write_body(body)
    article.refresh_from_db()
    assert article.word_count == 1 + 3 + 4 * sections  # "New 3 Part 3." is 4 words
