import factory
from django.utils.text import slugify

from .models import Author, Credential


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda author: slugify(author.name))
    role = "Staff Reporter"
    short_bio = factory.LazyAttribute(lambda author: f"{author.name} reports for the newsroom.")


class CredentialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credential

    author = factory.SubFactory(AuthorFactory)
    kind = Credential.Kind.EXPERIENCE
    text = factory.Sequence(lambda n: f"Credential {n}")
    order = factory.Sequence(lambda n: n)
