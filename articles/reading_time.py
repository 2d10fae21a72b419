"""
Reading time, computed once when an article's text changes and stored.

An article's reading time is the number of words in its section headings and
bodies, markup stripped, divided by ``NEWSROOM_WORDS_PER_MINUTE`` (238 by
default: the average adult silent reading rate for non-fiction in Brysbaert's
2019 meta-analysis), rounded up, and never less than one minute.
"""

import math
from html.parser import HTMLParser

from django.conf import settings


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, skipping script and style content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skipping += 1
        # Block-level boundaries separate words even without whitespace.
        self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skipping:
            self._skipping -= 1
        self.chunks.append(" ")

    def handle_data(self, data):
        if not self._skipping:
            self.chunks.append(data)


def strip_markup(html):
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return "".join(extractor.chunks)


def count_words(*fragments):
    """Count the words in HTML or plain-text fragments."""
    return sum(len(strip_markup(fragment).split()) for fragment in fragments)


def reading_minutes(word_count, words_per_minute=None):
    words_per_minute = words_per_minute or settings.NEWSROOM_WORDS_PER_MINUTE
    return max(1, math.ceil(word_count / words_per_minute))
