"""
`make bench-import`: generate a WordPress export and import it, measuring time and peak memory.

Defaults to 10,000 posts with 100,000 comments (about 290 MB of XML), imported into a fresh
SQLite database (DATABASE_URL picks another) by `manage.py import_wordpress`, under
/usr/bin/time for the peak resident memory.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.wxr_sample import write_large_export  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments-per-post", type=int, default=10)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="newsroom-import-bench-"))
    export = work / "export.xml"
    started = time.monotonic()
    write_large_export(export, posts=args.posts, comments_per_post=args.comments_per_post)
    size_mb = export.stat().st_size / 1e6
    print(f"export: {args.posts:,} posts, {args.posts * args.comments_per_post:,} comments, "
          f"{size_mb:.0f} MB, written in {time.monotonic() - started:.0f} s")  # fmt: skip

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "DJANGO_CACHE_DIR": str(work / "cache"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    started = time.monotonic()
    result = subprocess.run(
        ["/usr/bin/time", "-v", *manage, "import_wordpress", str(export)],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    print(result.stdout.split("Warnings")[0].strip())
    print(f"\nimport: {seconds:.0f} s, {args.posts / seconds:.0f} posts/s, "
          f"peak memory {peak_kb / 1024:.0f} MB")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
