"""
WordPress export (WXR) to Newsroom: authors, sections, topics, articles, comments, redirects.

Two passes over the file, each streaming: the first collects authors, terms and attachments
(small), the second imports posts one at a time, each post with its comments in one
transaction. What was imported is remembered by WordPress id (``WordPressObject``), so a
second run updates what changed and duplicates nothing. One bad item is reported and
skipped; it never stops the import.
"""

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django_comments_xtd.models import XtdComment

from articles.models import (
    RESERVED_SLUGS,
    Article,
    ArticleRedirect,
    Byline,
    Section,
    Topic,
)
from authors.models import Author
from comments.models import Moderation
from comments.services import comment_import, comment_import_update
from newsroom import invalidation

from .content import convert_body
from .models import WordPressObject
from .wxr import WPAuthor, WPItem, WPTerm, WXRError, read_wxr

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # scheduled: published with a future time
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
    "private": Article.Status.DRAFT,
}
COMMENT_STATES = {"1": Moderation.State.APPROVED, "0": Moderation.State.PENDING,
                  "spam": Moderation.State.SPAM}  # fmt: skip
UPLOADS = "/wp-content/uploads/"
IMAGE = re.compile(r"<img\b[^>]*\bsrc=([\"'])([^\"']+)\1[^>]*>", re.IGNORECASE)


class DryRun(Exception):
    """Raised at the end of each post in a dry run, to roll its transaction back."""


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    warnings: list = field(default_factory=list)

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def warn(self, item, message):
        label = f"post {item.wp_id} “{item.title[:60]}”" if isinstance(item, WPItem) else str(item)
        self.warnings.append((label, message))


