"""Each row of the invalidation map (newsroom/invalidation.py): what a change bumps, and
what it must not."""

from datetime import timedelta

import pytest
import reversion
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.utils import timezone

from articles.factories import ArticleFactory, SectionFactory
from articles.models import (
    Article,
    ArticleNote,
    ArticleRedirect,
    ArticleSection,
    Byline,
    EditingPresence,
    FrontPagePin,
    Topic,
)
from authors.factories import AuthorFactory, CredentialFactory
from authors.models import Author
from comments import services
from comments.models import DisallowedWord
from newsroom.caching import tags
from newsroom.invalidation import everything_changed
from newsroom.models import SiteSettings
from tests.comments.conftest import make_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bumps_at_once")]

LISTINGS = {"home", "feeds", "sitemaps"}


@pytest.fixture
def news():
    """Two public stories in two sections, with a topic and an author each, and a draft."""
    world, sport = SectionFactory(name="World"), SectionFactory(name="Sport")
    ukraine = Topic.objects.create(name="Ukraine", slug="ukraine")
    football = Topic.objects.create(name="Football", slug="football")
    lisa, omar = AuthorFactory(name="Lisa Chang"), AuthorFactory(name="Omar Diaz")
    a = ArticleFactory(title="Story A", section=world, authors=[lisa])
    a.topics.add(ukraine)
    b = ArticleFactory(title="Story B", section=sport, authors=[omar])
    b.topics.add(football)
    draft = ArticleFactory(
        title="Draft D", section=sport, authors=[omar], status=Article.Status.DRAFT
    )
    return {"a": a, "b": b, "draft": draft, "world": world, "sport": sport,
            "ukraine": ukraine, "football": football, "lisa": lisa, "omar": omar}  # fmt: skip


@pytest.fixture
def watched(news):
    n = news
    return {
        "a": {f"article:{n['a'].pk}", f"comments:{n['a'].pk}"},
        "b": {f"article:{n['b'].pk}", f"comments:{n['b'].pk}"},
        "draft": {f"article:{n['draft'].pk}"},
        "world": f"section:{n['world'].pk}",
        "sport": f"section:{n['sport'].pk}",
        "ukraine": f"topic:{n['ukraine'].pk}",
        "football": f"topic:{n['football'].pk}",
        "lisa": f"author:{n['lisa'].pk}",
        "omar": f"author:{n['omar'].pk}",
    }


@pytest.fixture
def bumped(watched):
    """``bumped(action)``: the watched tags whose version ``action`` changed."""
    everything = {"site", *LISTINGS, *watched["a"], *watched["b"], *watched["draft"]}
    everything |= {value for value in watched.values() if isinstance(value, str)}

    def run(action):
        before = tags.versions(everything)
        action()
        after = tags.versions(everything)
        return {tag for tag in everything if before[tag] != after[tag]}

    return run


def story_a_is_listed(news, watched):
    return {f"article:{news['a'].pk}", watched["world"], watched["ukraine"], watched["lisa"],
            *LISTINGS}  # fmt: skip


# --- Articles -------------------------------------------------------------------------


def test_editing_a_public_story_bumps_it_and_the_lists_that_show_it(news, watched, bumped):
    def edit():
        news["a"].title = "Story A, corrected"
        news["a"].save()

    assert bumped(edit) == story_a_is_listed(news, watched)


def test_saving_a_draft_bumps_only_its_own_page(news, watched, bumped):
    def edit():
        news["draft"].title = "Still a draft"
        news["draft"].save()

    assert bumped(edit) == watched["draft"]


@pytest.mark.parametrize("published_at", [timedelta(hours=-1), timedelta(hours=2)])
def test_publishing_or_scheduling_a_draft_bumps_the_lists(news, watched, bumped, published_at):
    def publish():
        news["draft"].status = Article.Status.PUBLISHED
        news["draft"].published_at = timezone.now() + published_at
        news["draft"].save()

    expected = {*watched["draft"], watched["sport"], watched["omar"], *LISTINGS}
    assert bumped(publish) == expected


def test_unpublishing_or_deleting_a_story_bumps_what_showed_it(news, watched, bumped):
    def unpublish():
        news["a"].status = Article.Status.UNPUBLISHED
        news["a"].save()

    assert bumped(unpublish) == story_a_is_listed(news, watched)
    story_b = {f"article:{news['b'].pk}", watched["sport"], watched["football"], watched["omar"]}
    assert bumped(news["b"].delete) == story_b | LISTINGS


def test_moving_a_story_bumps_both_sections(news, watched, bumped):
    def move():
        news["a"].section = news["sport"]
        news["a"].save()

    assert bumped(move) == story_a_is_listed(news, watched) | {watched["sport"]}


