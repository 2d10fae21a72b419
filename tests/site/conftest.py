import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import cache

from newsroom.caching import middleware, tags

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_available():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    if request.param == "redis":
        if not redis_available():
            if os.environ.get("CI"):
                pytest.fail(f"Redis is required in CI at {REDIS_URL}")
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"test-{os.getpid()}",
            }
        }
    settings.NEWSROOM_PAGE_CACHE = True
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def bumps_at_once(monkeypatch):
    """A test's writes run inside a transaction that is rolled back, so bumps waiting for
    the commit would never happen; here they happen at once, as they do outside a
    transaction (the waiting itself is tested in test_cache_tags.py)."""
    monkeypatch.setattr(tags, "bump", lambda *names: tags.bump_now(names))


@pytest.fixture
def tag_clock(monkeypatch):
    """The time the tags and the page cache read: ``tag_clock.now``, set by the test."""
    clock = SimpleNamespace(now=0.0)
    fake_time = SimpleNamespace(time=lambda: clock.now)
    monkeypatch.setattr(tags, "time", fake_time)
    monkeypatch.setattr(middleware, "time", fake_time)
    return clock


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` on the production settings, made once per run
    (compressing every file takes most of a minute)."""
    from tests.site.test_security import production_env

    root = tmp_path_factory.mktemp("static")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                   env=production_env(DJANGO_STATIC_ROOT=str(root)), check=True, timeout=300)  # fmt: skip
    return root
