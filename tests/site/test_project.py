import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"DJANGO_DEBUG": "0"},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "development-only-secret-key-never-use-in-production"},
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short"},
    ],
)  # fmt: skip
def test_production_refuses_to_start_without_a_real_secret_key(env):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    assert client.get("/healthz").status_code == 503


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    result = subprocess.run(
        [hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "60 5"),
        ({"DJANGO_DATABASE_CONN_MAX_AGE": "30", "DJANGO_DATABASE_REPLICA_LAG_SECONDS": "9"}, "30 9"),
        # The names of older releases still work...
        ({"DATABASE_CONN_MAX_AGE": "20", "DATABASE_REPLICA_LAG_SECONDS": "7"}, "20 7"),
        # ...and the prefixed name wins when both are set.
        ({"DATABASE_CONN_MAX_AGE": "20", "DJANGO_DATABASE_CONN_MAX_AGE": "0"}, "0 5"),
    ],
)  # fmt: skip
def test_database_settings_take_the_django_prefix_and_their_old_names(env, expected):
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['CONN_MAX_AGE'], settings.DATABASE_REPLICA_LAG_SECONDS)"
    )
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="newsroom.settings", DJANGO_DEBUG="1", **env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected.split()


def test_every_app_of_the_project_is_packaged_and_copied_by_the_dockerfile():
    """An app left out of pyproject's package list works from a checkout and is missing
    from an installed copy (the benchmark's helper processes, a wheel)."""
    import fnmatch
    import tomllib

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    included = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
    dockerfile = (root / "Dockerfile").read_text()
    own = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root.resolve())
        and not Path(config.path).resolve().is_relative_to(Path(sys.prefix).resolve())
    }
    assert own >= {"articles", "authors", "comments", "live", "newsroom", "wordpress", "demo"}
    for package in sorted(own):
        assert any(fnmatch.fnmatch(package, pattern) for pattern in included), package
        assert f"COPY {package}/__init__.py {package}/" in dockerfile, package