def test_a_topic_added_to_a_story_bumps_it_and_the_topic(news, watched, bumped):
    added = bumped(lambda: news["a"].topics.add(news["football"]))
    assert added == story_a_is_listed(news, watched) | {watched["football"]}
    assert bumped(lambda: news["a"].topics.clear()) == added
    assert bumped(lambda: news["draft"].topics.add(news["ukraine"])) == watched["draft"]


def test_a_byline_bumps_the_story_and_the_author(news, watched, bumped):
    add = bumped(lambda: Byline.objects.create(article=news["a"], author=news["omar"], order=1))
    assert add == story_a_is_listed(news, watched) | {watched["omar"]}
    draft = bumped(lambda: Byline.objects.filter(article=news["draft"]).delete())
    assert draft == watched["draft"] | {watched["omar"]}


def test_a_body_section_bumps_the_story_as_an_edit_does(news, watched, bumped):
    def edit_body():
        section = news["a"].sections.get()
        section.body = "<p>New paragraph.</p>"
        section.save()

    assert bumped(edit_body) == story_a_is_listed(news, watched)
    added = bumped(lambda: ArticleSection.objects.create(article=news["draft"], body="<p>x</p>"))
    assert added == watched["draft"]


def test_a_correction_bumps_only_the_story(news, bumped):
    note = lambda: ArticleNote.objects.create(article=news["a"], text="We misspelt a name.")  # noqa: E731
    assert bumped(note) == {f"article:{news['a'].pk}"}


def test_a_redirect_bumps_the_sitemaps_only(news, bumped):
    redirect = lambda: ArticleRedirect.objects.create(old_path="/old/", article=news["a"])  # noqa: E731
    assert bumped(redirect) == {"sitemaps"}


def test_a_front_page_pin_bumps_the_home_page_only(news, bumped):
    pin = lambda: FrontPagePin.objects.create(article=news["b"], slot=FrontPagePin.Slot.LEAD)  # noqa: E731
    assert bumped(pin) == {"home"}


def test_a_section_bumps_its_page_and_the_navigation(news, watched, bumped):
    def rename():
        news["world"].name = "The World"
        news["world"].save()

    assert bumped(rename) == {watched["world"], "site"}


def test_a_topic_bumps_its_page_feeds_and_sitemaps(news, watched, bumped):
    def rename():
        news["ukraine"].name = "War in Ukraine"
        news["ukraine"].save()

    assert bumped(rename) == {watched["ukraine"], "feeds", "sitemaps"}


# --- Authors --------------------------------------------------------------------------


def test_an_author_renamed_bumps_the_lists_of_their_public_stories(news, watched, bumped):
    def rename():
        news["omar"].name = "Omar Díaz"
        news["omar"].save()

    # The draft is nowhere listed; their story pages carry author:<id> themselves.
    assert bumped(rename) == {watched["omar"], watched["sport"], watched["football"], *LISTINGS}
    newcomer = AuthorFactory(name="New Hire")

    def rename_newcomer():
        newcomer.name = "New Hire Jr"
        newcomer.save()

    changed = tags.versions([f"author:{newcomer.pk}"])
    assert bumped(rename_newcomer) == {"feeds", "sitemaps"}  # their own feed's title
    assert tags.versions([f"author:{newcomer.pk}"]) != changed


def test_an_author_bio_or_credential_bumps_only_the_author(news, watched, bumped):
    def new_bio():
        news["lisa"].short_bio = "Lisa covers Eastern Europe."
        news["lisa"].save()

    assert bumped(new_bio) == {watched["lisa"]}
    assert bumped(lambda: CredentialFactory(author=news["lisa"])) == {watched["lisa"]}


# --- Comments -------------------------------------------------------------------------


def test_held_and_spam_comments_bump_nothing(news, bumped):
    assert bumped(lambda: make_comment(news["a"], approved=False)) == set()
    held = make_comment(news["a"], approved=False)
    assert bumped(lambda: services.comment_mark_spam(comment=held, by=None)) == set()
    assert bumped(lambda: services.comment_withdraw(comment=held)) == set()


def test_approving_a_comment_bumps_that_storys_comments_only(news, watched, bumped):
    held = make_comment(news["a"], approved=False)
    assert bumped(lambda: services.comment_approve(comment=held, by=None)) == {
        f"comments:{news['a'].pk}"
    }


def test_a_shown_comment_rejected_featured_or_edited_bumps_its_storys_comments(news, bumped):
    comments_a = {f"comments:{news['a'].pk}"}
    shown = make_comment(news["a"])
    assert bumped(lambda: services.comment_feature(comment=shown, featured=True, by=None)) == (
        comments_a
    )
    assert bumped(lambda: services.comment_reject(comment=shown, by=None)) == comments_a
    edited = make_comment(news["a"])
    assert bumped(lambda: services.comment_edit(comment=edited, text="Changed")) == comments_a


