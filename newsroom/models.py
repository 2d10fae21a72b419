from django.contrib.sites.models import Site
from django.db import models, transaction

from .images import image_copy, validate_uploaded_image

# Share images are 1200x630 (Open Graph's size); the header shows the logo 40 px tall, so its
# copy is made twice that for sharp screens.
SHARE_IMAGE_SIZE = (1200, 630)
LOGO_HEIGHT = 80


class SiteSettings(models.Model):
    """The site's logo and default share image, set by editors (the name is the Site's)."""

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, primary_key=True, related_name="+", editable=False
    )
    logo = models.ImageField(
        upload_to="site/",
        blank=True,
        validators=[validate_uploaded_image],
        help_text="Shown in the header in place of the site name, and to search engines as the "
        "publisher's logo. A wide PNG with a transparent background works best, at least 112 "
        "pixels tall. Leave empty to show the site name.",
    )
    logo_dark = models.ImageField(
        "logo for dark mode",
        upload_to="site/",
        blank=True,
        validators=[validate_uploaded_image],
        help_text="Optional: the logo for readers whose device is in dark mode (light lettering).",
    )
    share_image = models.ImageField(
        "default share image",
        upload_to="site/",
        blank=True,
        validators=[validate_uploaded_image],
        help_text="Shown when the home, a section, a topic or an author page is shared on a "
        "social network. It is cropped to 1200×630 pixels from the centre.",
    )
    share_image_alt = models.CharField(
        "share image alt text", max_length=300, blank=True,
        help_text="Describe the share image for readers who cannot see it.",
    )  # fmt: skip
    copies = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        # One transaction, so other workers are told of the change (on commit) only once
        # the copies are stored too.
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.update_copies()

    def update_copies(self):
        """Make the resized copies of the images that changed, once."""
        recipes = {
            "logo": {"height": LOGO_HEIGHT, "image_format": "PNG"},
            "logo_dark": {"height": LOGO_HEIGHT, "image_format": "PNG"},
            "share_image": {"fit": SHARE_IMAGE_SIZE},
        }
        copies = {}
        for name, recipe in recipes.items():
            field = getattr(self, name)
            if not field:
                continue
            stored = self.copies.get(name, {})
            copies[name] = (
                stored if stored.get("source") == field.name else image_copy(field, **recipe)
            )
        if copies != self.copies:
            self.copies = copies
            SiteSettings.objects.filter(pk=self.pk).update(copies=copies)

    def copy(self, name):
        """The stored copy of an image field: {"name", "url", "width", "height"} or None."""
        found = self.copies.get(name) if getattr(self, name) else None
        if not found or "name" not in found:
            return None
        return {**found, "url": getattr(self, name).storage.url(found["name"])}

    @property
    def header_logo(self):
        return self.copy("logo")

    @property
    def header_logo_dark(self):
        return self.copy("logo_dark")
