"""
The edge: a shared cache in front of Newsroom (Varnish with xkey, or a CDN) that is told
what changed.

Every cacheable page carries its tags in a ``Surrogate-Key`` header (the convention Fastly
and Varnish's xkey share). When purge endpoints are configured (DJANGO_EDGE_PURGE_URLS),
pages may be kept at the edge for DJANGO_EDGE_CACHE_SECONDS, and every bump of tags, after
its transaction commits (tags.bumped), sends each endpoint a ``PURGE`` request naming the
tags in an ``xkey-purge`` header: the edge drops exactly the pages carrying one of them
(docs/varnish/newsroom.vcl). A purge that fails is logged, never raised to the writer; the
page then lives at the edge until its s-maxage ends.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.dispatch import receiver

from . import tags

HEADER = "Surrogate-Key"
PURGE_HEADER = "xkey-purge"
logger = logging.getLogger(__name__)


def purging():
    """True when an edge is told of changes, so pages may stay there long."""
    return bool(settings.NEWSROOM_EDGE_PURGE_URLS)


def surrogate_key(page_tags):
    return " ".join(sorted(page_tags))


def purge(purged_tags):
    """Ask every configured endpoint to drop the pages carrying any of ``purged_tags``."""
    header = surrogate_key(purged_tags)
    for url in settings.NEWSROOM_EDGE_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={PURGE_HEADER: header})
        try:
            with urllib.request.urlopen(request, timeout=settings.NEWSROOM_EDGE_PURGE_TIMEOUT):
                pass
        except (OSError, urllib.error.URLError) as error:
            logger.warning("Edge purge of %s at %s failed: %s", header, url, error)


@receiver(tags.bumped)
def purge_bumped(sender, tags, **kwargs):
    if purging():
        purge(tags)
