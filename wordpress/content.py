"""
WordPress post bodies to Newsroom body sections.

Handles Gutenberg block markup and classic-editor text (paragraphs made from blank lines,
as WordPress's wpautop does), converts the common shortcodes and removes the rest, then
splits the body into sections at each ``<h2>``. Sanitising happens when the sections are
saved, as for any editor input.
"""

import html
import re
from dataclasses import dataclass, field

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
BLOCK_TAGS = re.compile(r"<(p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr)\b", re.IGNORECASE)
CAPTION = re.compile(r"\[(?:wp_)?caption\b([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
CAPTION_PARTS = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL)
# A shortcode is a name followed by attributes or closed later; a bare [word] is left alone.
PAIRED_SHORTCODE = re.compile(r"\[([a-zA-Z_][\w-]*)\b[^\]]*\](.*?)\[/\1\]", re.DOTALL)
SHORTCODE_WITH_ATTRIBUTES = re.compile(r"\[([a-zA-Z_][\w-]*)\s+[^\]]*=[^\]]*\]")
SELF_CLOSING_SHORTCODE = re.compile(r"\[([a-zA-Z_][\w-]*)\b[^\]]*/\]")
REMOVED_WITH_CONTENT = {"gallery", "playlist", "audio", "video"}


@dataclass
class Converted:
    sections: list  # [(heading, html)]
    warnings: list = field(default_factory=list)
    images: list = field(default_factory=list)  # src attributes found in the body


def autop(text):
    """Paragraphs from blank lines and line breaks from single newlines, as wpautop."""
    if BLOCK_TAGS.search(text):
        return text
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text) if part.strip()]
    return "".join("<p>{}</p>".format(part.replace("\n", "<br>")) for part in paragraphs)


def convert_caption(match):
    parts = CAPTION_PARTS.match(match.group(2))
    if not parts:
        return match.group(2)
    image, caption = parts.group(1), parts.group(2).strip()
    if not caption:
        return f"<figure>{image}</figure>"
    return f"<figure>{image}<figcaption>{caption}</figcaption></figure>"


def convert_embed(match):
    url = html.escape(match.group(1).strip(), quote=True)
    return f'<p><a href="{url}">{url}</a></p>'


def convert_shortcodes(text, warnings):
    text = CAPTION.sub(convert_caption, text)
    text = EMBED.sub(convert_embed, text)

    def paired(match):
        name = match.group(1).lower()
        if name in REMOVED_WITH_CONTENT:
            warnings.append(f"removed shortcode [{name}]")
            return ""
        warnings.append(f"unknown shortcode [{name}] removed, its text kept")
        return match.group(2)

    def unpaired(match):
        name = match.group(1).lower()
        warnings.append(
            f"removed shortcode [{name}]"
            if name in REMOVED_WITH_CONTENT
            else f"unknown shortcode [{name}] removed"
        )
        return ""

    previous = None
    while previous != text:  # nested shortcodes
        previous = text
        text = PAIRED_SHORTCODE.sub(paired, text)
    text = SELF_CLOSING_SHORTCODE.sub(unpaired, text)
    return SHORTCODE_WITH_ATTRIBUTES.sub(unpaired, text)


def heading_text(fragment):
    return html.unescape(TAG.sub("", fragment)).strip()


def split_sections(body):
    """[(heading, html)] split at each <h2>; what comes before the first is untitled."""
    sections = []
    position, heading = 0, ""
    for match in H2.finditer(body):
        chunk = body[position : match.start()].strip()
        if chunk or heading:
            sections.append((heading, chunk))
        heading, position = heading_text(match.group(1)), match.end()
    chunk = body[position:].strip()
    if chunk or heading:
        sections.append((heading, chunk))
    return sections


def convert_body(content):
    """Convert a post's content into sections, with warnings for what was lost or odd."""
    warnings = []
    text = BLOCK_COMMENT.sub("", content or "")
    text = convert_shortcodes(text, warnings)
    text = autop(text.strip())
    sections = split_sections(text) or [("", "")]
    if not H2.search(text):
        warnings.append("post without headings: imported as one untitled section")
    images = re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", text, flags=re.IGNORECASE)
    return Converted(sections=sections, warnings=warnings, images=images)
