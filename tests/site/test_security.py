import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path

from newsroom.logging import JSONFormatter

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "news.example.org,127.0.0.1",
}


def production_env(**extra):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        PRODUCTION_ENV,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        **extra,
    )
    return environment


def test_check_deploy_reports_nothing_in_production():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def csp(response):
    return dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )


def test_reader_pages_get_a_strict_content_security_policy(client, article):
    for url in ["/", article.get_absolute_url(), "/terms/", "/no-such-page/"]:
        response = client.get(url)
        policy = csp(response)
        assert policy["script-src"] == "'self'", url
        assert policy["style-src"] == "'self'", url
        assert policy["default-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"
        assert policy["object-src"] == "'none'"
        assert "unsafe" not in response["Content-Security-Policy"], url


def assert_valid_source_lists(header):
    """'none' is only valid alone: with another source, browsers ignore it and log an error."""
    for directive in header.split(";"):
        name, *sources = directive.split()
        assert "'none'" not in sources or sources == ["'none'"], directive
        assert len(set(sources)) == len(sources), directive


def test_every_policy_is_a_valid_source_list(admin_client, article):
    for url in ["/", article.get_absolute_url(), "/admin/", "/admin/login/", "/ckeditor/browse/"]:
        assert_valid_source_lists(admin_client.get(url)["Content-Security-Policy"])


def test_admin_pages_may_be_framed_by_the_admin_only(client):
    policy = csp(client.get("/admin/login/"))
    assert policy["frame-ancestors"] == "'self'"
    assert policy["object-src"] == "'none'"


def test_only_admin_pages_relax_the_policy_for_ckeditor(client):
    policy = csp(client.get("/admin/login/"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert "unsafe-eval" not in str(policy)


def test_security_headers_on_reader_pages(client, article):
    response = client.get(article.get_absolute_url())
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_every_response_carries_a_request_id(client):
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123-xyz"})["X-Request-ID"] == (
        "abc-123-xyz"
    )
    forged = client.get("/healthz", headers={"X-Request-ID": "<script>\n"})["X-Request-ID"]
    assert forged != "<script>\n" and len(forged) == 32


@pytest.mark.parametrize(
    "host", ["evil.example.org", "bad host", "127.0.0.1:abc", "127.0.0.1/path", "a" * 300]
)
def test_unknown_or_malformed_host_header_gets_400(client, host):
    assert client.get("/", HTTP_HOST=host).status_code == 400


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="right-password", is_staff=True)


def test_admin_login_locks_out_a_user_after_five_failures(client, editor):
    for _ in range(4):
        assert login(client, "editor", "wrong").status_code == 200
    locked = login(client, "editor", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    # Even the right password is refused now, from another address too.
    assert login(client, "editor", "right-password", ip="10.0.0.2").status_code == 429


def test_admin_login_locks_out_an_address_guessing_many_users(client, editor):
    for n in range(5):
        login(client, f"guess{n}", "wrong", ip="10.9.9.9")
    assert login(client, "editor", "right-password", ip="10.9.9.9").status_code == 429
    assert login(client, "editor", "right-password", ip="10.0.0.3").status_code == 302


def test_successful_login_gives_a_browser_session_cookie(client, editor):
    response = login(client, "editor", "right-password")
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]


def test_weak_passwords_are_refused_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newbie", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()


def broken_view(request):
    raise RuntimeError("forced failure for the test")


urlpatterns = [path("broken/", broken_view)]


@override_settings(ROOT_URLCONF=__name__)
def test_an_error_returns_the_500_page_without_a_traceback_and_is_logged(client, caplog):
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "forced failure" not in body and "Traceback" not in body
    record = next(r for r in caplog.records if r.name == "django.request")
    assert "forced failure for the test" in str(record.exc_info[1])
    assert record.request_id == response["X-Request-ID"]


def test_json_log_lines_carry_the_request_id_and_exception():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
        record.exc_info = sys.exc_info()
    record.request_id = "req-42"
    entry = json.loads(JSONFormatter().format(record))
    assert entry["message"] == "failed here"
    assert entry["request_id"] == "req-42"
    assert entry["level"] == "ERROR"
    assert "ValueError: boom" in entry["exception"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_in_production_mode_hides_the_server_and_serves_static_files(
    tmp_path, collected_static
):
    environment = production_env(
        DJANGO_STATIC_ROOT=str(collected_static),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PORT=str(free_port()),
        WEB_CONCURRENCY="1",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   env=environment, check=True, timeout=120)  # fmt: skip
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "newsroom.wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{environment['PORT']}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        home = urllib.request.urlopen(base + "/", timeout=5)
        assert home.status == 200
        assert home.headers["Server"] == "newsroom"
        assert "X-Powered-By" not in home.headers
        assert "Strict-Transport-Security" not in home.headers  # only sent over HTTPS
        css = urllib.request.urlopen(base + "/static/css/site.css", timeout=5)
        assert css.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/no/such/page/", timeout=5)
        assert missing.value.code == 404
        assert b"Traceback" not in missing.value.read()
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: X-Forwarded-For is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # a forged first hop is ignored
        (2, "198.51.100.7, 203.0.113.9", "198.51.100.7"),
        (1, "not-an-ip", "10.0.0.1"),
        (2, "203.0.113.9", "10.0.0.1"),  # fewer hops than proxies: not trusted
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, proxies, forwarded, expected):
    from django.test import RequestFactory

    from newsroom.security import client_ip

    settings.NEWSROOM_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_comment_throttling_behind_a_proxy_counts_each_reader(client, settings, article):
    from tests.comments.conftest import form_data

    settings.NEWSROOM_PROXY_COUNT = 1
    settings.COMMENTS_POSTS_PER_MINUTE = 1

    def post(ip):
        return client.post("/comments/post/", form_data(article), REMOTE_ADDR="127.0.0.1",
                           HTTP_X_FORWARDED_FOR=ip).status_code  # fmt: skip

    assert [post("203.0.113.1"), post("203.0.113.2"), post("203.0.113.1")] == [302, 302, 429]
