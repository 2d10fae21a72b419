"""Live coverage: the updates posted to a story while it is covered live.

Whether a story is covered live is the article's (``Article.live_from``/``live_until``), so
that every list can show the LIVE label without a join; the updates are this app's.
"""

from datetime import timedelta

import reversion
from ckeditor_uploader.fields import RichTextUploadingField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article, ArticleNote
from articles.reading_time import strip_markup
from newsroom.sanitizer import sanitize_rich_text

UPDATES_PER_PAGE = 50
# A phone's clock a little ahead of the server's is not "the future".
CLOCK_SKEW = timedelta(minutes=2)


class LiveUpdateQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-posted_at", "-pk")

    def stream(self):
        """The updates in the running order (the pinned one is shown above it)."""
        return self.filter(is_pinned=False).newest_first()

    def with_details(self):
        return self.prefetch_related("authors", "notes")

    def newer_than(self, update):
        """Updates above ``update`` in the running order."""
        return self.filter(
            Q(posted_at__gt=update.posted_at) | Q(posted_at=update.posted_at, pk__gt=update.pk)
        )


@reversion.register(follow=["notes"])
class LiveUpdate(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    posted_at = models.DateTimeField(
        "time",
        default=timezone.now,
        help_text="Shown to readers, e.g. “09:41”. Now by default; set an earlier time for "
        "something that happened before you posted.",
    )
    headline = models.CharField(max_length=200, blank=True)
    body = RichTextUploadingField()
    authors = models.ManyToManyField("authors.Author", related_name="live_updates")
    is_key_event = models.BooleanField(
        "key event", default=False, help_text="Listed among the key events at the top."
    )
    is_pinned = models.BooleanField(
        "pinned",
        default=False,
        help_text="Shown above the other updates; pinning this one unpins the story's other.",
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

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]
        indexes = [models.Index(fields=["article", "-posted_at", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_pinned=True), name="one_pinned_update"
            )
        ]

    def __str__(self):
        return f"{timezone.localtime(self.posted_at):%H:%M} {self.summary}"

    def save(self, *args, **kwargs):
        self.body = sanitize_rich_text(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A link that always finds the update, whichever page it has moved to."""
        return reverse("live:update", kwargs={"article_id": self.article_id, "pk": self.pk})

    def clean(self):
        if self.posted_at and self.posted_at > timezone.now() + CLOCK_SKEW:
            raise ValidationError({"posted_at": "An update cannot be dated in the future."})

    @property
    def anchor(self):
        return f"update-{self.pk}"

    @property
    def plain_text(self):
        return " ".join(strip_markup(self.body).split())

    @property
    def summary(self):
        """The headline, else the body's first words (key events, titles)."""
        return self.headline or Truncator(self.plain_text).words(12)

    def page_number(self):
        """The page of the story's updates that shows this one."""
        if self.is_pinned:
            return 1
        above = LiveUpdate.objects.filter(article_id=self.article_id).stream().newer_than(self)
        return above.count() // UPDATES_PER_PAGE + 1


@reversion.register()
class LiveUpdateNote(models.Model):
    """A dated correction or clarification shown with an update, as on articles."""

    update = models.ForeignKey(LiveUpdate, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(
        max_length=20, choices=ArticleNote.Kind.choices, default=ArticleNote.Kind.CORRECTION
    )
    noted_at = models.DateTimeField("date", default=timezone.now)
    text = models.TextField(
        help_text="Say plainly what was wrong and what is right now; readers see it as written."
    )

    class Meta:
        ordering = ["noted_at", "pk"]
        verbose_name = "correction or update"
        verbose_name_plural = "corrections and updates"

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localdate(self.noted_at):%d %B %Y}"