def checksum(*parts):
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def path_of(url):
    """The path (and query, for ?p=123 links) a reader's browser would request."""
    parts = urlsplit(url or "")
    if not parts.path and not parts.query:
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Importer:
    def __init__(self, *, media_dir=None, dry_run=False, since=None, progress=None):
        self.media_dir = Path(media_dir) if media_dir else None
        self.dry_run = dry_run
        self.since = since
        self.progress = progress or (lambda report: None)
        self.report = Report()
        self.authors = {}  # login -> WPAuthor
        self.terms = {}  # (kind, slug) -> name
        self.attachments = {}  # wp id -> (url, alt, caption)

    # -- the two passes ---------------------------------------------------------------

    def run(self, path):
        for record in read_wxr(path):
            if isinstance(record, WPAuthor):
                self.authors[record.login] = record
            elif isinstance(record, WPTerm):
                self.terms[(record.kind, record.slug)] = record.name
            elif isinstance(record, WPItem) and record.post_type == "attachment":
                self.attachments[record.wp_id] = (
                    record.attachment_url,
                    record.meta.get("_wp_attachment_image_alt", ""),
                    record.excerpt,
                )
        for login, author in self.authors.items():
            self.guarded(login, lambda a=author: self.import_author(a))
        for record in read_wxr(path):
            if isinstance(record, WXRError):
                self.report.count("post", "failed")
                self.report.warn(f"line {record.line} (post {record.wp_id or '?'})", record.message)
            elif isinstance(record, WPItem) and record.post_type == "post":
                self.guarded(record, lambda r=record: self.import_post(r))
                self.progress(self.report)
            elif isinstance(record, WPItem) and record.post_type not in ("attachment", "page"):
                self.report.count("other item", "skipped")
        return self.report

    def guarded(self, item, work):
        """Run one item's import in its own transaction; a failure skips only that item."""
        try:
            with transaction.atomic():
                work()
                if self.dry_run:
                    raise DryRun
        except DryRun:
            pass
        except Exception as error:  # one bad item must never stop the import
            kind = "post" if isinstance(item, WPItem) else "author"
            self.report.count(kind, "failed")
            self.report.warn(item, f"not imported: {error.__class__.__name__}: {error}")

    # -- mapping to existing objects ----------------------------------------------------

    def remembered(self, kind, wp_id):
        return WordPressObject.objects.filter(kind=kind, wp_id=str(wp_id)).first()

    def remember(self, kind, wp_id, obj, digest=""):
        WordPressObject.objects.update_or_create(
            kind=kind, wp_id=str(wp_id), defaults={"object_id": obj.pk, "checksum": digest}
        )

    # -- authors, sections, topics -----------------------------------------------------

    def import_author(self, wp_author):
        mapping = self.remembered("author", wp_author.login)
        fields = {"name": wp_author.name[:200], "short_bio": wp_author.description}
        if mapping and Author.objects.filter(pk=mapping.object_id).exists():
            author = Author.objects.get(pk=mapping.object_id)
            changed = any(getattr(author, k) != v for k, v in fields.items())
            if changed:
                Author.objects.filter(pk=author.pk).update(**fields)
                invalidation.author_rewritten(author.pk)
            self.report.count("author", "updated" if changed else "unchanged")
            return author
        slug = self.free_slug(Author, slugify(wp_author.login or wp_author.name) or "author")
        author = Author.objects.create(slug=slug, **fields)
        self.remember("author", wp_author.login, author)
        self.report.count("author", "created")
        return author

    def author_for(self, login):
        mapping = self.remembered("author", login)
        if mapping:
            author = Author.objects.filter(pk=mapping.object_id).first()
            if author:
                return author
        return self.import_author(self.authors.get(login) or WPAuthor(wp_id="", login=login))

    def section_for(self, item):
        slug, name = item.categories[0] if item.categories else ("uncategorized", "Uncategorized")
        name = self.terms.get(("category", slug), name) or slug
        section_slug = slugify(slug)[:90] or "uncategorized"
        if section_slug in RESERVED_SLUGS:
            section_slug += "-section"
        section, created = Section.objects.get_or_create(
            slug=section_slug, defaults={"name": name[:100]}
        )
        if created:
            self.report.count("section", "created")
        return section

    def topics_for(self, item):
        topics = []
        for slug, name in item.tags + item.categories[1:]:
            topic_slug = slugify(slug)[:100]
            if not topic_slug:
                continue
            topic, created = Topic.objects.get_or_create(
                slug=topic_slug, defaults={"name": (name or slug)[:100]}
            )
            if created:
                self.report.count("topic", "created")
            topics.append(topic)
        return topics

    # -- posts ---------------------------------------------------------------------------

    def import_post(self, item):
        if item.status in ("trash", "auto-draft", "inherit") or item.status not in STATUSES:
            self.report.count("post", "skipped")
            self.report.warn(item, f"status “{item.status}” is not imported")
            return
        if self.since and item.date and item.date < self.since:
            self.report.count("post", "skipped")
            return
        thumbnail_id = item.meta.get("_thumbnail_id", "")
        thumbnail = self.attachments.get(thumbnail_id)
        digest = checksum(item.title, item.content, item.excerpt, item.status, item.date,
                          item.categories, item.tags, item.creator, thumbnail,
                          [vars(c) for c in item.comments])  # fmt: skip
        mapping = self.remembered("post", item.wp_id)
        article = Article.objects.filter(pk=mapping.object_id).first() if mapping else None
        if article is not None and mapping.checksum == digest:
            self.report.count("post", "unchanged")
            return

        if thumbnail_id and thumbnail is None:
            self.report.warn(
                item, f"missing featured image: attachment {thumbnail_id} is not in the export"
            )
        converted = convert_body(item.content)
        for message in converted.warnings:
            self.report.warn(item, message)
        if item.sticky:
            self.report.warn(item, "sticky post: feature it on the home page if still wanted")
        fields = {
            "title": item.title[:300] or f"Untitled (WordPress post {item.wp_id})",
            "standfirst": strip_tags(item.excerpt).strip(),
            "section": self.section_for(item),
            "status": STATUSES[item.status],
            "published_at": item.date,
            "comments_enabled": item.comment_status == "open",
        }
        created = article is None
        if created:
            slug = self.free_slug(
                Article, slugify(item.slug or item.title)[:280] or f"post-{item.wp_id}"
            )
            article = Article(slug=slug, **fields)
        else:
            for name, value in fields.items():
                setattr(article, name, value)
        self.set_hero(article, item, thumbnail)
        article.save()

        Byline.objects.filter(article=article).delete()
        Byline.objects.create(article=article, author=self.author_for(item.creator), order=0)
        article.topics.set(self.topics_for(item))
        article.write_body(
            [
                (heading[:300], self.localise_images(item, body))
                for heading, body in converted.sections
            ]
        )

        for old_url in {item.link, item.guid}:
            ArticleRedirect.remember(old_path=path_of(old_url), article=article)
        self.import_comments(item, article)
        self.remember("post", item.wp_id, article, digest)
        self.report.count("post", "created" if created else "updated")

    def free_slug(self, model, slug):
        candidate, n = slug, 2
        while model.objects.filter(slug=candidate).exists():
            candidate, n = f"{slug}-{n}", n + 1
        return candidate

    # -- media ---------------------------------------------------------------------------

    def local_file(self, url):
        """The file under --media-dir for an uploads URL, or None."""
        if not self.media_dir or UPLOADS not in url:
            return None
        relative = PurePosixPath(urlsplit(url).path.split(UPLOADS, 1)[1])
        if ".." in relative.parts:
            return None
        candidate = self.media_dir / relative
        return candidate if candidate.is_file() else None

    def store(self, source, relative_to):
        name = f"wordpress/{relative_to}"
        if self.dry_run:
            return default_storage.url(name)
        if not default_storage.exists(name):
            with source.open("rb") as handle:
                name = default_storage.save(name, File(handle))
        return default_storage.url(name)

    def set_hero(self, article, item, thumbnail):
        if not thumbnail:
            return
        url, alt, caption = thumbnail
        source = self.local_file(url)
        if source is None:
            self.report.warn(item, f"missing featured image {url}")
            return
        relative = urlsplit(url).path.split(UPLOADS, 1)[1]
        if not self.dry_run:
            with source.open("rb") as handle:
                article.hero_image.save(f"wordpress-{PurePosixPath(relative).name}", File(handle),
                                        save=False)  # fmt: skip
        article.hero_alt = alt[:300] or article.title[:300]
        article.hero_caption = strip_tags(caption).strip()[:500]

    def localise_images(self, item, body):
        """Point images at copies in our storage; drop (and report) those we do not have."""

        def replace(match):
            tag, url = match.group(0), match.group(2)
            source = self.local_file(url)
            if source is None:
                self.report.warn(item, f"missing image {url}")
                return ""
            relative = urlsplit(url).path.split(UPLOADS, 1)[1]
            return tag.replace(url, self.store(source, relative))

        return IMAGE.sub(replace, body)

    # -- comments ------------------------------------------------------------------------

    def import_comments(self, item, article):
        by_id = {c.wp_id: c for c in item.comments}
        imported = {}
        pending = sorted(item.comments, key=lambda c: int(c.wp_id) if c.wp_id.isdigit() else 0)
        while pending:
            deferred = []
            for wp_comment in pending:
                parent = wp_comment.parent_id
                if parent != "0" and parent in by_id and parent not in imported:
                    if by_id[parent].approved in ("trash", "post-trashed"):
                        wp_comment.parent_id = by_id[parent].parent_id
                    deferred.append(wp_comment)
                    continue
                result = self.import_comment(wp_comment, article, imported.get(parent))
                imported[wp_comment.wp_id] = result
            if len(deferred) == len(pending):  # parents that never arrive: attach at the top
                for wp_comment in deferred:
                    wp_comment.parent_id = "0"
            pending = deferred

    def import_comment(self, wp_comment, article, parent):
        if wp_comment.approved in ("trash", "post-trashed"):
            self.report.count("comment", "trashed (dropped)")
            return parent
        if wp_comment.comment_type in ("pingback", "trackback"):
            self.report.count("comment", "skipped (pingback)")
            return parent
        state = COMMENT_STATES.get(wp_comment.approved, Moderation.State.PENDING)
        fields = {
            "user_name": wp_comment.author[:50] or "Anonymous",
            "user_email": wp_comment.email[:254],
            "user_url": wp_comment.url[:200]
            if wp_comment.url.startswith(("http://", "https://"))
            else "",
            "comment": wp_comment.content,
            "submit_date": wp_comment.date or article.published_at or timezone.now(),
            "ip_address": wp_comment.ip or None,
        }
        mapping = self.remembered("comment", wp_comment.wp_id)
        comment = XtdComment.objects.filter(pk=mapping.object_id).first() if mapping else None
        if comment is None:
            comment = comment_import(article=article, state=state, parent=parent, fields=fields)
            self.report.count("comment", "created")
        else:
            changed = comment_import_update(comment=comment, state=state, fields=fields)
            if changed:
                invalidation.comments_rewritten({article.pk})
            self.report.count("comment", "updated" if changed else "unchanged")
        self.remember("comment", wp_comment.wp_id, comment)
        return comment
