import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from articles.factories import ArticleFactory
from articles.models import Article
from authors.models import Author
from demo.content import SEED_ARTICLE, load_demo
from tests.groups import ensure_groups


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo site as `make run` loads it."""
    load_demo()


@pytest.fixture
def seed_article(demo):
    return Article.objects.get(slug=SEED_ARTICLE["slug"])


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def jpeg_upload():
    """Make an uploadable image: ``jpeg_upload(width, height, fmt="JPEG", exif=None)``."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    def make(width, height, fmt="JPEG", exif=None, mode="RGB"):
        image = Image.new(mode, (width, height), (200, 30, 30) if mode == "RGB" else None)
        buffer = io.BytesIO()
        options = {"exif": exif} if exif is not None else {}
        image.save(buffer, fmt, **options)
        return ContentFile(buffer.getvalue())

    return make


def _member(django_user_model, username, group):
    ensure_groups()
    user = django_user_model.objects.create_user(
        username, password="pw", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db, django_user_model):
    user = _member(django_user_model, "wendy", "Writers")
    # Joining Writers made her author profile; she gives it her full name.
    Author.objects.filter(user=user).update(name="Wendy Writer", slug="wendy-writer")
    user.refresh_from_db()
    assert user.author_profile.name == "Wendy Writer"
    return user


@pytest.fixture
def other_writer(db, django_user_model):
    return _member(django_user_model, "walter", "Writers")


@pytest.fixture
def editor(db, django_user_model):
    return _member(django_user_model, "edith", "Editors")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
