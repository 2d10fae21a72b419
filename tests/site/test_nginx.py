"""The nginx configuration docs/deploy.md ships is valid, and its cache honours Newsroom."""

import os
import shutil
import subprocess
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
