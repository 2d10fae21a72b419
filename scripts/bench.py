"""
`make bench`: throughput and latency of the reader pages under gunicorn, production settings.

The server runs on core 0 (one sync worker), the load generator (wrk) on core 1. Every page
is measured in three modes, each next to the floor of the stack (a static file served by
the same gunicorn + whitenoise in the same server run):
- ``cold``: no page cache and no fragment cache: every part of every page rendered;
- ``frags``: no page cache, the fragment cache on and warm (wrk's warm-up fills it): what a
  page-cache miss costs in production when only some tags changed;
- ``page``: the page cache on (production): hits.
The write storm (scripts/bench_storm.py) then measures readers rotating over every URL of
the sitemaps, quiet and while comments are posted (held), approved and an editor's
presence is recorded. wrk asks for gzip, as browsers do.
Results go to stdout as a table and to bench-results.json. ``--parts`` runs a subset.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
SCRIPTS = ROOT / "scripts"
SEED_ARTICLE = "/world/2026/11/27/us-signals-conditional-security-guarantees-for-ukraine/"
PAGES = {
    "article": SEED_ARTICLE,
    "home": "/",
    "section": "/world/",
    "author": "/authors/lisa-chang/",
    "search": "/search/?q=ukraine",
    "feed": "/feed/",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def get(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


class Server:
    def __init__(self, env, port, cpu="0"):
        self.port = port
        command = [str(BIN / "gunicorn"), "newsroom.wsgi:application", "--workers", "1"]
        self.process = subprocess.Popen(
            ["taskset", "-c", cpu, *command],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                if get(port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("gunicorn did not start")

    def worker_rss_mb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split()
        status = Path(f"/proc/{pids[0]}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
        return kb / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def wrk(port, path, seconds, connections, cpu="1", rotate=None):
    """wrk's summary for ``path``, or, with ``rotate`` (a file of paths), for all of them in
    turn."""
    script = ["-s", str(SCRIPTS / "wrk-summary.lua")]
    if rotate:
        script = ["-s", str(SCRIPTS / "wrk-rotate.lua")]
    result = subprocess.run(
        ["taskset", "-c", cpu, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s",
         "-H", "Accept-Encoding: gzip", *script, f"http://127.0.0.1:{port}{path}",
         *(["--", str(rotate)] if rotate else [])],
        capture_output=True, text=True, check=True,
        env={**os.environ, "WRK_SUMMARY": str(SCRIPTS / "wrk-summary.lua")},
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def static_path(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


#: The caches each mode runs with: (page cache, fragment cache).
MODES = {"cold": ("0", "0"), "frags": ("0", "1"), "page": ("1", "1")}


def measure(env, static_root, seconds, connections, mode):
    page_cache, fragment_cache = MODES[mode]
    server = Server(
        {**env, "DJANGO_PAGE_CACHE": page_cache, "DJANGO_FRAGMENT_CACHE": fragment_cache},
        free_port(),
    )
    rows = {}
    try:
        for name, path in {**PAGES, "static floor": static_path(static_root)}.items():
            status, _ = get(server.port, path)
            if status != 200:
                rows[name] = {"skipped": f"HTTP {status}"}
                continue
            wrk(server.port, path, 1, connections)  # warm-up (fills the caches of the mode)
            rows[name] = wrk(server.port, path, seconds, connections)
        if mode != "page":
            rows["article, 1 connection"] = wrk(server.port, PAGES["article"], seconds, 1)
    finally:
        server.stop()
    return rows


def sitemap_paths(port):
    """Every path the sitemaps list (the index, then each sitemap it names)."""
    _, index = get(port, "/sitemap.xml")
    paths = []
    for sitemap in re.findall(r"<loc>([^<]+)</loc>", index.decode()):
        _, body = get(port, urllib.parse.urlsplit(sitemap).path)
        paths += [
            urllib.parse.urlsplit(url).path
            for url in re.findall(r"<loc>([^<]+)</loc>", body.decode())
        ]
    return sorted(set(paths))


def storm(env, work, seconds, connections):
    """Readers rotating over every sitemap URL, quiet, then under the write storm."""
    server = Server({**env, "DJANGO_PROXY_COUNT": "1"}, free_port())
    try:
        paths = sitemap_paths(server.port)
        rotate = work / "sitemap-paths.txt"
        rotate.write_text("\n".join(paths) + "\n")
        for path in paths:  # warm-up: every page stored once
            get(server.port, path, {"Accept-Encoding": "gzip"})
        quiet = wrk(server.port, "/", seconds, connections, rotate=rotate)
        writer = subprocess.Popen(
            ["taskset", "-c", "1", PYTHON, str(SCRIPTS / "bench_storm.py"),
             "--port", str(server.port), "--article", PAGES["article"],
             "--seconds", str(seconds + 1)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            under_storm = wrk(server.port, "/", seconds, connections, rotate=rotate)
            writes = json.loads(
                writer.communicate(timeout=seconds + 60)[0].strip().splitlines()[-1]
            )
        finally:
            if writer.poll() is None:
                writer.terminate()
                writer.wait(timeout=10)
    finally:
        server.stop()
    return {"urls": len(paths), "quiet": quiet, "storm": under_storm, "writes": writes}


def memory(env, requests):
    server = Server({**env, "DJANGO_PAGE_CACHE": "0"}, free_port())
    try:
        paths = list(PAGES.values())
        start = server.worker_rss_mb()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        for i in range(requests):
            connection.request("GET", paths[i % len(paths)])
            connection.getresponse().read()
            if i == 1000:
                after_warmup = server.worker_rss_mb()
        connection.close()
        return {"start_mb": start, "after_1000_mb": after_warmup, "end_mb": server.worker_rss_mb(),
                "requests": requests}  # fmt: skip
    finally:
        server.stop()


NGINX_CONF = """
user root;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  proxy_cache_path {work}/nginx-cache levels=1:2 keys_zone=newsroom:10m max_size=100m;
  map $http_accept_encoding $newsroom_gzip {{ default ""; "~*\\bgzip\\b" "gzip"; }}
  upstream newsroom {{ server 127.0.0.1:{upstream}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{port};
    location /static- {{ root {work}; gzip_static on; open_file_cache max=10000 inactive=60s;
                         sendfile on; tcp_nopush on; }}
    location / {{ include {root}/docs/nginx/newsroom-proxy.conf; }}
  }}
}}
"""


def behind_nginx(env, work, seconds, connections):
    """The shipped proxy config in front of gunicorn, against nginx serving the same HTML."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        return {"skipped": "nginx is not installed (apt-get install nginx-light)"}
    server = Server({**env, "DJANGO_PAGE_CACHE": "1"}, free_port())
    port = free_port()
    rows = {}
    try:
        for name in ("article", "home"):
            status, html = get(server.port, PAGES[name])
            (work / f"static-{name}.html").write_bytes(html)
            (work / f"static-{name}.html.gz").write_bytes(gzip.compress(html))
        (work / "nginx.conf").write_text(
            NGINX_CONF.format(work=work, upstream=server.port, port=port, root=ROOT)
        )
        proxy = subprocess.Popen(["taskset", "-c", "0", nginx, "-p", str(work), "-c",
                                  str(work / "nginx.conf"), "-g", "daemon off;"])  # fmt: skip
        try:
            for _ in range(100):
                try:
                    get(port, "/static-article.html")
                    break
                except OSError:
                    time.sleep(0.05)
            for name, path in [("article via nginx cache", PAGES["article"]),
                               ("article as static file", "/static-article.html"),
                               ("home via nginx cache", PAGES["home"]),
                               ("home as static file", "/static-home.html")]:  # fmt: skip
                status, _ = get(port, path)
                if status != 200:
                    rows[name] = {"skipped": f"HTTP {status}"}
                    continue
                wrk(port, path, 1, connections)
                rows[name] = wrk(port, path, seconds, connections)
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)
    finally:
        server.stop()
    return rows


