import re
from datetime import timedelta

from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from newsroom.images import validate_uploaded_image
from newsroom.sanitizer import sanitize_rich_text

from . import social_cards
from .reading_time import count_words, reading_minutes, strip_markup
from .renditions import Renditions, make_renditions

# First path segments the site uses itself; a section may not take them.
RESERVED_SLUGS = {
    "admin", "authors", "topics", "search", "feed", "feeds", "sitemap.xml", "static",
    "media", "comments", "ckeditor", "terms", "privacy", "healthz", "robots.txt",
    "accounts", "preview", "cards", "live",
}  # fmt: skip


def validate_section_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by the site itself; choose another slug.")


NAVIGATION_CACHE_KEY = "articles:navigation-sections"


class SectionQuerySet(models.QuerySet):
    def for_navigation(self):
        """The sections for the site header, cached until a section changes."""
        sections = cache.get(NAVIGATION_CACHE_KEY)
        if sections is None:
            sections = [(s.name, s.get_absolute_url()) for s in self.all()]
            cache.set(NAVIGATION_CACHE_KEY, sections, None)
        return sections


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_section_slug])
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the site header in this order."
    )
    description = models.TextField(blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Topic(models.Model):
    """A tag that cuts across sections, e.g. “Ukraine war” or “Climate”."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:topic", kwargs={"slug": self.slug})


NEIGHBOUR_FIELDS = ("title", "slug", "published_at")
RELATED_CANDIDATES = 500


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publish time that has passed."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Articles set to publish at a future time; they go live by themselves when it passes."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def by_writer(self, user):
        """A writer's own stories: under her byline, or started by her."""
        return self.filter(
            models.Q(created_by=user) | models.Q(bylines__author__user=user)
        ).distinct()

    def editable_by(self, user):
        """Articles a writer may still change: their own drafts and stories in review."""
        return self.by_writer(user).filter(status__in=[Article.Status.DRAFT, Article.Status.REVIEW])

    def visible_to(self, user):
        """Staff may preview every article at its real URL; everyone else sees published ones."""
        return self if user.is_staff else self.published()

    def next_publish_time(self):
        """When the next scheduled article goes live, or None: caches must expire by then."""
        return (
            self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
        )

    def last_publish_time(self):
        """When the newest live article went live, or None: lists changed at that moment."""
        return (
            self.published()
            .order_by("-published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def live(self):
        """Stories whose live coverage is open now: started, and not ended."""
        now = timezone.now()
        return self.filter(live_from__lte=now).exclude(live_until__lte=now)

    def next_coverage_change(self):
        """When live coverage next opens or closes by itself, or None."""
        now = timezone.now()
        moments = [
            self.filter(**{f"{field}__gt": now})
            .order_by(field)
            .values_list(field, flat=True)
            .first()
            for field in ("live_from", "live_until")
        ]
        return min((moment for moment in moments if moment), default=None)

    def last_coverage_change(self):
        """When live coverage last opened or closed, or None: the LIVE label changed then."""
        now = timezone.now()
        moments = [
            self.filter(**{f"{field}__lte": now})
            .order_by(f"-{field}")
            .values_list(field, flat=True)
            .first()
            for field in ("live_from", "live_until")
        ]
        return max((moment for moment in moments if moment), default=None)

    def with_bylines(self):
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def latest_per_section(self, count, skipping=0):
        """The ``count`` newest articles of every section, in one query.

        The window runs only over articles at least as new as the oldest one any section
        needs (its count+1-th newest, or its oldest), so it stays small on a large archive.
        ``skipping``: how many stories this queryset leaves out, so as many more are reached.
        """
        in_section = Article.objects.published().filter(section_id=OuterRef("pk"))
        nth = count + skipping
        needed_from = Coalesce(
            Subquery(in_section.order_by("-published_at").values("published_at")[nth : nth + 1]),
            Subquery(in_section.order_by("published_at").values("published_at")[:1]),
        )
        oldest_needed = (
            Section.objects.annotate(needed_from=needed_from)
            .filter(needed_from__isnull=False)
            .order_by("needed_from")
            .values("needed_from")[:1]
        )
        return (
            self.filter(published_at__gte=Subquery(oldest_needed))
            .annotate(
                section_rank=Window(
                    RowNumber(),
                    partition_by=F("section"),
                    order_by=[F("published_at").desc(), "-pk"],
                )
            )
            .filter(section_rank__lte=count)
        )

    def related_to(self, article, count=4, candidates=RELATED_CANDIDATES, exclude=()):
        """Stories sharing the most topics with ``article``, then its section's newest;
        never ``article`` itself nor the stories in ``exclude`` (already linked on its page).

        Only the newest ``candidates`` stories sharing a topic or the section are ranked, so
        the count stays cheap on a large archive.
        """
        topic_ids = [topic.pk for topic in article.topics.all()]
        recent = (
            self.filter(Q(topics__in=topic_ids) | Q(section_id=article.section_id))
            .exclude(pk__in=[article.pk, *(other.pk for other in exclude if other)])
            .order_by("-published_at")
            .values("pk")[:candidates]
        )
        return (
            self.filter(pk__in=Subquery(recent))
            .annotate(shared_topics=Count("topics", filter=Q(topics__in=topic_ids)))
            .order_by("-shared_topics", "-published_at", "-pk")[:count]
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    standfirst = models.TextField(
        blank=True, help_text="A one- or two-sentence summary shown under the title and in lists."
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField("authors.Author", through="Byline", related_name="articles")
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    hero_image = models.ImageField(
        upload_to="articles/%Y/%m/",
        validators=[validate_uploaded_image],
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=300,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    hero_caption = models.CharField("hero image caption", max_length=500, blank=True)
    hero_credit = models.CharField("hero image credit", max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="An article is visible when it is published and its publish time has passed; "
        "a future time schedules it.",
    )
    updated_at = models.DateTimeField(
        "updated time",
        null=True,
        blank=True,
        help_text="Set for substantive updates only; shown to readers as “Updated …”.",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    comments_enabled = models.BooleanField(default=True)
    live_from = models.DateTimeField(
        "live coverage from",
        null=True,
        blank=True,
        help_text="Set to cover this story live: from this time it carries a LIVE label and "
        "takes updates (admin, Live updates).",
    )
    live_until = models.DateTimeField(
        "live coverage until",
        null=True,
        blank=True,
        help_text="When coverage ended: the LIVE label goes and readers see the end time. "
        "Leave empty while it goes on.",
    )
    hero_renditions = models.JSONField(default=dict, blank=True, editable=False)
    search_text = models.TextField(
        blank=True, editable=False, help_text="The body as plain text, for search."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    has_notes = models.BooleanField(default=False, editable=False)
    review_note = models.TextField(
        "note from the editor",
        blank=True,
        editable=False,
        help_text="Why an editor sent the story back; shown to its writers until they submit it "
        "again.",
    )
    review_note_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    review_note_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    BODY_STATS_FIELDS = ("word_count", "reading_minutes", "search_text")

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # Section pages, neighbours and the home page's newest per section.
            models.Index(fields=["section", "status", "-published_at"]),
            # The sitemap index's latest change: the newest update without a scan.
            models.Index(fields=["-updated_at"]),
            # The next and last moments live coverage opens or closes (timed_changes).
            models.Index(fields=["live_from"]),
            models.Index(fields=["live_until"]),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()  # published without a time: it goes live now
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The body's stats are written with the body (write_body): a copy of the article
            # loaded before its body changed must not write stale ones back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.BODY_STATS_FIELDS
            ]
        old_url = self._public_url_before_save()
        super().save(*args, **kwargs)
        if old_url:
            ArticleRedirect.remember(old_path=old_url, article=self)
        self.update_renditions()

    def get_absolute_url(self):
        date = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={
                "section": self.section.slug,
                "year": date.year,
                "month": date.month,
                "day": date.day,
                "slug": self.slug,
            },
        )

    def clean(self):
        if self.live_until and not self.live_from:
            raise ValidationError({"live_until": "Set when live coverage started first."})
        if self.live_until and self.live_from and self.live_until <= self.live_from:
            raise ValidationError({"live_until": "Coverage must end after it starts."})

    def _public_url_before_save(self):
        """The URL readers knew this article by, if it was public and this save changes it."""
        if self.pk is None:
            return None
        old = Article.objects.select_related("section").filter(pk=self.pk).first()
        if old is None or not old.is_published():
            return None
        old_url = old.get_absolute_url()
        return old_url if old_url != self.get_absolute_url() else None

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def neighbours(self, *, watching=None):
        """(older, newer, next change): the published stories before and after this one in
        its section, and when the first story of ``watching`` (a queryset, e.g. the stories
        sharing its topics) is due to go live, which is when a page listing them changes.

        One query of indexed one-row lookups; each side is a light Article (title, slug,
        publish time) that can build its URL, or None at either end of the section.
        """
        if self.published_at is None:
            return None, None, None
        in_section = Article.objects.published().filter(section_id=self.section_id)
        at, pk = self.published_at, self.pk
        # The plain range (lte/gte) lets the database walk the section's date index.
        older = in_section.filter(Q(published_at__lte=at), Q(published_at__lt=at) | Q(pk__lt=pk))
        newer = in_section.filter(Q(published_at__gte=at), Q(published_at__gt=at) | Q(pk__gt=pk))
        wanted = Q(pk=Subquery(older.order_by("-published_at", "-pk").values("pk")[:1])) | Q(
            pk=Subquery(newer.order_by("published_at", "pk").values("pk")[:1])
        )
        if watching is not None:
            due = watching.scheduled().order_by("published_at").values("pk")[:1]
            wanted |= Q(pk=Subquery(due))
        rows = Article.objects.filter(wanted).values("pk", *NEIGHBOUR_FIELDS)
        sides = {"older": None, "newer": None}
        due_at, now = None, timezone.now()
        for row in rows:
            if row["published_at"] > now:
                due_at = row["published_at"]
                continue
            side = "older" if (row["published_at"], row["pk"]) < (at, pk) else "newer"
            sides[side] = Article(section=self.section, status=self.Status.PUBLISHED, **row)
        return sides["older"], sides["newer"], due_at

    def editorial_status(self):
        """The status as editors speak of it: a published article due later is “Scheduled”."""
        if self.status == self.Status.PUBLISHED and not self.is_published():
            return "Scheduled"
        return self.get_status_display()

    @property
    def has_live_coverage(self):
        """Covered live, now or before: its page shows updates and ``LiveBlogPosting``."""
        return self.live_from is not None

    @property
    def is_live(self):
        """Coverage is open now: the LIVE label shows."""
        now = timezone.now()
        return (
            self.live_from is not None
            and self.live_from <= now
            and (self.live_until is None or self.live_until > now)
        )

    @property
    def live_coverage_ended(self):
        return self.live_until is not None and self.live_until <= timezone.now()

    def is_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    def body_sections(self):
        """The body as [(heading, html)], in reading order."""
        return [(section.heading, section.body) for section in self.sections.all()]

    def write_body(self, sections):
        """Store ``sections`` [(heading, html)] as the body, with its word count, reading time
        and search text, computed once.

        A stored section whose heading is unchanged is kept with its anchor wherever it
        moves, so links to ``#its-heading`` keep working.
        """
        unused = {}
        for stored in self.sections.all():
            unused.setdefault(stored.heading, []).append(stored)
        rows = []
        for heading, html in sections:
            same_heading = unused.get(heading)
            row = same_heading.pop(0) if same_heading else ArticleSection(article=self)
            row.heading, row.body = heading, html
            rows.append(row)
        kept = [row for row in rows if row.pk]
        taken = {row.anchor for row in kept if row.anchor}
        for order, row in enumerate(rows):
            row.order = order
            if row.pk:
                row.fill_derived_fields(taken_anchors=taken - {row.anchor})
            else:
                row.fill_derived_fields(taken_anchors=taken)
                taken.add(row.anchor)
        self.sections.exclude(pk__in=[row.pk for row in kept]).delete()
        ArticleSection.objects.bulk_update(
            kept, ["order", "heading", "body", "word_count", "anchor"]
        )
        ArticleSection.objects.bulk_create([row for row in rows if not row.pk])
        self.set_body_stats(rows)
        Article.objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in self.BODY_STATS_FIELDS}
        )

    def set_body_stats(self, sections):
        """Word count, reading time and search text, from the article's body ``sections``
        (their own derived fields already filled in)."""
        self.word_count = sum(section.word_count for section in sections)
        self.reading_minutes = reading_minutes(self.word_count)
        self.search_text = " ".join(section.plain_text() for section in sections)

    @property
    def hero(self):
        """The hero image's renditions (false when there are none)."""
        return Renditions(self.hero_renditions)

    def update_renditions(self):
        """Make the hero image's renditions once, when the image changes."""
        source = self.hero_image.name if self.hero_image else ""
        if self.hero_renditions.get("source", "") == source:
            return
        # A source that cannot be read is remembered too, so it is not retried on every save.
        self.hero_renditions = (
            (make_renditions(self.hero_image) or {"source": source}) if source else {}
        )
        Article.objects.filter(pk=self.pk).update(hero_renditions=self.hero_renditions)

    def card_words(self, site_name):
        """What the story's share card shows (articles/social_cards.py)."""
        return {"headline": self.title, "section": self.section.name, "site_name": site_name}

    def share_image(self, site_name):
        """The picture a share of this story shows: the hero's 16:9 crop, else its card.

        {"url", "width", "height", "alt"}; the URL may be relative (local storage, the card).
        """
        crop = self.hero.crop("16x9") if self.hero else None
        if crop:
            return {**crop, "alt": self.hero_alt}
        if self.hero_image:
            return {"url": self.hero_image.url, "width": self.hero_width,
                    "height": self.hero_height, "alt": self.hero_alt}  # fmt: skip
        key = social_cards.card_key(**self.card_words(site_name))
        url = reverse("articles:social-card", kwargs={"pk": self.pk, "key": key})
        return {"url": url, "width": social_cards.WIDTH, "height": social_cards.HEIGHT, "alt": ""}

    def last_modified(self):
        """When readers last saw a change: the update time, else the publish time."""
        return self.updated_at if self.is_updated() else self.published_at

    def table_of_contents(self):
        """(anchor, heading) pairs when the article has four or more headed sections."""
        headed = [(s.anchor, s.heading) for s in self.sections.all() if s.anchor]
        return headed if len(headed) >= 4 else []


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_byline_author")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class ArticleSection(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(
        max_length=300, blank=True, help_text="Leave empty for the opening section."
    )
    anchor = models.SlugField(max_length=100, blank=True, editable=False)
    body = RichTextUploadingField(blank=True)
    word_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "body section"

    def __str__(self):
        return self.heading or "(opening)"

    def save(self, *args, **kwargs):
        taken = set(
            ArticleSection.objects.filter(article_id=self.article_id)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        self.fill_derived_fields(taken_anchors=taken)
        super().save(*args, **kwargs)

    def fill_derived_fields(self, *, taken_anchors):
        """The sanitised body, word count and anchor that every stored section has; bulk
        inserts, which skip ``save()``, call this themselves."""
        self.body = sanitize_rich_text(self.body)
        self.word_count = count_words(self.heading, self.body)
        if not anchor_fits(self.anchor, self.heading) or self.anchor in taken_anchors:
            self.anchor = unique_anchor(self.heading, taken_anchors)

    def plain_text(self):
        """The heading and body as plain text, for search."""
        return " ".join(strip_markup(f"{self.heading} {self.body}").split())


def anchor_base(heading):
    return slugify(heading)[:90]


def anchor_fits(anchor, heading):
    """Whether ``anchor`` was made from ``heading`` (possibly with a number to tell it apart)."""
    base = anchor_base(heading)
    return bool(base) and re.fullmatch(rf"{re.escape(base)}(-\d+)?", anchor or "") is not None


def unique_anchor(heading, taken):
    """A slug of ``heading`` for links to the section, not among ``taken`` ("" for none)."""
    base = anchor_base(heading)
    if not base:
        return ""
    anchor, suffix = base, 2
    while anchor in taken:
        anchor, suffix = f"{base}-{suffix}", suffix + 1
    return anchor


class ArticleNote(models.Model):
    """A dated correction or update shown to readers with the article."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    noted_at = models.DateTimeField(
        "date", default=timezone.now, help_text="Shown to readers, e.g. “Correction, 27 November”."
    )
    text = models.TextField(
        help_text="Say plainly what was wrong and what is right now; readers see it as written."
    )

    class Meta:
        ordering = ["noted_at", "pk"]
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localdate(self.noted_at):%d %B %Y}"


class ArticleRedirect(models.Model):
    """An old path of an article (a changed slug or section, an imported permalink).

    It always answers with a 301 to the article's current URL, so chains never form.
    """

    old_path = models.CharField(
        max_length=500, unique=True, help_text="The old path, e.g. /world/2026/11/27/old-slug/."
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.article}"

    @classmethod
    def remember(cls, *, old_path, article):
        """Send ``old_path`` to ``article`` from now on; the article's own path, the home page
        and paths too long to store are ignored."""
        current = article.get_absolute_url()
        too_long = len(old_path) > cls._meta.get_field("old_path").max_length
        if old_path not in ("", "/", current) and not too_long:
            cls.objects.update_or_create(old_path=old_path, defaults={"article": article})
        # The article's own URL must never redirect (it would loop after a change back).
        cls.objects.filter(old_path=current).delete()


class EditingPresence(models.Model):
    """Who has an article open in the admin, so others see “Also editing: …”."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="unique_editing_presence")
        ]

    def __str__(self):
        return f"{self.user} on {self.article}"

    @classmethod
    def others_editing(cls, *, article, user):
        """Record that ``user`` has ``article`` open; return the others seen recently."""
        now = timezone.now()
        cls.objects.update_or_create(article=article, user=user, defaults={"seen_at": now})
        since = now - timedelta(seconds=settings.NEWSROOM_EDITING_PRESENCE_SECONDS)
        return [
            presence.user
            for presence in cls.objects.filter(article=article, seen_at__gte=since)
            .exclude(user=user)
            .select_related("user")
            .order_by("seen_at")
        ]


class FrontPagePinQuerySet(models.QuerySet):
    def active(self):
        """Pins in force now: not expired (stories that are not live are filtered by callers)."""
        now = timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))

    def next_expiry(self):
        """When the next pin in force runs out, or None: cached pages must end then."""
        return (
            self.filter(expires_at__gt=timezone.now())
            .order_by("expires_at")
            .values_list("expires_at", flat=True)
            .first()
        )

    def last_expiry(self):
        """When the latest pin ran out, or None: the home page changed at that moment."""
        return (
            self.filter(expires_at__lte=timezone.now())
            .order_by("-expires_at")
            .values_list("expires_at", flat=True)
            .first()
        )


class FrontPagePin(models.Model):
    """An editor's choice for the top of the home page, until removed or until it expires."""

    class Slot(models.TextChoices):
        LEAD = "lead", "Lead story"
        FEATURED = "featured", "Featured story"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pins")
    slot = models.CharField(max_length=20, choices=Slot.choices, default=Slot.LEAD)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Featured stories are shown in this order, lowest first."
    )
    expires_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text="Leave empty to keep the pin until you remove it. When it passes, the home "
        "page falls back to the newest stories by itself.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = FrontPagePinQuerySet.as_manager()

    class Meta:
        # The newest lead pin wins; featured pins by their order.
        ordering = ["slot", "order", "-created_at", "-pk"]
        verbose_name = "front page pin"
        constraints = [
            models.UniqueConstraint(fields=["article", "slot"], name="unique_pin_per_slot")
        ]

    def __str__(self):
        return f"{self.get_slot_display()}: {self.article}"

    def clean(self):
        if self.article_id and self.article.status != Article.Status.PUBLISHED:
            raise ValidationError({"article": "Only published or scheduled stories can be pinned."})
        if self.expires_at and self.expires_at <= timezone.now() and self._state.adding:
            raise ValidationError({"expires_at": "This time has passed; choose a later one."})

    def is_active(self):
        return self.expires_at is None or self.expires_at > timezone.now()


def next_timed_change():
    """The next moment public pages change with no save (see timed_changes), or None."""
    upcoming = [
        Article.objects.next_publish_time(),
        FrontPagePin.objects.next_expiry(),
        Article.objects.next_coverage_change(),
    ]
    return min((moment for moment in upcoming if moment), default=None)


def timed_changes():
    """(the next moment public pages change with no save, the latest such moment passed):
    a scheduled story goes live, a front-page pin runs out, live coverage opens or closes.
    Caches must end at the first and date their pages from the second
    (newsroom/caching/schedule.py)."""
    passed = [
        Article.objects.last_publish_time(),
        FrontPagePin.objects.last_expiry(),
        Article.objects.last_coverage_change(),
    ]
    return next_timed_change(), max((moment for moment in passed if moment), default=None)
