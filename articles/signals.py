"""Derived data only: reading time and the cached navigation."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import NAVIGATION_CACHE_KEY, Article, ArticleSection, Section


@receiver([post_save, post_delete], sender=ArticleSection)
def update_article_reading_time(sender, instance, **kwargs):
    article = Article.objects.filter(pk=instance.article_id).first()
    if article is not None:
        article.update_reading_time()
        article.update_search_text()


@receiver([post_save, post_delete], sender=Section)
def forget_navigation(sender, **kwargs):
    cache.delete(NAVIGATION_CACHE_KEY)