def page_weight(env):
    """First view of the article page: HTML and what it loads (images excluded), gzipped."""
    server = Server(env, free_port())
    try:
        headers = {"Accept-Encoding": "gzip"}
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", PAGES["article"], headers=headers)
        response = connection.getresponse()
        html_gz = response.read()
        encoding = response.getheader("Content-Encoding")
        html = gzip.decompress(html_gz).decode() if encoding == "gzip" else html_gz.decode()
        sizes = {"html": len(html_gz)}
        resources = re.findall(
            r'<(?:link[^>]+rel="(?:stylesheet|preload|icon)"[^>]*href|script[^>]+src)="([^"]+)"',
            html,
        )
        third_party = [url for url in resources if url.startswith(("http://", "https://", "//"))]
        for url in resources:
            if url.startswith("/static/") and not url.endswith(
                (".png", ".jpg", ".webp", ".svg", ".ico")
            ):
                connection.request("GET", url, headers=headers)
                sizes[url] = len(connection.getresponse().read())
        connection.close()
        return {"bytes": sizes, "total": sum(sizes.values()), "html_gzip": encoding == "gzip",
                "third_party": third_party}  # fmt: skip
    finally:
        server.stop()


def comment_load(env, seconds, posters):
    """`posters` commenters posting for `seconds`; every accepted comment must be stored once."""
    if not env["DATABASE_URL"].startswith("postgres"):
        return {"skipped": "needs PostgreSQL (DATABASE_URL=postgres://...)"}
    server = Server({**env, "DJANGO_PROXY_COUNT": "1"}, free_port())
    marker = f"bench-{secrets.token_hex(4)}"
    accepted, refused, errors = [], [], []
    deadline = time.monotonic() + seconds

    def poster(n):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        sent = 0
        while time.monotonic() < deadline:
            connection.request("GET", PAGES["article"])
            page = connection.getresponse().read().decode()
            fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
            sent += 1
            text = f"{marker} poster {n} comment {sent}"
            body = urllib.parse.urlencode({**fields, "name": f"Poster {n}",
                                           "email": f"p{n}@example.com", "comment": text})  # fmt: skip
            connection.request("POST", "/comments/post/", body, {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{server.port}", "X-Forwarded-For": f"10.9.{n}.1"})  # fmt: skip
            status = connection.getresponse()
            status.read()
            (
                accepted if status.status == 302 else refused if status.status < 500 else errors
            ).append(text)
        connection.close()

    try:
        with ThreadPoolExecutor(max_workers=posters) as pool:
            list(pool.map(poster, range(posters)))
        stored = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c",
             f"from comments.models import Comment; import json; print(json.dumps(list("
             f"Comment.objects.filter(comment__startswith='{marker}').values_list('comment', flat=True))))"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        stored = json.loads(stored.stdout.strip().splitlines()[-1])
    finally:
        server.stop()
    return {"posters": posters, "seconds": seconds, "accepted": len(accepted),
            "refused": len(refused), "errors": len(errors), "stored": len(stored),
            "stored_exactly_once": sorted(stored) == sorted(accepted)}  # fmt: skip


def row_line(name, mode, row, floor):
    if "skipped" in row:
        return f"{name:<24}{mode:<7} skipped: {row['skipped']}"
    return (f"{name:<24}{mode:<7}{row['rps']:>10.0f}{row['p50']:>9.2f}{row['p95']:>9.2f}"
            f"{row['p99']:>9.2f}{row['errors']:>8}{row['rps'] / floor:>9.0%}")  # fmt: skip


def verdict(label, value, target):
    mark = "ok" if value >= target else "BELOW TARGET"
    return f"  {label:<58}{value:>7.0%}  (target {target:.0%}: {mark})"


def print_table(results):
    header = f"{'page':<24}{'cache':<7}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs floor':>10}"
    print(header)
    print("-" * len(header))
    for mode in MODES:
        rows = results.get(f"mode_{mode}")
        if rows:
            floor = rows["static floor"].get("rps") or float("nan")
            for name, row in rows.items():
                print(row_line(name, mode, row, floor))
    proxy = results.get("proxy")
    if proxy and "skipped" in proxy:
        print(f"\nbehind nginx: skipped ({proxy['skipped']})")
    elif proxy:
        print()
        for name, row in proxy.items():
            floor = proxy[name.split()[0] + " as static file"].get("rps") or float("nan")
            print(row_line(name, "nginx", row, floor))
    weather = results.get("storm")
    if weather:
        quiet, stormy, writes = weather["quiet"], weather["storm"], weather["writes"]
        print(f"\nreaders over the {weather['urls']} sitemap URLs, page cache on:")
        print(row_line("quiet", "page", quiet, quiet["rps"]))
        print(row_line("write storm", "page", stormy, quiet["rps"]))
        print(f"  storm: {writes['posted']} comments posted ({writes['held']} held, "
              f"{writes['refused']} refused, {writes['errors']} server errors), "
              f"{writes['approved']} approved, {writes['presence']} editor presence pings")  # fmt: skip
    weight = results.get("page_weight")
    if weight:
        print(f"\narticle first view, gzip: {weight['total'] / 1024:.1f} KB "
              + ", ".join(f"{name} {size / 1024:.1f} KB" for name, size in weight["bytes"].items())
              + f"; HTML compressed: {weight['html_gzip']}; third-party requests: {len(weight['third_party'])}")  # fmt: skip
    load = results.get("comment_load")
    if load and "skipped" in load:
        print(f"comment load: skipped ({load['skipped']})")
    elif load:
        print(f"comment load: {load['posters']} commenters for {load['seconds']} s: "
              f"{load['accepted']} accepted, {load['refused']} refused with an error, "
              f"{load['errors']} server errors; stored {load['stored']}, "
              f"each accepted one exactly once: {load['stored_exactly_once']}")  # fmt: skip
    mem = results.get("memory")
    if mem:
        print(f"\nworker RSS: {mem['start_mb']:.0f} MB at start, {mem['after_1000_mb']:.0f} MB after "
              f"1,000 requests, {mem['end_mb']:.0f} MB after {mem['requests']:,} requests")  # fmt: skip
    print_targets(results)


def print_targets(results):
    """The issue's targets, each as measured in this run."""
    lines = []
    for mode, label in (("frags", "warm fragments"), ("cold", "cold")):
        rows = results.get(f"mode_{mode}")
        if rows and "rps" in rows["static floor"]:
            for page in ("article", "home"):
                if "rps" in rows[page]:
                    ratio = rows[page]["rps"] / rows["static floor"]["rps"]
                    lines.append(verdict(f"uncached {page} ({label}) vs static floor", ratio, 0.10))
    rows = results.get("mode_page")
    if rows and "rps" in rows["static floor"]:
        for page in ("article", "home"):
            if "rps" in rows[page]:
                ratio = rows[page]["rps"] / rows["static floor"]["rps"]
                lines.append(verdict(f"page-cache hit, {page}, vs static floor", ratio, 0.80))
    weather = results.get("storm")
    if weather:
        ratio = weather["storm"]["rps"] / weather["quiet"]["rps"]
        lines.append(verdict("readers under the write storm vs quiet", ratio, 0.80))
    if lines:
        print("\ntargets:")
        print("\n".join(lines))


PARTS = ("pages", "storm", "proxy", "weight", "comments", "memory", "live")


def production_env(work):
    """The environment of a production server whose files live in ``work``."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_CACHE_DIR": str(work / "cache"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # Approvals email their authors; no mail leaves a benchmark.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--commenters", type=int, default=50)
    parser.add_argument("--comment-seconds", type=int, default=30)
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"which measurements to run, comma-separated, of: {', '.join(PARTS)} (all)",
    )
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    args = parser.parse_args()
    parts = [part.strip() for part in args.parts.split(",") if part.strip()]
    if unknown := set(parts) - set(PARTS):
        parser.error(
            f"unknown parts: {', '.join(sorted(unknown))} (choose from {', '.join(PARTS)})"
        )
    if not shutil.which("wrk") or not shutil.which("taskset"):
        sys.exit("make bench needs wrk and taskset: apt-get install wrk util-linux")

    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = production_env(work)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--no-admin")
    if env["DATABASE_URL"].startswith("postgres"):
        manage(env, "shell", "-c", "from comments.models import Comment; "
               "Comment.objects.filter(comment__startswith='bench-').delete()")  # fmt: skip
    manage(env, "collectstatic", "--noinput", "-v0")

    seconds, connections = args.seconds, args.connections
    results = {}
    if "pages" in parts:
        for mode in MODES:
            results[f"mode_{mode}"] = measure(env, work / "static", seconds, connections, mode)
    if "storm" in parts:
        results["storm"] = storm(env, work, seconds, connections)
    if "proxy" in parts:
        results["proxy"] = behind_nginx(env, work, seconds, connections)
    if "weight" in parts:
        results["page_weight"] = page_weight(env)
    if "comments" in parts:
        results["comment_load"] = comment_load(env, args.comment_seconds, args.commenters)
    if "memory" in parts:
        results["memory"] = memory(env, args.memory_requests)
    results["settings"] = {"seconds": seconds, "connections": connections, "parts": parts,
                           "database": env["DATABASE_URL"].split(":")[0]}  # fmt: skip
    print_table(results)
    if "live" in parts:
        # 1,000 readers polling a live story (scripts/bench_live.py, its own servers).
        print()
        subprocess.run([PYTHON, str(SCRIPTS / "bench_live.py")], cwd=ROOT, check=True)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults written to {args.output}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
