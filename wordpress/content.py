"""
WordPress post bodies to Newsroom body sections.

Handles Gutenberg block markup and classic-editor text (paragraphs made from blank lines
and line breaks from single newlines, by wpautop's rules), converts the common shortcodes and
removes the rest, then splits the body into sections at each ``<h2>`` with
``articles.body.split_sections``, as the admin does. Sanitising happens when the sections are
saved, as for any editor input.
"""

import html
import re
from dataclasses import dataclass, field

from articles.body import H2, split_sections

BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
PRE = re.compile(r"<pre\b.*?</pre\s*>", re.IGNORECASE | re.DOTALL)
# The elements wpautop never wraps in <p> (its $allblocks).
AUTOP_BLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|"
    "area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|"
    "hgroup|header|footer|nav|figure|figcaption|details|menu|summary"
)
BLOCK_OPENING = re.compile(rf"(<(?:{AUTOP_BLOCKS})[\s/>])", re.IGNORECASE)
BLOCK_CLOSING = re.compile(rf"(</(?:{AUTOP_BLOCKS})>|<hr\s*/?>)", re.IGNORECASE)
AUTOP_CHUNK = re.compile(
    rf"(?P<lead>(?:\s*</?(?:{AUTOP_BLOCKS})\b[^>]*>)*)(?P<inner>.*?)"
    rf"(?P<trail>(?:</(?:{AUTOP_BLOCKS})>\s*)*)$",
    re.IGNORECASE | re.DOTALL,
)
# Block elements whose text is not put in paragraphs of its own.
HOLDS_TEXT = {"p", "li", "dt", "dd", "td", "th", "caption", "figure", "figcaption", "summary",
              "legend", "address", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}  # fmt: skip
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
    """Paragraphs for classic-editor text, by WordPress's own rules (``wpautop``).

    WordPress stores classic posts without ``<p>`` tags and adds them when it shows them: a
    blank line starts a new paragraph and a single newline is a line break. Block elements
    (lists, tables, blockquotes, headings, ``<pre>``, figures) are never wrapped in ``<p>``,
    text directly inside a blockquote or div gets its own paragraphs, and the text inside
    ``<pre>`` is left exactly as it is.
    """
    preformatted = []

    def keep_pre(match):
        preformatted.append(match.group(0))
        return f"<pre wp-pre-tag-{len(preformatted) - 1}></pre>"

    text = PRE.sub(keep_pre, text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    # Newlines inside a tag's attributes are not line breaks.
    text = re.sub(r"<[^>]*>", lambda tag: tag.group(0).replace("\n", " "), text)
    # Every block element starts and ends a chunk, as a blank line does.
    text = BLOCK_OPENING.sub(r"\n\n\1", text)
    text = BLOCK_CLOSING.sub(r"\1\n\n", text)
    html = "".join(_autop_chunk(chunk) for chunk in re.split(r"\n\s*\n", text))
    html = re.sub(r"<p>\s*</p>", "", html)
    return re.sub(r"<pre wp-pre-tag-(\d+)></pre>", lambda m: preformatted[int(m.group(1))], html)


def _autop_chunk(chunk):
    """One chunk between blank lines or block tags: its text becomes a paragraph, unless the
    element it sits in holds text itself (a list item, a heading, a cell...)."""
    parts = AUTOP_CHUNK.match(chunk.strip())
    lead, inner, trail = parts.group("lead"), parts.group("inner").strip(), parts.group("trail")
    if inner:
        inner = re.sub(r"\s*\n\s*", "<br>", inner)
        container = re.findall(r"<(\w+)", lead)
        if not (container and container[-1].lower() in HOLDS_TEXT):
            inner = f"<p>{inner}</p>"
    return _tags(lead) + inner + _tags(trail)


def _tags(tags):
    """A run of block tags without the whitespace between them."""
    return re.sub(r">\s+<", "><", tags.strip())


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


def convert_body(content):
    """Convert a post's content into sections, with warnings for what was lost or odd."""
    warnings = []
    content = content or ""
    is_classic = not BLOCK_COMMENT.search(content)  # the block editor stores its own <p>
    text = convert_shortcodes(BLOCK_COMMENT.sub("", content), warnings)
    text = autop(text) if is_classic else text.strip()
    sections = split_sections(text) or [("", "")]
    if not H2.search(text):
        warnings.append("post without headings: imported as one untitled section")
    images = re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", text, flags=re.IGNORECASE)
    return Converted(sections=sections, warnings=warnings, images=images)
