from django.db import models


class WordPressObject(models.Model):
    """What a WordPress id was imported as, so that importing again updates, never duplicates."""

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        POST = "post", "Post"
        COMMENT = "comment", "Comment"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.CharField("WordPress id", max_length=200)
    object_id = models.PositiveBigIntegerField()
    checksum = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The table the model had when it lived in the project package: databases keep it.
        db_table = "newsroom_wordpressobject"
        verbose_name = "imported WordPress object"
        constraints = [
            models.UniqueConstraint(fields=["kind", "wp_id"], name="unique_wordpress_object")
        ]

    def __str__(self):
        return f"WordPress {self.kind} {self.wp_id}"
