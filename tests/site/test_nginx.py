"""The nginx configuration docs/deploy.md ships is valid, and its cache honours Newsroom."""

import getpass
import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"), reason="nginx is not installed"
)


def test_shipped_site_configuration_is_valid(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=news.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    (tmp_path / "snippets").mkdir()
    shutil.copy(ROOT / "docs/nginx/newsroom-proxy.conf", tmp_path / "snippets")
    site = (ROOT / "docs/nginx/newsroom.conf").read_text()
    site = (
        site.replace("/etc/letsencrypt/live/news.example.org/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/news.example.org/privkey.pem", str(key))
        .replace("/var/cache/nginx/newsroom", str(tmp_path / "cache"))
        .replace("snippets/newsroom-proxy.conf", str(tmp_path / "snippets/newsroom-proxy.conf"))
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


@pytest.fixture
def proxy(tmp_path, live_server):
    """nginx with the shipped proxy snippet in front of the live test server."""
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    (tmp_path / "nginx.conf").write_text(
        # Workers run as root when the tests do, to write the cache under tmp_path.
        f"user {getpass.getuser()};\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n"
        f"  access_log off;\n"
        f"  proxy_cache_path {tmp_path}/cache keys_zone=newsroom:1m;\n"
        f'  map $http_accept_encoding $newsroom_gzip {{ default ""; "~*\\bgzip\\b" gzip; }}\n'
        f"  upstream newsroom {{ server {upstream}; }}\n"
        f"  server {{ listen 127.0.0.1:{port};\n"
        f"    location / {{ include {ROOT}/docs/nginx/newsroom-proxy.conf; }} }}\n}}\n"
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
    )
    try:
        for _ in range(100):
            try:
                get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.mark.django_db(transaction=True)
def test_proxy_cache_serves_readers_and_passes_staff_through(proxy, settings):
    from articles.factories import ArticleFactory

    settings.NEWSROOM_PAGE_CACHE = True
    url = ArticleFactory().get_absolute_url()
    first, second = get(proxy, url), get(proxy, url)
    assert (first.status, first.getheader("X-Cache-Status")) == (200, "MISS")
    assert (second.status, second.getheader("X-Cache-Status")) == (200, "HIT")
    assert second.getheader("X-Request-ID") is None  # not the render's, replayed
    gzipped = [get(proxy, url, headers={"Accept-Encoding": "gzip, br"}) for _ in range(2)]
    assert [r.getheader("X-Cache-Status") for r in gzipped] == ["MISS", "HIT"]
    assert gzip.decompress(gzipped[1].body) == second.body
    assert second.getheader("Content-Encoding") is None
    signed_in = get(proxy, url, headers={"Cookie": "sessionid=abc"})
    assert signed_in.getheader("X-Cache-Status") == "BYPASS"
    assert get(proxy, "/admin/login/").getheader("X-Cache-Status") != "HIT"
