"""
A streaming reader for WordPress eXtended RSS (WXR) exports (Tools > Export).

``read_wxr(file)`` yields authors, terms, items and errors one at a time. The file is read in
blocks and cut at each ``<item>`` (CDATA and comments are skipped over), and every item is
parsed on its own, so a 2 GB export is read in bounded memory, and one malformed item is
reported and skipped without losing the rest of the file (an XML parser stops at the first
error of a document).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

WP_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/1\.\d+/\}")
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://wordpress.org/export/1.2/excerpt/": "excerpt",
    "http://wordpress.org/export/1.1/excerpt/": "excerpt",
    "http://wordpress.org/export/1.0/excerpt/": "excerpt",
    "http://purl.org/dc/elements/1.1/": "dc",
}


def local_name(tag):
    """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id', for any WXR version."""
    if not isinstance(tag, str):
        return ""
    if WP_NAMESPACE.match(tag):
        return "wp:" + WP_NAMESPACE.sub("", tag)
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        prefix = NAMESPACES.get(namespace)
        return f"{prefix}:{name}" if prefix else name
    return tag


@dataclass
class WPAuthor:
    wp_id: str
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    description: str = ""

    @property
    def name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full or self.login


@dataclass
class WPTerm:
    kind: str  # "category" or "tag"
    slug: str
    name: str


@dataclass
class WPComment:
    wp_id: str
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None
    content: str = ""
    approved: str = "0"
    comment_type: str = ""
    parent_id: str = "0"


@dataclass
class WPItem:
    wp_id: str
    post_type: str
    title: str = ""
    slug: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: datetime | None = None
    modified: datetime | None = None
    status: str = ""
    sticky: bool = False
    comment_status: str = "open"
    attachment_url: str = ""
    categories: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    line: int = 0


@dataclass
class WXRError:
    line: int
    message: str
    wp_id: str = ""


class MalformedItem(ValueError):
    pass


