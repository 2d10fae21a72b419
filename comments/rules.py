"""Rules that need no third-party service: spam (disallowed words; the honeypot is the
form's), holding for links, throttling."""

import re

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import DisallowedWord, Moderation

LINK_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)


def count_links(text):
    return len(LINK_PATTERN.findall(text))


def spam_verdict(*, name, email, url, text):
    """(reason, detail) when a comment must go straight to spam, else None."""
    haystack = " ".join([name, email, url, text]).lower()
    for word in DisallowedWord.objects.values_list("word", flat=True):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack):
            return Moderation.Reason.DISALLOWED_WORD, f"“{word}”"
    return None


def links_detail(*, name, text):
    """The reason "3 links" when a comment has more links than ``COMMENTS_MAX_LINKS``, else "".

    Such a comment waits for a moderator like any other, with this as the reason (as
    WordPress's ``comment_max_links`` does); it is not spam.
    """
    links = count_links(text) + count_links(name)
    return f"{links} links" if links > settings.COMMENTS_MAX_LINKS else ""


def throttle_exceeded(ip_address):
    """Count one post from ``ip_address``; True once it posts more than the limit in a minute."""
    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"comments:posts:{ip_address}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.COMMENTS_POSTS_PER_MINUTE
