import pytest
from django.core.cache import cache

from articles.factories import ArticleFactory
from articles.models import Article
from newsroom.demo import SEED_ARTICLE, load_demo


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
