from datetime import timedelta

import factory
from django.utils import timezone

from articles.factories import ArticleFactory

from .models import LiveUpdate


class LiveStoryFactory(ArticleFactory):
    """A published story whose live coverage opened an hour ago and goes on."""

    live_from = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class LiveUpdateFactory(factory.django.DjangoModelFactory):
    """An update to a live story. Pass ``authors=[...]`` (default: the story's authors)."""

    class Meta:
        model = LiveUpdate
        skip_postgeneration_save = True

    article = factory.SubFactory(LiveStoryFactory)
    body = factory.Sequence(lambda n: f"<p>Update number {n} from the scene.</p>")
    posted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def authors(update, create, extracted, **kwargs):
        if create:
            update.authors.set(extracted if extracted is not None else update.article.authors.all())