def test_a_report_bumps_nothing(news, bumped):
    shown = make_comment(news["a"])
    report = lambda: services.comment_report(comment=shown, reason="spam", ip_address="192.0.2.1")  # noqa: E731
    assert bumped(report) == set()


def test_deleting_a_shown_comment_bumps_its_storys_comments(news, bumped):
    shown, held = make_comment(news["a"]), make_comment(news["a"], approved=False)
    assert bumped(held.delete) == set()
    assert bumped(shown.delete) == {f"comments:{news['a'].pk}"}


def test_erasing_a_commenter_bumps_the_comments_of_their_stories(news, bumped):
    make_comment(news["a"], name="Erin", email="erin@example.com")
    make_comment(news["b"], name="Erin", email="erin@example.com", approved=False)
    erase = lambda: call_command("comments_erase", "erin@example.com", "--anonymise")  # noqa: E731
    assert bumped(erase) == {f"comments:{news['a'].pk}", f"comments:{news['b'].pk}"}


# --- What nobody reads, and the site ----------------------------------------------------


def test_editing_presence_revisions_and_word_lists_bump_nothing(news, bumped, django_user_model):
    editor = django_user_model.objects.create_user("ed", is_staff=True)
    presence = lambda: EditingPresence.others_editing(article=news["a"], user=editor)  # noqa: E731
    assert bumped(presence) == set()

    def revision():
        with reversion.create_revision():
            reversion.add_to_revision(news["a"])

    assert bumped(revision) == set()
    assert bumped(lambda: DisallowedWord.objects.create(word="casino")) == set()
    assert bumped(lambda: django_user_model.objects.create_user("reader")) == set()


def test_the_site_its_settings_and_legal_pages_bump_site(news, bumped):
    site = Site.objects.get_current()

    def rename():
        site.name = "The Daily"
        site.save()

    assert bumped(rename) == {"site"}
    assert bumped(lambda: SiteSettings.objects.create(site=site)) == {"site"}
    terms = FlatPage.objects.get(url="/terms/")

    def edit_terms():
        terms.content = "<p>New terms.</p>"
        terms.save()

    assert bumped(edit_terms) == {"site"}


def test_bulk_content_bumps_the_site_and_every_list(news, watched, bumped):
    everything = bumped(everything_changed)
    lists = {"site", *LISTINGS, watched["world"], watched["sport"], watched["ukraine"],
             watched["football"], watched["lisa"], watched["omar"]}  # fmt: skip
    assert everything == lists
    generate = lambda: call_command("generate_content", "--articles", "2", verbosity=0)  # noqa: E731
    assert bumped(generate) == everything


# --- What it means for the cached pages ---------------------------------------------------


def test_a_held_comment_leaves_every_cached_page_served(
    client, page_cache, news, django_assert_num_queries
):
    urls = [news["a"].get_absolute_url(), news["b"].get_absolute_url(), "/", "/feed/"]
    for url in urls:
        client.get(url)
    make_comment(news["a"], approved=False, name="Held Reader")
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url).status_code == 200


def test_an_approved_comment_renders_its_story_again_and_nothing_else(
    client, page_cache, news, django_assert_num_queries
):
    a, b = news["a"].get_absolute_url(), news["b"].get_absolute_url()
    for url in (a, b, "/", "/world/"):
        client.get(url)
    held = make_comment(news["a"], approved=False, name="Patient Reader")
    services.comment_approve(comment=held, by=None)
    assert "Patient Reader" in client.get(a).content.decode()
    with django_assert_num_queries(0):
        for url in (b, "/", "/world/"):
            client.get(url)


def test_importing_again_bumps_the_comments_and_authors_it_rewrote(tmp_path):
    """The importer brings comments and authors up to date with update(): it says so."""
    from tests.wordpress.test_import import export, run

    first = tmp_path / "export.xml"
    first.write_text(export(include_broken=False), encoding="utf-8")
    run(first)
    story = Article.objects.get(slug="unicode-story")
    lisa = Author.objects.get(name="Lisa Chang")
    own_tags = {f"comments:{story.pk}", f"author:{lisa.pk}", f"section:{story.section_id}",
                "home", f"article:{story.pk}"}  # fmt: skip

    def import_unchanged():
        run(first)

    unchanged = tags.versions(own_tags)
    import_unchanged()
    assert tags.versions(own_tags) == unchanged

    second = tmp_path / "changed.xml"
    second.write_text(
        export(include_broken=False)
        .replace("Top level", "Top level, edited")
        .replace("Lisa Chang", "Lisa Chang-Wu"),
        encoding="utf-8",
    )
    before = tags.versions(own_tags)
    run(second)
    after = tags.versions(own_tags)
    # The post's byline changed too, so it is saved again: its page is bumped as well.
    assert {tag for tag in own_tags if before[tag] != after[tag]} == own_tags
