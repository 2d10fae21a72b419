import io

import pytest

from scripts.wxr_sample import (
    author_xml,
    category_xml,
    comment_xml,
    item_xml,
    tag_xml,
    wxr_document,
)
from wordpress.wxr import WPAuthor, WPItem, WPTerm, WXRError, read_wxr


def read(text, block_size=1 << 20):
    return list(read_wxr(io.BytesIO(text.encode()), block_size))


def test_reads_authors_terms_and_items_in_order_with_unicode_and_cdata():
    records = read(
        wxr_document(
            author_xml(1, "lisa", "Lisa Chang", "lisa@example.com", "Correspondent in London."),
            category_xml("world", "World"),
            tag_xml("ukraine", "Україна"),
            item_xml(
                10,
                title="Crème brûlée & “quotes” ]]> inside",
                content="<p>Body with <b>markup</b>.</p>",
                categories=[("world", "World")],
                tags=[("ukraine", "Україна")],
                comments=comment_xml(5, content="First!") + comment_xml(6, parent="5"),
                sticky=True,
            ),
        )
    )
    author, category, tag, item = records
    assert author == WPAuthor(
        "1", "lisa", "lisa@example.com", "Lisa Chang", "", "", "Correspondent in London."
    )
    assert (category, tag) == (
        WPTerm("category", "world", "World"),
        WPTerm("tag", "ukraine", "Україна"),
    )
    assert isinstance(item, WPItem)
    assert item.title == "Crème brûlée & “quotes” ]]> inside"
    assert item.content == "<p>Body with <b>markup</b>.</p>"
    assert item.categories == [("world", "World")] and item.tags == [("ukraine", "Україна")]
    assert item.sticky and item.status == "publish" and item.post_type == "post"
    assert [(c.wp_id, c.parent_id, c.content) for c in item.comments] == [
        ("5", "0", "First!"),
        ("6", "5", "A comment."),
    ]
    assert item.date.isoformat() == "2026-01-01T09:00:00+00:00"


def test_a_malformed_item_is_reported_and_the_rest_still_read():
    broken = item_xml(2, title="Broken").replace("</content:encoded>", "</content:encoded><bad>", 1)
    records = read(wxr_document(item_xml(1, title="First"), broken, item_xml(3, title="Third")))
    items = [r.title for r in records if isinstance(r, WPItem)]
    errors = [r for r in records if isinstance(r, WXRError)]
    assert items == ["First", "Third"]
    assert len(errors) == 1 and "malformed XML" in errors[0].message


def test_an_item_without_an_id_or_with_a_bad_date_is_reported():
    no_id = item_xml(7).replace("<wp:post_id>7</wp:post_id>", "")
    bad_date = item_xml(8).replace(
        "<wp:post_date_gmt>2026-01-01 09:00:00", "<wp:post_date_gmt>yesterday"
    )
    records = read(wxr_document(no_id, bad_date, item_xml(9, title="Fine")))
    assert [type(r).__name__ for r in records] == ["WXRError", "WXRError", "WPItem"]
    assert "wp:post_id" in records[0].message
    assert "invalid date" in records[1].message and records[1].wp_id == "8"


def test_postmeta_and_attachments():
    records = read(
        wxr_document(
            item_xml(20, post_type="attachment", attachment_url="https://old.example.com/wp-content/uploads/2026/01/a.jpg",
                     excerpt="A caption", meta={"_wp_attachment_image_alt": "Alt text"}),
            item_xml(21, meta={"_thumbnail_id": "20"}),
        )
    )  # fmt: skip
    attachment, post = records
    assert attachment.attachment_url.endswith("/2026/01/a.jpg")
    assert attachment.meta["_wp_attachment_image_alt"] == "Alt text"
    assert post.meta["_thumbnail_id"] == "20"


@pytest.mark.parametrize("block_size", [1, 7, 64, 1000])
def test_block_boundaries_anywhere_give_the_same_records(block_size):
    document = wxr_document(
        author_xml(1, "a", "A"),
        item_xml(1, content="<p>has </item> text and <![CDATA[ inside ]]> and <!-- <item> --></p>"),
        item_xml(2, title="Second", comments=comment_xml(1)),
        item_xml(3, title="Broken").replace("<wp:status>", "<wp:status><oops>", 1),
        item_xml(4, title="Last"),
    )
    whole = read(document)
    assert read(document, block_size) == whole
    assert [type(r).__name__ for r in whole] == [
        "WPAuthor",
        "WPItem",
        "WPItem",
        "WXRError",
        "WPItem",
    ]
    assert (
        whole[1].content == "<p>has </item> text and <![CDATA[ inside ]]> and <!-- <item> --></p>"
    )
    assert whole[3].wp_id == "3"
    assert whole[4].line > whole[2].line > whole[1].line > 1


def test_a_truncated_export_reports_the_last_item():
    document = wxr_document(item_xml(1, title="Whole"), item_xml(2, title="Cut"))
    records = read(document[: document.index("<wp:post_type>", document.index("Cut"))])
    assert [type(r).__name__ for r in records] == ["WPItem", "WXRError"]
