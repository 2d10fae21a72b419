"""Which change to live coverage makes which public output stale (cache tags).

``live:<article id>`` names the story's updates (the polling endpoint, the updates feed);
``article:<article id>`` its page. One place, to be read with newsroom/caching/tags.py.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from newsroom.caching import tags

from .models import LiveUpdate, LiveUpdateNote


def story_tags(article_id):
    return (f"live:{article_id}", f"article:{article_id}")


@receiver([post_save, post_delete], sender=LiveUpdate)
def update_changed(sender, instance, **kwargs):
    tags.bump(*story_tags(instance.article_id))


@receiver(m2m_changed, sender=LiveUpdate.authors.through)
def update_authors_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, LiveUpdate):
        tags.bump(*story_tags(instance.article_id))


@receiver([post_save, post_delete], sender=LiveUpdateNote)
def update_note_changed(sender, instance, **kwargs):
    article_id = (
        LiveUpdate.objects.filter(pk=instance.update_id)
        .values_list("article_id", flat=True)
        .first()
    )
    if article_id is not None:
        tags.bump(*story_tags(article_id))


@receiver(post_save, sender=Article)
def covered_story_saved(sender, instance, **kwargs):
    """Coverage opened, ended or moved, the story unpublished: the updates endpoint must
    answer anew, and the LIVE label on the lists changes."""
    if instance.has_live_coverage:
        tags.bump(f"live:{instance.pk}", "home", "feeds", f"section:{instance.section_id}")
