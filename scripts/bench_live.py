"""
`make bench-live`: readers of a live story polling for updates while a journalist posts.

1,000 readers (by default) each ask the story's updates endpoint every 30 seconds with the
ETag they hold, as live.js does, while an update is posted through the ORM every 20 seconds
by a separate process. The server is gunicorn with the production settings on core 0, as in
`make bench`; the readers run on core 1. What counts is the origin's CPU: the gunicorn
processes' user + system time from /proc over the run, as a share of one core.

Three runs: the readers straight at gunicorn; the same readers asking for a static file (the
floor: gunicorn and whitenoise with no view at all); and the readers through the shipped
nginx configuration (docs/nginx), the production set-up, where the endpoint's s-maxage lets
nginx answer for the origin.
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench import (  # noqa: E402
    NGINX_CONF,
    PYTHON,
    ROOT,
    Server,
    free_port,
    manage,
    production_env,
)

TICKS = os.sysconf("SC_CLK_TCK")
LIVE_SLUG = "peace-talks-in-geneva-live-updates"
POSTER = """
import sys, time, django
django.setup()
from articles.models import Article
from live.services import live_update_post
story = Article.objects.get(slug=sys.argv[1])
every, until, n = float(sys.argv[2]), time.monotonic() + float(sys.argv[3]), 0
while time.monotonic() + every <= until:
    time.sleep(every)
    n += 1
    live_update_post(article=story, by=None, body=f"<p>Benchmark update {n}.</p>")
    print(n, flush=True)
"""


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / TICKS


def server_pids(server):
    pid = server.process.pid
    return [pid, *map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split())]


async def fetch(port, path, etag):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    headers = f"If-None-Match: {etag}\r\n" if etag else ""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip\r\n"
                 f"{headers}Connection: close\r\n\r\n".encode())  # fmt: skip
    raw = await reader.read()
    writer.close()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    found = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
    return status, found.get("etag", etag), found.get("x-cache-status")


async def readers(port, path, count, interval, seconds, etag):
    stats = {"200": 0, "304": 0, "other": 0, "errors": 0, "latencies": [], "cache": {}}
    deadline = time.monotonic() + seconds

    async def reader(n):
        held = etag
        await asyncio.sleep(random.Random(n).uniform(0, interval))  # readers arrive spread out
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                status, held, cache_status = await fetch(port, path, held)
                stats[str(status) if status in (200, 304) else "other"] += 1
                if cache_status:
                    stats["cache"][cache_status] = stats["cache"].get(cache_status, 0) + 1
                stats["latencies"].append(time.monotonic() - started)
            except OSError:
                stats["errors"] += 1
            pause = interval - (time.monotonic() - started)
            await asyncio.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    await asyncio.gather(*(reader(n) for n in range(count)))
    return stats


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000 if ordered else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=30, help="seconds between polls")
    parser.add_argument("--post-every", type=float, default=20, help="seconds between updates")
    parser.add_argument("--seconds", type=float, default=120)
    args = parser.parse_args()
    if not shutil.which("taskset"):
        sys.exit("make bench-live needs taskset: apt-get install util-linux")

    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-live-"))
    env = production_env(work)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--no-admin")
    manage(env, "collectstatic", "--noinput", "-v0")
    story_id = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", "from articles.models import Article; "
         f"print(Article.objects.get(slug='{LIVE_SLUG}').pk)"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()[-1]  # fmt: skip
    path = f"/live/{story_id}/updates/"

    manifest = json.loads((work / "static" / "staticfiles.json").read_text())
    floor_path = "/static/" + manifest["paths"]["live/live.js"]
    os.sched_setaffinity(0, {1})  # the readers on core 1, gunicorn on core 0
    results = {}
    try:
        results["straight at gunicorn"] = run(env, args, path, posting=True)
        results["static file (floor)"] = run(env, args, floor_path, posting=False)
        results["through nginx"] = run(env, args, path, posting=True, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n{args.readers} readers polling every {args.interval:g} s, {args.seconds:g} s a run; "
          f"an update posted every {args.post_every:g} s; database "
          f"{env['DATABASE_URL'].split(':')[0]}, cache "
          f"{'redis' if os.environ.get('REDIS_URL') else 'file'}; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    for name, result in results.items():
        if "skipped" in result:
            print(f"{name:<22} skipped: {result['skipped']}")
            continue
        stats, requests = result["stats"], result["requests"]
        print(f"{name:<22} {requests / result['wall']:5.1f} req/s ({stats['200']} × 200, "
              f"{stats['304']} × 304, {stats['other']} other, {stats['errors']} errors; "
              f"p50 {percentile(stats['latencies'], 0.5):.1f} ms, "
              f"p95 {percentile(stats['latencies'], 0.95):.1f} ms), {result['posted']} posted; "
              f"origin CPU {result['share']:.1%} of one core, "
              f"{result['cpu'] / max(requests, 1) * 1000:.2f} ms per reader request"
              + (f"; nginx: {stats['cache']}" if stats["cache"] else ""))  # fmt: skip
    proxied = results["through nginx"]
    if "skipped" not in proxied:
        verdict = "met" if proxied["share"] < TARGET else "NOT met"
        print(f"target: origin under {TARGET:.0%} of one core through the shipped proxy: {verdict}")


TARGET = 0.05


def run(env, args, path, *, posting, work=None):
    """One run of the readers at ``path``; through nginx when ``work`` is given."""
    server = Server({**env, "DJANGO_LOG_LEVEL": "WARNING"}, free_port())
    proxy = None
    try:
        port = server.port
        if work is not None:
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            if not Path(nginx).exists():
                return {"skipped": "nginx is not installed (apt-get install nginx-light)"}
            port = free_port()
            (work / "nginx.conf").write_text(
                NGINX_CONF.format(work=work, upstream=server.port, port=port, root=ROOT)
            )
            proxy = subprocess.Popen(["taskset", "-c", "1", nginx, "-p", str(work), "-c",
                                      str(work / "nginx.conf"), "-g", "daemon off;"])  # fmt: skip
            time.sleep(0.5)
        status, etag, _ = asyncio.run(fetch(port, path, None))
        assert status == 200, f"{path} answered {status}"
        pids = server_pids(server)
        poster = None
        if posting:
            poster = subprocess.Popen(
                ["taskset", "-c", "1", PYTHON, "-c", POSTER, LIVE_SLUG, str(args.post_every),
                 str(args.seconds)],
                cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
        cpu_before, started = cpu_seconds(pids), time.monotonic()
        stats = asyncio.run(readers(port, path, args.readers, args.interval, args.seconds, etag))
        wall, cpu = time.monotonic() - started, cpu_seconds(pids) - cpu_before
        posted = len(poster.communicate(timeout=60)[0].split()) if poster else 0
        return {"stats": stats, "requests": stats["200"] + stats["304"] + stats["other"],
                "wall": wall, "cpu": cpu, "share": cpu / wall, "posted": posted}  # fmt: skip
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=10)
        server.stop()


if __name__ == "__main__":
    main()
