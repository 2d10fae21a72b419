"""
The site's name, domain and branding, the same on every worker.

Django keeps the current Site in a per-process dict (``SITE_CACHE``), emptied only in the
process that saved it: with several gunicorn workers, a rename in the admin reached none of
the others until a restart. Here every save or delete of a Site or its SiteSettings replaces a
token in the shared cache once the transaction commits (the pages that show the site are
told by newsroom/invalidation.py), and ``SiteCacheMiddleware`` empties
this process's copies when the token it sees is not the one it saw last: one cache read per
rendered request, and the next render reads the new row.
"""

import uuid

from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

TOKEN_KEY = "newsroom:sites-token"
_settings = {}


def sites_changed():
    """Tell every process, once the change is committed, to read the site again.

    After the commit, not before: a worker told earlier could read the old row again and
    keep it.
    """
    transaction.on_commit(lambda: cache.set(TOKEN_KEY, uuid.uuid4().hex, None))


def current_token():
    token = cache.get(TOKEN_KEY)
    if token is None:
        cache.add(TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(TOKEN_KEY)
    return token


def forget_sites():
    Site.objects.clear_cache()
    _settings.clear()


def site_settings(site_id):
    """The SiteSettings of a site (unsaved defaults when there are none), kept per process."""
    from .models import SiteSettings

    found = _settings.get(site_id)
    if found is None:
        found = SiteSettings.objects.filter(site_id=site_id).first() or SiteSettings(
            site_id=site_id
        )
        _settings[site_id] = found
    return found


class SiteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = None

    def __call__(self, request):
        token = current_token()
        if token != self.seen:
            forget_sites()
            self.seen = token
        return self.get_response(request)


@receiver([post_save, post_delete], sender=Site)
@receiver([post_save, post_delete], sender="newsroom.SiteSettings")
def site_saved(sender, **kwargs):
    _settings.clear()  # this process at once, as Django does with its SITE_CACHE
    sites_changed()
