from ckeditor_uploader.fields import RichTextUploadingField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from newsroom.sanitizer import sanitize_rich_text

from .reading_time import count_words, reading_minutes

# First path segments the site uses itself; a section may not take them.
RESERVED_SLUGS = {
    "admin", "authors", "topics", "search", "feed", "feeds", "sitemap.xml", "static",
    "media", "comments", "ckeditor", "terms", "privacy", "healthz", "robots.txt",
    "accounts", "preview",
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


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publish time that has passed."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff may preview every article at its real URL; everyone else sees published ones."""
        return self if user.is_staff else self.published()

    def next_publish_time(self):
        """When the next scheduled article goes live, or None: caches must expire by then."""
        return (
            self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def with_bylines(self):
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Unpublished"

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
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

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

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_updated(self):
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)

    def update_reading_time(self):
        """Recount the words of all sections and store them with the reading time."""
        words = self.sections.aggregate(total=Sum("word_count"))["total"] or 0
        self.word_count = words
        self.reading_minutes = reading_minutes(words)
        Article.objects.filter(pk=self.pk).update(
            word_count=self.word_count, reading_minutes=self.reading_minutes
        )


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
        self.body = sanitize_rich_text(self.body)
        self.word_count = count_words(self.heading, self.body)
        self.anchor = self._unique_anchor()
        super().save(*args, **kwargs)

    def _unique_anchor(self):
        base = slugify(self.heading)[:90]
        if not base:
            return ""
        taken = set(
            ArticleSection.objects.filter(article_id=self.article_id)
            .exclude(pk=self.pk)
            .values_list("anchor", flat=True)
        )
        anchor, suffix = base, 2
        while anchor in taken:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        return anchor
