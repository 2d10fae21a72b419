"""Production as it runs: separate gunicorn processes sharing one database and one cache.

Django keeps the current Site per process; a rename must still show on every worker at once,
and a lone server must serve its images.
"""

import io
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from tests.site.test_security import free_port, production_env

ROOT = Path(__file__).resolve().parents[2]


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def manage(environment, *command):
    result = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def workers(tmp_path_factory, collected_static):
    """Two gunicorn servers (one worker each), one SQLite file, one file cache."""
    tmp = tmp_path_factory.mktemp("workers")
    environment = production_env(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DJANGO_CACHE_DIR=str(tmp / "cache"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DJANGO_STATIC_ROOT=str(collected_static),
        DJANGO_SECURE_SSL_REDIRECT="0",
        WEB_CONCURRENCY="1",
    )
    manage(environment, "migrate", "--noinput", "-v0")
    servers, bases = [], []
    for _ in range(2):
        port = free_port()
        servers.append(subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "newsroom.wsgi:application"],
            cwd=ROOT, env={**environment, "PORT": str(port)},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            for _ in range(150):
                try:
                    get(base, "/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
        yield environment, bases, tmp
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def title(base):
    status, _, body = get(base, "/")
    assert status == 200
    return body.decode().split("<title>")[1].split("</title>")[0]


def test_a_site_rename_shows_on_every_worker_at_once(workers):
    environment, bases, _ = workers
    manage(environment, "shell", "-c", "from django.contrib.sites.models import Site; "
           "Site.objects.filter(pk=1).update(name='Old Name', domain='old.example.org')")  # fmt: skip
    manage(environment, "shell", "-c", "from django.contrib.sites.models import Site; "
           "s = Site.objects.get(pk=1); s.name = 'First Name'; s.save()")  # fmt: skip
    assert [title(base) for base in bases] == ["First Name", "First Name"]  # cached per process

    # Another process (as the admin on another worker would) renames the site and its domain.
    manage(environment, "shell", "-c", "from django.contrib.sites.models import Site; "
           "s = Site.objects.get(pk=1); s.name = 'The Evening Desk'; "
           "s.domain = 'news.example.org'; s.save()")  # fmt: skip
    assert [title(base) for base in bases] == ["The Evening Desk", "The Evening Desk"]
    for base in bases:
        _, _, manifest = get(base, "/manifest.webmanifest")
        assert b'"name": "The Evening Desk"' in manifest


def test_a_lone_production_server_serves_images_with_the_right_headers(workers):
    _, bases, tmp = workers
    folder = tmp / "media" / "renditions" / "ab" / "abcdef"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "WEBP")
    (folder / "480w.webp").write_bytes(buffer.getvalue())
    status, headers, body = get(bases[0], "/media/renditions/ab/abcdef/480w.webp")
    assert status == 200
    assert body == buffer.getvalue()
    assert headers["Content-Type"] == "image/webp"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, headers, body = get(bases[1], "/favicon.ico")
    assert (status, headers["Content-Type"]) == (200, "image/x-icon")
    assert Image.open(io.BytesIO(body)).format == "ICO"
