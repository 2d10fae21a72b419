"""
`make bench`: throughput and latency of the reader pages under gunicorn, production settings.

The server runs on core 0 (one sync worker), the load generator (wrk) on core 1. Every page
is measured with the page cache off and on, next to the floor of the stack: a static file
served by the same gunicorn + whitenoise in the same run. Results go to stdout as a table
and to bench-results.json.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
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


def wrk(port, path, seconds, connections, cpu="1"):
    result = subprocess.run(
        ["taskset", "-c", cpu, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s",
         "-s", str(ROOT / "scripts" / "wrk-summary.lua"), f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def static_path(static_root):
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def measure(env, static_root, seconds, connections, page_cache):
    server = Server({**env, "DJANGO_PAGE_CACHE": "1" if page_cache else "0"}, free_port())
    rows = {}
    try:
        for name, path in {**PAGES, "static floor": static_path(static_root)}.items():
            status, _ = get(server.port, path)
            if status != 200:
                rows[name] = {"skipped": f"HTTP {status}"}
                continue
            wrk(server.port, path, 1, connections)  # warm-up
            rows[name] = wrk(server.port, path, seconds, connections)
        if not page_cache:
            rows["article, 1 connection"] = wrk(server.port, PAGES["article"], seconds, 1)
    finally:
        server.stop()
    return rows


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


def print_table(results):
    header = f"{'page':<24}{'cache':<7}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs floor':>10}"
    print(header)
    print("-" * len(header))
    for cache in ("off", "on"):
        rows = results[f"cache_{cache}"]
        floor = rows["static floor"]["rps"]
        for name, row in rows.items():
            if "skipped" in row:
                print(f"{name:<24}{cache:<7}{'skipped: ' + row['skipped']:>30}")
                continue
            ratio = row["rps"] / floor
            print(f"{name:<24}{cache:<7}{row['rps']:>10.0f}{row['p50']:>9.2f}{row['p95']:>9.2f}"
                  f"{row['p99']:>9.2f}{row['errors']:>8}{ratio:>9.0%}")  # fmt: skip
    mem = results["memory"]
    print(f"\nworker RSS: {mem['start_mb']:.0f} MB at start, {mem['after_1000_mb']:.0f} MB after "
          f"1,000 requests, {mem['end_mb']:.0f} MB after {mem['requests']:,} requests")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument("--output", default=str(ROOT / "bench-results.json"))
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("taskset"):
        sys.exit("make bench needs wrk and taskset: apt-get install wrk util-linux")

    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--no-admin")
    manage(env, "collectstatic", "--noinput", "-v0")

    results = {
        "cache_off": measure(env, work / "static", args.seconds, args.connections, False),
        "cache_on": measure(env, work / "static", args.seconds, args.connections, True),
        "memory": memory(env, args.memory_requests),
        "settings": {
            "seconds": args.seconds,
            "connections": args.connections,
            "database": env["DATABASE_URL"].split(":")[0],
        },  # fmt: skip
    }
    print_table(results)
    Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults written to {args.output}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
