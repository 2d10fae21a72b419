"""Derived data only: the cached navigation and the corrections flag. (The body's stats are
written with the body, once per save: ``Article.write_body``.)"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import NAVIGATION_CACHE_KEY, Article, ArticleNote, Section


@receiver([post_save, post_delete], sender=Section)
def forget_navigation(sender, **kwargs):
    cache.delete(NAVIGATION_CACHE_KEY)


@receiver([post_save, post_delete], sender=ArticleNote)
def update_article_has_notes(sender, instance, **kwargs):
    """A stored flag, so article pages without notes spend no query on them."""
    Article.objects.filter(pk=instance.article_id).update(
        has_notes=ArticleNote.objects.filter(article_id=instance.article_id).exists()
    )