def parse_gmt(value):
    """WordPress's 'YYYY-MM-DD HH:MM:SS' GMT dates; '0000-00-00 00:00:00' means unset."""
    value = (value or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError as error:
        raise MalformedItem(f"invalid date {value!r}") from error


def parse_rfc822(value):
    try:
        return parsedate_to_datetime(value).astimezone(UTC) if value else None
    except (TypeError, ValueError):
        return None


def children(element):
    """The element's children as {local name: text}, first occurrence wins."""
    values = {}
    for child in element:
        values.setdefault(local_name(child.tag), (child.text or "").strip())
    return values


def read_author(element):
    values = children(element)
    return WPAuthor(
        wp_id=values.get("wp:author_id", ""),
        login=values.get("wp:author_login", ""),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
        description=values.get("wp:author_description", "") or values.get("description", ""),
    )


def read_term(element, kind):
    values = children(element)
    if kind == "category":
        return WPTerm(
            "category", values.get("wp:category_nicename", ""), values.get("wp:cat_name", "")
        )
    return WPTerm("tag", values.get("wp:tag_slug", ""), values.get("wp:tag_name", ""))


def read_comment(element):
    values = children(element)
    return WPComment(
        wp_id=values.get("wp:comment_id", ""),
        author=values.get("wp:comment_author", ""),
        email=values.get("wp:comment_author_email", ""),
        url=values.get("wp:comment_author_url", ""),
        ip=values.get("wp:comment_author_IP", ""),
        date=parse_gmt(values.get("wp:comment_date_gmt"))
        or parse_gmt(values.get("wp:comment_date")),
        content=(element.findtext("{*}comment_content") or ""),
        approved=values.get("wp:comment_approved", "0"),
        comment_type=values.get("wp:comment_type", ""),
        parent_id=values.get("wp:comment_parent", "0") or "0",
    )


def read_item(element, line=0):
    item = WPItem(wp_id="", post_type="", line=line)
    for child in element:
        name = local_name(child.tag)
        text = child.text or ""
        if name == "title":
            item.title = text.strip()
        elif name == "link":
            item.link = text.strip()
        elif name == "guid":
            item.guid = text.strip()
        elif name == "dc:creator":
            item.creator = text.strip()
        elif name == "content:encoded":
            item.content = text
        elif name == "excerpt:encoded":
            item.excerpt = text.strip()
        elif name == "wp:post_id":
            item.wp_id = text.strip()
        elif name == "wp:post_type":
            item.post_type = text.strip()
        elif name == "wp:post_name":
            item.slug = text.strip()
        elif name == "wp:status":
            item.status = text.strip()
        elif name == "wp:is_sticky":
            item.sticky = text.strip() == "1"
        elif name == "wp:comment_status":
            item.comment_status = text.strip()
        elif name == "wp:attachment_url":
            item.attachment_url = text.strip()
        elif name == "wp:post_date_gmt":
            item.date = parse_gmt(text) or item.date
        elif name == "wp:post_date" and item.date is None:
            item.date = parse_gmt(text)
        elif name == "wp:post_modified_gmt":
            item.modified = parse_gmt(text)
        elif name == "pubDate" and item.date is None:
            item.date = parse_rfc822(text.strip())
        elif name == "category":
            term = (child.get("nicename", ""), text.strip())
            if child.get("domain") == "category":
                item.categories.append(term)
            elif child.get("domain") == "post_tag":
                item.tags.append(term)
        elif name == "wp:postmeta":
            values = children(child)
            item.meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif name == "wp:comment":
            item.comments.append(read_comment(child))
    if not item.wp_id or not item.wp_id.isdigit():
        raise MalformedItem("item without a numeric wp:post_id")
    if not item.post_type:
        raise MalformedItem("item without wp:post_type")
    return item


BLOCK_SIZE = 1 << 20
TOKEN = re.compile(rb"<!\[CDATA\[|<!--|<item[\s>]|</item\s*>")
TOKEN_END = {b"<![CDATA[": b"]]>", b"<!--": b"-->"}


def split_items(stream, block_size=BLOCK_SIZE):
    """Yield ("header", line, bytes) for what precedes the first item, then ("item", line, bytes)."""
    buffer, position, line = b"", 0, 1  # line: the line number of buffer[0]
    item_start, header_done, eof = None, False, False
    while True:
        match = TOKEN.search(buffer, position)
        if match is None or (
            match.group(0) in TOKEN_END and buffer.find(TOKEN_END[match.group(0)], match.end()) < 0
        ):
            if eof:
                break
            # Rescan the tail: a token may be cut by the block boundary.
            position = match.start() if match else max(position, len(buffer) - 16)
            keep = item_start if item_start is not None else (position if header_done else 0)
            line += buffer.count(b"\n", 0, keep)
            buffer, position = buffer[keep:], position - keep
            if item_start is not None:
                item_start = 0
            block = stream.read(block_size)
            eof = not block
            buffer += block
            continue
        token = match.group(0)
        if token in TOKEN_END:
            position = buffer.find(TOKEN_END[token], match.end()) + len(TOKEN_END[token])
            continue
        if token.startswith(b"<item"):
            if not header_done:
                yield "header", 1, buffer[: match.start()]
                header_done = True
            elif item_start is not None:  # the previous item was never closed
                yield (
                    "item",
                    line + buffer.count(b"\n", 0, item_start),
                    buffer[item_start : match.start()],
                )
            item_start = match.start()
        elif item_start is not None:
            yield (
                "item",
                line + buffer.count(b"\n", 0, item_start),
                buffer[item_start : match.end()],
            )
            item_start = None
        position = match.end()
    if not header_done:
        yield "header", 1, buffer
    elif item_start is not None:
        yield "item", line + buffer.count(b"\n", 0, item_start), buffer[item_start:]


def read_wxr(source, block_size=BLOCK_SIZE):
    """Yield WPAuthor, WPTerm, WPItem and WXRError objects in file order.

    ``source`` is a path or a binary file object.
    """
    stream = source if hasattr(source, "read") else open(source, "rb")  # noqa: SIM115
    root_tag = b"<rss>"
    try:
        for kind, line, chunk in split_items(stream, block_size):
            if kind == "header":
                root = re.search(rb"<rss\b[^>]*>", chunk)
                root_tag = root.group(0) if root else root_tag
                yield from read_header(chunk)
                continue
            try:
                element = ElementTree.fromstring(root_tag + chunk + b"</rss>")[0]
            except ElementTree.ParseError as error:
                wp_id = re.search(rb"<wp:post_id>\s*(\d+)", chunk)
                yield WXRError(
                    line, f"malformed XML: {error}", wp_id.group(1).decode() if wp_id else ""
                )
                continue
            try:
                yield read_item(element, line)
            except MalformedItem as error:
                yield WXRError(line, str(error), (element.findtext("{*}post_id") or "").strip())
    finally:
        if stream is not source:
            stream.close()


def read_header(chunk):
    """Authors, categories and tags declared at the top of the channel."""
    try:
        root = ElementTree.fromstring(chunk + b"</channel></rss>")
    except ElementTree.ParseError as error:
        yield WXRError(1, f"malformed XML before the first item: {error}")
        return
    channel = root.find("channel")
    for element in channel if channel is not None else []:
        name = local_name(element.tag)
        if name == "wp:author":
            yield read_author(element)
        elif name == "wp:category":
            yield read_term(element, "category")
        elif name == "wp:tag":
            yield read_term(element, "tag")
