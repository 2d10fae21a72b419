"""
An article's body as writers write it: one HTML text with ``<h2>`` headings.

It is stored as the article's sections (``ArticleSection``), one per ``<h2>``, so readers get
anchors and a table of contents; the admin joins them back into one text for editing, and the
WordPress importer splits posts the same way.
"""

import html
import re
from html.parser import HTMLParser

H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def heading_text(fragment):
    """The plain text of a heading's inner HTML."""
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def split_sections(body):
    """[(heading, html)] split at each <h2>; what comes before the first is untitled."""
    sections = []
    position, heading = 0, ""
    for match in H2.finditer(body or ""):
        chunk = body[position : match.start()].strip()
        if chunk or heading:
            sections.append((heading, chunk))
        heading, position = heading_text(match.group(1)), match.end()
    chunk = (body or "")[position:].strip()
    if chunk or heading:
        sections.append((heading, chunk))
    return sections


def join_sections(sections):
    """One HTML text from [(heading, html)], the inverse of ``split_sections``."""
    parts = []
    for heading, body in sections:
        if heading:
            parts.append(f"<h2>{html.escape(heading, quote=False)}</h2>")
        if body:
            parts.append(body)
    return "\n".join(parts)


class _ImageFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.without_alt = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            attributes = dict(attrs)
            if not (attributes.get("alt") or "").strip():
                self.without_alt.append(attributes.get("src") or "")

    handle_startendtag = handle_starttag


def images_without_alt(body):
    """The ``src`` of every image in ``body`` that does not describe itself."""
    finder = _ImageFinder()
    finder.feed(body or "")
    finder.close()
    return finder.without_alt
