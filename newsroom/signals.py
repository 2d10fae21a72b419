"""Cache invalidation: any change to public content replaces the content version."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .cache import bump_content_version

CONTENT_APPS = {
    "articles",
    "authors",
    "newsroom_comments",
    "live",
    "django_comments",
    "django_comments_xtd",
    "flatpages",
    "sites",
    "newsroom",
}


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def content_changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        bump_content_version()
