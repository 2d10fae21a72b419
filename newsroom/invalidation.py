"""
What each write makes stale: the map from a change to the cache tags whose public output it
changed (newsroom/caching/tags.py). A change not listed here bumps nothing.

| change                                                  | bumps                                       |
| ------------------------------------------------------- | ------------------------------------------- |
| Article saved or deleted, published (live or scheduled) | article, its sections (old and new),        |
| before or after                                         | topics, authors, home, feeds, sitemaps      |
| Article saved, a draft or in review before and after    | article                                     |
| its topics changed (either side of the relation)        | as an article save, plus the topics added   |
|                                                         | or removed                                  |
| Byline added, changed or removed                        | as an article save, plus the author         |
| body section saved or deleted (Article.write_body, in  | as an article save (reading time, search)   |
| an article save; its bulk updates send no signal)       |                                             |
| correction or update note                               | article                                     |
| ArticleRedirect                                         | sitemaps (untagged pages, 404s, carry it)   |
| FrontPagePin                                            | home                                        |
| Section                                                 | section, site (the navigation)              |
| Topic                                                   | topic, feeds, sitemaps                      |
| Author: name, role or slug changed (in bylines)         | author, feeds, sitemaps, and the listings   |
|                                                         | of their public stories: sections, topics,  |
|                                                         | home                                        |
| Author: anything else; Credential                       | author                                      |
| Author added or deleted                                 | author, sitemaps                            |
| comment saved or deleted, shown before or after         | comments:<article>                          |
| Moderation: shown before or after, or featured while    | comments:<article>                          |
| shown (approve, reject, withdraw, edit of a shown one)  |                                             |
| Moderation staying hidden (held, spam), or shown both   | nothing                                     |
| before and after with nothing else changed (reported)   |                                             |
| Report, DisallowedWord, EditingPresence, revisions,     | nothing                                     |
| users, sessions                                         |                                             |
| Live coverage opened, moved or ended (an article save)  | as an article save, plus live:<article>     |
| live update or its correction saved or deleted, its     | live:<article> (the polling endpoint and    |
| authors changed                                         | the updates feed), article:<article>        |
| Site, SiteSettings, flat page (legal pages)             | site                                        |
| bulk: comments_erase                                    | comments:<article> of every comment erased  |
| bulk: the importer's update() of a comment or an author | comments:<article>; as an author renamed    |
| bulk: demo content, generated content                   | site, the listings, every section, topic    |
|                                                         | and author (``everything_changed``)         |

What the pages carry (their views, with ``tag_response``): an article page its article,
comments, section, topics and authors (the byline and author box; the older and newer
stories come from its section, the related ones from its topics or section, so a change to
any of those is a save that bumps that section or topic); home, section, topic and author
pages and search their listing tag (search carries ``home``); every feed ``feeds`` (all
that a feed shows bumps it); sitemaps and robots.txt ``sitemaps``; the legal pages and the
manifest ``site``. Every page also carries ``site``; a page whose view named nothing (a 404,
a redirect from an old address) carries ``home`` and ``sitemaps``.

"Published" here includes scheduled: scheduling a story changes when the listings next
change (newsroom/caching/schedule.py), so it bumps them, though readers see nothing yet.
Bumps happen after the transaction commits (``tags.bump``).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django_comments_xtd.models import XtdComment

from articles.models import (
    Article,
    ArticleNote,
    ArticleRedirect,
    ArticleSection,
    Byline,
    FrontPagePin,
    Section,
    Topic,
)
from authors.models import Author, Credential
from comments.models import Comment, Moderation
from live.models import LiveUpdate, LiveUpdateNote

from .caching import tags
from .models import SiteSettings

LISTINGS = ("home", "feeds", "sitemaps")
BYLINE_FIELDS = ("name", "role", "slug")
SHOWN_STATES = {Moderation.State.APPROVED.value, Moderation.State.REPORTED.value}


def changes(*models):
    """Connect ``function(instance, deleted)`` to the saves and deletes of ``models``; it
    returns the tags to bump."""

    def connect(function):
        def bump_on_save(sender, instance, raw=False, **kwargs):
            if not raw:  # fixtures: loaddata bumps nothing row by row
                tags.bump(*function(instance, deleted=False))

        def bump_on_delete(sender, instance, **kwargs):
            tags.bump(*function(instance, deleted=True))

        for model in models:
            post_save.connect(bump_on_save, sender=model, weak=False)
            post_delete.connect(bump_on_delete, sender=model, weak=False)
        return function

    return connect


def remember_before(models, *fields):
    """Keep on each instance of ``models`` about to be saved its stored ``fields``
    (``instance.before``, None for a new row), so a rule can compare old and new."""

    def remember(sender, instance, raw=False, **kwargs):
        instance.before = (
            None
            if raw or instance._state.adding
            else sender._base_manager.filter(pk=instance.pk).values(*fields).first()
        )

    for model in models:
        pre_save.connect(remember, sender=model, weak=False)


# --- Articles ------------------------------------------------------------------------

remember_before([Article], "status", "section_id", "live_from")


def article_tags(article, *, listed=None, old_section_id=None):
    """The tags of everything that shows ``article``: only its own page while it is not
    published (nor scheduled); ``listed`` overrides, for an article that was."""
    if listed is None:
        listed = article.status == Article.Status.PUBLISHED
    found = {f"article:{article.pk}"}
    if listed:
        topic_ids = getattr(article, "topic_ids_before_delete", None)
        if topic_ids is None:
            topic_ids = article.topics.values_list("pk", flat=True)
        author_ids = getattr(article, "author_ids_before_delete", None)
        if author_ids is None:
            author_ids = Byline.objects.filter(article_id=article.pk).values_list(
                "author_id", flat=True
            )
        found |= {
            *LISTINGS,
            f"section:{article.section_id}",
            *(f"topic:{pk}" for pk in topic_ids),
            *(f"author:{pk}" for pk in author_ids),
        }
        if old_section_id and old_section_id != article.section_id:
            found.add(f"section:{old_section_id}")
    return found


@receiver(pre_delete, sender=Article)
def remember_relations_before_delete(sender, instance, **kwargs):
    """Topics and bylines are deleted before the article: its rule needs them."""
    instance.topic_ids_before_delete = list(instance.topics.values_list("pk", flat=True))
    instance.author_ids_before_delete = list(
        Byline.objects.filter(article_id=instance.pk).values_list("author_id", flat=True)
    )


@changes(Article)
def article_changed(article, deleted):
    before = getattr(article, "before", None) or {}
    was_listed = before.get("status") == Article.Status.PUBLISHED
    is_listed = article.status == Article.Status.PUBLISHED
    found = article_tags(
        article, listed=was_listed or is_listed, old_section_id=before.get("section_id")
    )
    if article.live_from or before.get("live_from"):
        found.add(f"live:{article.pk}")  # the updates endpoint says whether coverage is open
    return found


def stored_article_tags(article_id):
    article = Article.objects.filter(pk=article_id).only("status", "section_id").first()
    return article_tags(article) if article is not None else {f"article:{article_id}"}


@receiver(m2m_changed, sender=Article.topics.through)
def article_topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear":
        related = instance.articles if reverse else instance.topics
        instance.cleared_pks = set(related.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop("cleared_pks", set()) if action == "post_clear" else pk_set
    if reverse:  # a topic's articles
        found = {f"topic:{instance.pk}"}
        for pk in pks:
            found |= stored_article_tags(pk)
    else:
        found = article_tags(instance)
        if instance.status == Article.Status.PUBLISHED:
            found |= {f"topic:{pk}" for pk in pks}
    tags.bump(*found)


@changes(Byline)
def byline_changed(byline, deleted):
    return stored_article_tags(byline.article_id) | {f"author:{byline.author_id}"}


@changes(ArticleSection)
def body_changed(section, deleted):
    return stored_article_tags(section.article_id)


@changes(ArticleNote)
def note_changed(note, deleted):
    return {f"article:{note.article_id}"}


@changes(ArticleRedirect)
def redirect_changed(redirect, deleted):
    return {"sitemaps"}


@changes(FrontPagePin)
def pin_changed(pin, deleted):
    return {"home"}


@changes(Section)
def section_changed(section, deleted):
    return {f"section:{section.pk}", "site"}


@changes(Topic)
def topic_changed(topic, deleted):
    return {f"topic:{topic.pk}", "feeds", "sitemaps"}


# --- Authors -------------------------------------------------------------------------

remember_before([Author], *BYLINE_FIELDS)


@changes(Author)
def author_changed(author, deleted):
    before = getattr(author, "before", None)
    if deleted or before is None:
        return {f"author:{author.pk}", "sitemaps"}
    if any(before[name] != getattr(author, name) for name in BYLINE_FIELDS):
        return bylines_tags(author.pk)
    return {f"author:{author.pk}"}


def bylines_tags(author_id):
    """The author, their feeds and sitemap entry, and the listings of their public stories
    (they show the byline)."""
    found = {f"author:{author_id}", "feeds", "sitemaps"}
    for article in (
        Article.objects.published()
        .filter(bylines__author_id=author_id)
        .prefetch_related("topics")
        .only("section_id")
    ):
        found |= {*LISTINGS, f"section:{article.section_id}"}
        found |= {f"topic:{topic.pk}" for topic in article.topics.all()}
    return found


@changes(Credential)
def credential_changed(credential, deleted):
    return {f"author:{credential.author_id}"}


# --- Comments ------------------------------------------------------------------------


def comments_tag(comment_row):
    """``comments:<article id>`` for a comment (a dict with content_type_id and object_pk),
    or None for a comment on anything else."""
    if comment_row["content_type_id"] != ContentType.objects.get_for_model(Article).pk:
        return None
    return f"comments:{comment_row['object_pk']}"


remember_before([XtdComment, Comment], "is_public", "is_removed")


@changes(XtdComment, Comment)
def comment_changed(comment, deleted):
    before = getattr(comment, "before", None)
    shown_before = bool(before and before["is_public"] and not before["is_removed"])
    shown_now = comment.is_public and not comment.is_removed
    if not (shown_before or shown_now):
        return set()
    tag = comments_tag({"content_type_id": comment.content_type_id, "object_pk": comment.object_pk})
    return {tag} if tag else set()


remember_before([Moderation], "state", "is_featured")


@changes(Moderation)
def moderation_changed(moderation, deleted):
    before = getattr(moderation, "before", None) or {}
    shown_before = before.get("state") in SHOWN_STATES
    shown_now = moderation.state in SHOWN_STATES and not deleted
    featured_changed = before.get("is_featured", False) != moderation.is_featured
    if shown_before == shown_now and not (shown_now and featured_changed):
        return set()
    row = (
        XtdComment.objects.filter(pk=moderation.comment_id)
        .values("content_type_id", "object_pk")
        .first()
    )
    tag = comments_tag(row) if row else None
    return {tag} if tag else set()


def comments_rewritten(article_ids):
    """Bulk: the comments on ``article_ids`` were changed with ``update()``."""
    tags.bump(*(f"comments:{pk}" for pk in article_ids))


def author_rewritten(author_id):
    """Bulk: an author was changed with ``update()``."""
    tags.bump(*bylines_tags(author_id))


# --- Live coverage -------------------------------------------------------------------


def live_tags(article_id):
    return {f"live:{article_id}", f"article:{article_id}"}


@changes(LiveUpdate)
def live_update_changed(update, deleted):
    return live_tags(update.article_id)


@receiver(m2m_changed, sender=LiveUpdate.authors.through)
def live_update_authors_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, LiveUpdate):
        tags.bump(*live_tags(instance.article_id))


@changes(LiveUpdateNote)
def live_update_note_changed(note, deleted):
    article_id = (
        LiveUpdate.objects.filter(pk=note.update_id).values_list("article_id", flat=True).first()
    )
    return live_tags(article_id) if article_id is not None else set()


# --- The site ------------------------------------------------------------------------


@changes(Site, SiteSettings, FlatPage)
def site_changed(instance, deleted):
    return {"site"}


@receiver(m2m_changed, sender=FlatPage.sites.through)
def flat_page_sites_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        tags.bump("site")


# --- Bulk paths ----------------------------------------------------------------------


def everything_changed():
    """Bulk: new content came in with bulk inserts, which send no signals (the demo, the
    generator). Every page carries ``site``, and the listings, sections, topics and authors
    are bumped too (one ``set_many``, after the commit); ``article:`` and ``comments:`` tags
    are not, there being one per story: these writers add stories and comments, they do not
    change existing ones."""
    found = {"site", *LISTINGS}
    found |= {f"section:{pk}" for pk in Section.objects.values_list("pk", flat=True)}
    found |= {f"topic:{pk}" for pk in Topic.objects.values_list("pk", flat=True)}
    found |= {f"author:{pk}" for pk in Author.objects.values_list("pk", flat=True)}
    tags.bump(*found)
