"""
Cache tags: names for what a page or a fragment shows.

A tag names one piece of public output: ``article:12`` (the story), ``comments:12`` (its
approved comments), ``section:3``, ``topic:7``, ``author:5``, the listings (``home``,
``feeds``, ``sitemaps``) and ``site`` (its name, navigation and legal pages).

Each tag has a version in the shared cache. Whatever is stored keeps the versions its tags
had when it was rendered, and stays valid while they are unchanged: checking that is one
``get_many``. A write bumps the tags whose output it changed, after its transaction commits,
so a reader never sees a version bumped for a change that was rolled back; the ``bumped``
signal then tells whoever listens (the edge purger).

A version is ``"<unix time>-<random>"``: unique, and it says when the tag last changed,
which is what a page's Last-Modified is made of.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal

KEY_PREFIX = "newsroom:tag:"
LAST_BUMP_KEY = "newsroom:tags-last-bumped-at"

#: Sent after the versions of ``tags`` (a frozenset) were replaced.
bumped = Signal()


def new_version():
    return f"{time.time():.6f}-{uuid.uuid4().hex[:8]}"


def changed_at(version):
    """The Unix time a version was made."""
    return float(version.split("-", 1)[0])


def versions(tags):
    """{tag: version} for ``tags``, in one cache round trip; a tag the cache does not know
    (never bumped, or evicted) gets a new version, which is never one something was stored
    under."""
    keys = {KEY_PREFIX + tag: tag for tag in tags}
    found = cache.get_many(keys)
    missing = {key: new_version() for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return {tag: found[key] for key, tag in keys.items()}


def bump(*tags):
    """Replace the versions of ``tags`` once the current transaction commits (at once
    outside one)."""
    tags = frozenset(tags)
    if tags:
        transaction.on_commit(lambda: bump_now(tags))


def bump_now(tags):
    tags = frozenset(tags)
    if not tags:
        return
    cache.set_many(
        {**{KEY_PREFIX + tag: new_version() for tag in tags}, LAST_BUMP_KEY: time.time()}, None
    )
    bumped.send(sender=None, tags=tags)


def last_bumped_at():
    """The Unix time of the latest bump of any tag (0 if the cache knows none): when public
    output last changed, as far as anything cached is concerned."""
    return cache.get(LAST_BUMP_KEY, 0)
