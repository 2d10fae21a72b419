from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from authors.factories import AuthorFactory

from .models import Article, Byline, Section


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda section: slugify(section.name))


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article. Pass ``authors=[...]`` and ``body=[(heading, html), ...]``."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.LazyAttribute(lambda article: slugify(article.title)[:300])
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if not create:
            return
        for order, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            Byline.objects.create(article=article, author=author, order=order)

    @factory.post_generation
    def body(article, create, extracted, **kwargs):
        if not create:
            return
        article.write_body(
            extracted if extracted is not None else [("", "<p>The story so far.</p>")]
        )
