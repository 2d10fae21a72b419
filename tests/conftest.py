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
