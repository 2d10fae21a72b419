"""
The write storm of `make bench` (scripts/bench.py): what a breaking story brings while
readers read.

Readers' pages are not touched here; this process writes, as the newsroom does:
- commenters post through the article page's form over HTTP (a real form, with its
  timestamp and security hash), ``--comment-rate`` a second; every comment is held;
- a moderator approves the oldest held one every ``--approve-every`` seconds, through
  ``comment_approve`` (the admin's own path, so invalidation runs as in production);
- an editor has the article open in the admin: its presence is recorded every
  ``--presence-every`` seconds, as the change form does on each load.

Runs with the server's settings and database; prints one JSON line when done.
"""

import argparse
import http.client
import json
import re
import time
import urllib.parse

import django


def post_comment(connection, port, path, n):
    connection.request("GET", path)
    page = connection.getresponse().read().decode()
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    body = urllib.parse.urlencode({
        **fields, "name": f"Storm reader {n}", "email": f"storm{n}@example.com",
        "comment": f"bench-storm comment {n}",
    })  # fmt: skip
    connection.request("POST", "/comments/post/", body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://127.0.0.1:{port}",
        # A new address for each: the flood limit is per address (DJANGO_PROXY_COUNT=1).
        "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
    })  # fmt: skip
    response = connection.getresponse()
    response.read()
    return response.status


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--article", required=True, help="the path of the article commented on")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--comment-rate", type=float, default=2.0)
    parser.add_argument("--approve-every", type=float, default=10.0)
    parser.add_argument("--presence-every", type=float, default=5.0)
    args = parser.parse_args()

    django.setup()
    from django.contrib.auth import get_user_model
    from django.urls import resolve

    from articles.models import Article, EditingPresence
    from comments.models import Comment, Moderation
    from comments.services import comment_approve

    article = Article.objects.get(slug=resolve(args.article).kwargs["slug"])
    editor, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True}
    )
    held = (
        Comment.objects.for_article(article)
        .filter(moderation__state=Moderation.State.PENDING, comment__startswith="bench-storm")
        .order_by("submit_date")
    )

    counts = {"posted": 0, "held": 0, "refused": 0, "errors": 0, "approved": 0, "presence": 0}
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    start = time.monotonic()
    next_approval = start + args.approve_every
    next_post = next_presence = start
    while (now := time.monotonic()) < start + args.seconds:
        if now >= next_post:
            status = post_comment(connection, args.port, args.article, counts["posted"])
            counts["posted"] += 1
            key = "held" if status == 302 else "refused" if status < 500 else "errors"
            counts[key] += 1
            next_post += 1 / args.comment_rate
        if now >= next_presence:
            EditingPresence.others_editing(article=article, user=editor)
            counts["presence"] += 1
            next_presence += args.presence_every
        if now >= next_approval:
            comment = held.first()
            if comment is not None:
                comment_approve(comment=comment, by=editor)
                counts["approved"] += 1
            next_approval += args.approve_every
        time.sleep(max(0, min(next_post, next_presence, next_approval) - time.monotonic()))
    connection.close()
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
