from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django_comments_xtd.models import XtdComment


def comments_close_at(article):
    """When comments on ``article`` close by themselves (None if it has no publish time)."""
    if article.published_at is None:
        return None
    return article.published_at + timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)


def comments_open(article, *, now=None):
    """Readers may comment on a published article that editors left open, until it closes."""
    now = now or timezone.now()
    close_at = comments_close_at(article)
    return bool(
        article.comments_enabled
        and article.is_published()
        and close_at is not None
        and now < close_at
    )


def reply_parent_id(parent):
    """The id of the comment a reply to ``parent`` hangs under: ``parent`` itself, or, when it
    is at the deepest level (``COMMENTS_XTD_MAX_THREAD_LEVEL``), its own parent, so the reply
    sits beside it."""
    if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        return parent.parent_id
    return parent.pk


class CommentQuerySet(models.QuerySet):
    def public(self):
        """Comments readers may see: approved and not removed."""
        return self.filter(is_public=True, is_removed=False)

    def counts_per_article(self):
        """Subquery expressions counting approved and waiting comments per article row,
        for ``Article.objects.annotate(**Comment.objects.counts_per_article())``."""
        on_article = self.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_pk=Cast(OuterRef("pk"), models.CharField()),
        )

        def count(queryset):
            counted = queryset.values("object_pk").annotate(n=Count("pk")).values("n")[:1]
            return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

        return {
            "approved_comments": count(on_article.public()),
            "waiting_comments": count(on_article.filter(moderation__state="pending")),
        }

    def for_article(self, article):
        return self.filter(
            content_type__app_label="articles",
            content_type__model="article",
            object_pk=str(article.pk),
            site_id=settings.SITE_ID,
        )


class Comment(XtdComment):
    """django-comments-xtd's comment, seen from the newsroom (same table)."""

    objects = CommentQuerySet.as_manager()

    class Meta:
        proxy = True
        ordering = ["-submit_date"]
        verbose_name = "comment"

    def __str__(self):
        return f"{self.user_name}: {self.comment[:50]}"

    def get_absolute_url(self):
        return f"{self.content_object.get_absolute_url()}#c{self.pk}"

    @property
    def website_url(self):
        """The commenter's website, only if it is a web address (imports and scripts bypass
        the form's validation)."""
        return self.user_url if self.user_url.lower().startswith(("https://", "http://")) else ""


class Moderation(models.Model):
    """The newsroom's moderation state of one comment, and why it was held."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        REPORTED = "reported", "Approved, reported by readers"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"
        WITHDRAWN = "withdrawn", "Deleted by its author"

    class Reason(models.TextChoices):
        ALL_MODERATED = "all", "All comments are moderated"
        LINKS = "links", "Too many links"
        DISALLOWED_WORD = "word", "Disallowed word"
        HONEYPOT = "honeypot", "Hidden anti-spam field filled in"
        REPORTED = "reported", "Flagged by readers"
        EDITED = "edited", "Edited by its author"
        STAFF = "staff", "Posted by staff, published at once"

    comment = models.OneToOneField(
        XtdComment, on_delete=models.CASCADE, primary_key=True, related_name="moderation"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    reason = models.CharField(
        "held because", max_length=20, choices=Reason.choices, default=Reason.ALL_MODERATED
    )
    reason_detail = models.CharField(max_length=300, blank=True)
    is_featured = models.BooleanField(
        "featured",
        default=False,
        help_text="Featured comments are pinned at the top of their thread.",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderators_notified_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers first saw the comment: its author and the readers waiting "
        "for replies are emailed then, and never again for the same comment.",
    )

    class Meta:
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"{self.get_state_display()}: comment {self.comment_id}"

    @classmethod
    def visibility(cls, state):
        """django-comments-xtd's flags for a comment in ``state``: readers see approved and
        reported comments; rejected, spam and withdrawn ones are removed; held ones wait."""
        return {
            "is_public": state in (cls.State.APPROVED, cls.State.REPORTED),
            "is_removed": state in (cls.State.REJECTED, cls.State.SPAM, cls.State.WITHDRAWN),
        }

    def why_held(self):
        """What the queue shows: "3 links", "Disallowed word: “casino”", "Edited by its author"..."""
        if self.reason == self.Reason.LINKS and self.reason_detail:
            return self.reason_detail
        label = self.get_reason_display()
        return f"{label}: {self.reason_detail}" if self.reason_detail else label


class Report(models.Model):
    """A reader's report of an approved comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abusive or hateful"
        OFF_TOPIC = "off_topic", "Off-topic"
        ILLEGAL = "illegal", "Illegal content"

    comment = models.ForeignKey(XtdComment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_address"], name="one_report_per_comment_and_address"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on comment {self.comment_id}"


class DisallowedWord(models.Model):
    word = models.CharField(
        max_length=100,
        unique=True,
        help_text="A comment containing this word or phrase (in any case) goes straight to spam.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip().lower()
        super().save(*args, **kwargs)
