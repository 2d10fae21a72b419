"""
Timed changes: pages that change with no write, at a moment known in advance.

A scheduled story goes live, a front-page pin runs out. No stored page may outlive the next
such moment, and a page rendered after one is dated from it (Last-Modified). The content
apps say when those moments are: each registers a provider (``register``) returning
``(next moment or None, latest moment passed or None)``; this module imports no content
model.

Asking the providers costs queries, so the answer is kept in the shared cache under the
version of the ``home`` tag, which every change to what is scheduled or pinned bumps
(newsroom/invalidation.py), and asked again only once its next moment has passed.
"""

from django.conf import settings
from django.core.cache import cache

#: The tag whose version the stored answer is kept under.
TAG = "home"
_providers = []


def register(provider):
    """Add ``provider``: a callable returning (next timed change, latest one passed)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def ask_providers():
    answers = [provider() for provider in _providers]
    return (
        min((upcoming for upcoming, _passed in answers if upcoming), default=None),
        max((passed for _upcoming, passed in answers if passed), default=None),
    )


def timed_changes(version, now):
    """(next timed change or None, latest one passed or None), as of ``now``, for the
    ``home`` tag at ``version``."""
    key = f"newsroom:schedule:{version}"
    stored = cache.get(key)
    if stored is None or (stored[0] is not None and stored[0] <= now):
        stored = ask_providers()
        cache.set(key, stored, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return stored
