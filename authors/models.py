from django.conf import settings
from django.db import models
from django.urls import reverse

from newsroom.images import validate_uploaded_image


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown in the byline, e.g. “Asia Pacific Correspondent”.",
    )
    location = models.CharField(max_length=200, blank=True, help_text="Where the author is based.")
    short_bio = models.TextField(
        blank=True, help_text="One paragraph for the author box under each article."
    )
    long_bio = models.TextField(blank=True, help_text="Shown on the author's page.")
    photo = models.ImageField(
        upload_to="authors/", blank=True, validators=[validate_uploaded_image]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The staff account of this author, if any.",
    )
    website = models.URLField(blank=True)
    x_url = models.URLField("X profile", blank=True)
    mastodon_url = models.URLField("Mastodon profile", blank=True)
    linkedin_url = models.URLField("LinkedIn profile", blank=True)
    bluesky_url = models.URLField("Bluesky profile", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    @property
    def profile_links(self):
        """The author's public profiles as (label, url) pairs, in a fixed order."""
        links = [
            ("Website", self.website),
            ("X", self.x_url),
            ("Mastodon", self.mastodon_url),
            ("LinkedIn", self.linkedin_url),
            ("Bluesky", self.bluesky_url),
        ]
        return [(label, url) for label, url in links if url]


class Credential(models.Model):
    class Kind(models.TextChoices):
        BASE = "base", "Based in"
        BEAT = "beat", "Covers"
        LANGUAGE = "language", "Language"
        EXPERIENCE = "experience", "Experience"
        EDUCATION = "education", "Education"
        AWARD = "award", "Award"

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text
