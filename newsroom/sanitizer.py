"""
The one place rich text is made safe.

Every rich-text field calls ``sanitize_rich_text`` when its model is saved, so
the admin, importers and scripts all get the same protection. CKEditor 4 is past
its end of life, which makes the server the line of defence: anything not on the
allow-list below is removed, whatever the editor sends.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "code", "pre", "hr",
    "figure", "figcaption", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_rich_text(html):
    """Return ``html`` with only allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
