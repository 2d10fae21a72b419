"""The Varnish configuration docs/varnish/ ships, in front of the live test server: pages are
kept, and a change purges exactly the pages that show it."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.site.test_nginx import free_port, get

ROOT = Path(__file__).resolve().parents[2]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

pytestmark = pytest.mark.skipif(
    not Path(VARNISHD).exists() and not os.environ.get("CI"),
    reason="varnishd is not installed (apt-get install varnish varnish-modules)",
)


@pytest.fixture
def varnish(tmp_path, live_server, settings):
    """varnishd with the shipped VCL, its backend the live server, and Newsroom told to
    purge it."""
    if not Path(VARNISHD).exists():
        pytest.fail("varnishd is required in CI: apt-get install varnish varnish-modules")
    port = free_port()
    host, backend_port = live_server.url.removeprefix("http://").split(":")
    vcl = (ROOT / "docs/varnish/newsroom.vcl").read_text()
    vcl = vcl.replace('.host = "127.0.0.1";', f'.host = "{host}";').replace(
        '.port = "8000";', f'.port = "{backend_port}";'
    )
    (tmp_path / "newsroom.vcl").write_text(vcl)
    # -j none: no jail, so that it runs as whoever runs the tests, in tmp_path.
    varnishd = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "work"), "-f", str(tmp_path / "newsroom.vcl"),
         "-a", f"127.0.0.1:{port}", "-s", "malloc,32m", "-T", "none"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_EDGE_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    try:
        for _ in range(200):
            try:
                get(port, "/healthz")
                break
            except OSError:
                assert varnishd.poll() is None, "varnishd stopped: is the VCL valid?"
                time.sleep(0.05)
        yield port
    finally:
        varnishd.terminate()
        varnishd.wait(timeout=10)


def cache_status(port, path, **headers):
    response = get(port, path, headers=headers)
    assert response.status == 200, (path, response.status)
    return response.getheader("X-Cache-Status")


@pytest.mark.django_db(transaction=True)
def test_a_change_purges_exactly_the_pages_that_show_it(varnish):
    from articles.factories import ArticleFactory, SectionFactory
    from comments.services import comment_approve
    from tests.comments.conftest import make_comment

    a = ArticleFactory(title="Story A", section=SectionFactory(name="World"))
    b = ArticleFactory(title="Story B", section=SectionFactory(name="Sport"))
    pages = [a.get_absolute_url(), b.get_absolute_url(), "/sport/", "/"]
    assert [cache_status(varnish, page) for page in pages] == ["MISS"] * 4
    assert [cache_status(varnish, page) for page in pages] == ["HIT"] * 4

    held = make_comment(a, approved=False, name="Patient Reader")
    assert [cache_status(varnish, page) for page in pages] == ["HIT"] * 4  # held: nothing
    comment_approve(comment=held, by=None)

    fresh = get(varnish, a.get_absolute_url())
    assert fresh.getheader("X-Cache-Status") == "MISS"
    assert b"Patient Reader" in fresh.body
    assert [cache_status(varnish, page) for page in pages[1:]] == ["HIT"] * 3
    assert cache_status(varnish, a.get_absolute_url()) == "HIT"


@pytest.mark.django_db(transaction=True)
def test_pages_stay_long_at_the_edge_and_readers_with_a_session_pass(varnish, settings):
    from articles.factories import ArticleFactory

    settings.NEWSROOM_EDGE_CACHE_SECONDS = 86400
    url = ArticleFactory().get_absolute_url()
    first = get(varnish, url)
    assert "s-maxage=86400" in first.getheader("Cache-Control")
    assert first.getheader("Surrogate-Key") is None  # for the edge only
    assert first.getheader("X-Request-ID") is None
    assert cache_status(varnish, url, Cookie="sessionid=abc") == "BYPASS"
    assert get(varnish, "/admin/login/").getheader("X-Cache-Status") == "BYPASS"


def test_only_the_application_servers_may_purge(varnish):
    """The purge ACL: this test's client is 127.0.0.1, which is allowed; a PURGE without
    tags is refused."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", varnish, timeout=10)
    connection.request("PURGE", "/")
    assert connection.getresponse().status == 400
    connection.close()
