"""The parts that let Newsroom run on many machines: object storage, a read replica."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import RequestFactory

from newsroom.caching import tags
from newsroom.db import ReplicaForReadersMiddleware, ReplicaRouter, use_replica

ROOT = Path(__file__).resolve().parents[2]


def django_shell(code, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_DEBUG="0",
                       DJANGO_SECRET_KEY=secrets.token_urlsafe(50), **env)  # fmt: skip
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                            env=environment, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_media_goes_to_object_storage_when_a_bucket_is_named():
    code = "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__, getattr(s, 'bucket_name', '-'))"
    assert django_shell(code) == "FileSystemStorage -"
    assert django_shell(code, AWS_STORAGE_BUCKET_NAME="newsroom-media",
                        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000") == "S3Storage newsroom-media"  # fmt: skip


def test_a_replica_is_configured_from_its_url():
    code = (
        "from django.conf import settings as s; print(sorted(s.DATABASES), s.DATABASE_ROUTERS, "
        "'newsroom.db.ReplicaForReadersMiddleware' in s.MIDDLEWARE)"
    )
    assert django_shell(code) == "['default'] [] False"
    assert django_shell(
        code, DATABASE_REPLICA_URL="postgres://reader@replica.internal/newsroom"
    ) == ("['default', 'replica'] ['newsroom.db.ReplicaRouter'] True")


def seen_by_router(request):
    middleware = ReplicaForReadersMiddleware(lambda r: ReplicaRouter().db_for_read(None))
    return middleware(request)


@pytest.fixture
def clock(monkeypatch):
    """The time the replica check and the tags read, set by the test."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def quiet_site(clock):
    tags.bump_now({"home"})
    clock[0] += 60


def test_anonymous_readers_read_from_the_replica(quiet_site):
    assert seen_by_router(RequestFactory().get("/world/")) == "replica"
    assert use_replica.get() is False  # reset after the request


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().post("/comments/post/"),
        RequestFactory().get("/admin/articles/"),
        RequestFactory().get("/world/", HTTP_COOKIE="sessionid=abc"),
    ],
)
def test_writes_staff_and_the_admin_use_the_primary(quiet_site, request_):
    assert seen_by_router(request_) == "default"


def test_right_after_a_change_readers_use_the_primary(settings, clock):
    settings.DATABASE_REPLICA_LAG_SECONDS = 5
    tags.bump_now({"comments:1"})
    clock[0] += 5
    assert seen_by_router(RequestFactory().get("/world/")) == "default"
    clock[0] += 1.01
    assert seen_by_router(RequestFactory().get("/world/")) == "replica"


def test_writes_always_go_to_the_primary():
    token = use_replica.set(True)
    try:
        assert ReplicaRouter().db_for_write(None) == "default"
        assert not ReplicaRouter().allow_migrate("replica", "articles")
    finally:
        use_replica.reset(token)
