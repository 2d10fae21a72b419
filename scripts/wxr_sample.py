"""
Build WXR exports for tests and for the import benchmark: nothing is downloaded.

``wxr_document(...)`` returns one export as text; ``write_large_export(...)`` streams a
big one to a file without holding it in memory.
"""

from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>The Old Site</title>
  <link>https://old.example.com</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.com</wp:base_site_url>
"""
FOOTER = "</channel>\n</rss>\n"


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author_xml(wp_id, login, display_name, email="", description=""):
    return f"""  <wp:author><wp:author_id>{wp_id}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>
    <wp:author_email>{cdata(email)}</wp:author_email><wp:author_display_name>{cdata(display_name)}</wp:author_display_name>
    <wp:author_first_name>{cdata("")}</wp:author_first_name><wp:author_last_name>{cdata("")}</wp:author_last_name>
    <wp:author_description>{cdata(description)}</wp:author_description></wp:author>
"""


def category_xml(slug, name):
    return f"  <wp:category><wp:category_nicename>{cdata(slug)}</wp:category_nicename><wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"


def tag_xml(slug, name):
    return f"  <wp:tag><wp:tag_slug>{cdata(slug)}</wp:tag_slug><wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"


def comment_xml(wp_id, *, author="Reader", email="reader@example.com", url="", ip="192.0.2.1",
                date=None, content="A comment.", approved="1", parent="0"):  # fmt: skip
    date = (date or datetime(2026, 1, 2, 10, 0, tzinfo=UTC)).strftime("%Y-%m-%d %H:%M:%S")
    return f"""    <wp:comment><wp:comment_id>{wp_id}</wp:comment_id><wp:comment_author>{cdata(author)}</wp:comment_author>
      <wp:comment_author_email>{cdata(email)}</wp:comment_author_email><wp:comment_author_url>{escape(url)}</wp:comment_author_url>
      <wp:comment_author_IP>{escape(ip)}</wp:comment_author_IP><wp:comment_date>{date}</wp:comment_date><wp:comment_date_gmt>{date}</wp:comment_date_gmt>
      <wp:comment_content>{cdata(content)}</wp:comment_content><wp:comment_approved>{cdata(approved)}</wp:comment_approved>
      <wp:comment_type>{cdata("comment")}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
"""


def item_xml(wp_id, *, title="A post", slug=None, content="<p>Body.</p>", excerpt="", creator="admin",
             status="publish", post_type="post", date=None, categories=(), tags=(), meta=None,
             comments="", sticky=False, attachment_url="", link=None):  # fmt: skip
    slug = slug if slug is not None else f"post-{wp_id}"
    date = date or datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    link = link or f"https://old.example.com/{date:%Y/%m/%d}/{slug}/"
    terms = "".join(
        f'    <category domain="category" nicename="{escape(s)}">{cdata(n)}</category>\n'
        for s, n in categories
    ) + "".join(
        f'    <category domain="post_tag" nicename="{escape(s)}">{cdata(n)}</category>\n'
        for s, n in tags
    )
    metas = "".join(
        f"    <wp:postmeta><wp:meta_key>{cdata(k)}</wp:meta_key><wp:meta_value>{cdata(v)}</wp:meta_value></wp:postmeta>\n"
        for k, v in (meta or {}).items()
    )
    attachment = (
        f"    <wp:attachment_url>{cdata(attachment_url)}</wp:attachment_url>\n"
        if attachment_url
        else ""
    )
    return f"""  <item>
    <title>{cdata(title)}</title>
    <link>{escape(link)}</link>
    <dc:creator>{cdata(creator)}</dc:creator>
    <guid isPermaLink="false">https://old.example.com/?p={wp_id}</guid>
    <content:encoded>{cdata(content)}</content:encoded>
    <excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>
    <wp:post_id>{wp_id}</wp:post_id>
    <wp:post_date>{stamp}</wp:post_date>
    <wp:post_date_gmt>{stamp}</wp:post_date_gmt>
    <wp:comment_status>open</wp:comment_status>
    <wp:post_name>{cdata(slug)}</wp:post_name>
    <wp:status>{cdata(status)}</wp:status>
    <wp:post_type>{cdata(post_type)}</wp:post_type>
    <wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>
{attachment}{terms}{metas}{comments}  </item>
"""


def wxr_document(*parts):
    return HEADER + "".join(parts) + FOOTER


def write_large_export(path, *, posts, comments_per_post, authors=20, sections=8):
    """A realistic export of ``posts`` posts, streamed to ``path``."""
    start = datetime(2020, 1, 1, tzinfo=UTC)
    paragraph = (
        "<!-- wp:paragraph --><p>"
        + " ".join(["Lorem ipsum dolor sit amet."] * 12)
        + "</p><!-- /wp:paragraph -->"
    )
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(authors):
            out.write(author_xml(n + 1, f"author{n}", f"Author Number {n}", f"a{n}@example.com"))
        for n in range(sections):
            out.write(category_xml(f"section-{n}", f"Section {n}"))
        comment_id = 0
        for n in range(1, posts + 1):
            comments = []
            for c in range(comments_per_post):
                comment_id += 1
                parent = comment_id - 1 if c % 3 else 0
                comments.append(comment_xml(comment_id, parent=str(parent),
                                            date=start + timedelta(hours=n, minutes=c)))  # fmt: skip
            body = (
                paragraph
                + f"<!-- wp:heading --><h2>Part {n}</h2><!-- /wp:heading -->"
                + paragraph * 3
            )
            out.write(item_xml(
                n, title=f"Imported story {n}", content=body, creator=f"author{n % authors}",
                date=start + timedelta(hours=n), categories=[(f"section-{n % sections}", f"Section {n % sections}")],
                tags=[(f"tag-{n % 50}", f"Tag {n % 50}")], comments="".join(comments),
            ))  # fmt: skip
        out.write(FOOTER)
