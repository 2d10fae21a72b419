import pytest

from wordpress.content import convert_body


def test_gutenberg_blocks_are_unwrapped_and_split_at_each_h2():
    body = (
        "<!-- wp:paragraph --><p>Opening.</p><!-- /wp:paragraph -->"
        '<!-- wp:heading --><h2 class="wp-block-heading">Pressure on <em>Kyiv</em></h2><!-- /wp:heading -->'
        "<!-- wp:paragraph --><p>One.</p><!-- /wp:paragraph -->"
        "<!-- wp:heading --><h2>Why it Matters</h2><!-- /wp:heading --><p>Two.</p>"
    )
    converted = convert_body(body)
    assert converted.sections == [
        ("", "<p>Opening.</p>"),
        ("Pressure on Kyiv", "<p>One.</p>"),
        ("Why it Matters", "<p>Two.</p>"),
    ]
    assert converted.warnings == []


def test_classic_editor_text_gets_paragraphs_and_line_breaks():
    converted = convert_body("First paragraph\nsecond line.\n\nSecond paragraph.")
    assert converted.sections == [
        ("", "<p>First paragraph<br>second line.</p><p>Second paragraph.</p>")
    ]
    assert converted.warnings == ["post without headings: imported as one untitled section"]


def test_classic_post_paragraphs_follow_wordpress_rules():
    converted = convert_body(
        "Opening line\nwith a break.\n\nSecond paragraph.\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        "<blockquote>A quote</blockquote>\n<h3>Minor heading</h3>\nUnder it.\n"
        "<pre>code = 1\n\n  indented\n</pre>\n<table><tr><td>cell</td></tr></table>\nLast."
    )
    assert converted.sections == [
        (
            "",
            "<p>Opening line<br>with a break.</p><p>Second paragraph.</p>"
            "<ul><li>one</li><li>two</li></ul><blockquote><p>A quote</p></blockquote>"
            "<h3>Minor heading</h3><p>Under it.</p><pre>code = 1\n\n  indented\n</pre>"
            "<table><tr><td>cell</td></tr></table><p>Last.</p>",
        )
    ]


def test_classic_post_is_split_at_its_h2_headings_after_paragraphs_are_made():
    converted = convert_body("Intro.\n\n<h2>Pressure on Kyiv</h2>\nFirst.\nSame paragraph.")
    assert converted.sections == [
        ("", "<p>Intro.</p>"),
        ("Pressure on Kyiv", "<p>First.<br>Same paragraph.</p>"),
    ]


def test_block_editor_posts_are_not_given_paragraphs():
    body = "<!-- wp:html -->\n<div>Raw\n\nHTML kept as typed</div>\n<!-- /wp:html -->"
    assert convert_body(body).sections == [("", "<div>Raw\n\nHTML kept as typed</div>")]


def test_caption_shortcode_becomes_a_figure():
    converted = convert_body(
        '<p>Text.</p>[caption id="attachment_5" align="alignnone" width="300"]'
        '<img src="/wp-content/uploads/2026/01/a.jpg" alt="A"> A caption[/caption]<h2>H</h2><p>x</p>'
    )
    assert converted.sections[0] == (
        "",
        '<p>Text.</p><figure><img src="/wp-content/uploads/2026/01/a.jpg" alt="A"><figcaption>A caption</figcaption></figure>',
    )
    assert converted.images == ["/wp-content/uploads/2026/01/a.jpg"]


@pytest.mark.parametrize(
    ("body", "kept", "warning"),
    [
        ('<p>a</p>[gallery ids="1,2,3"]<h2>b</h2>', "<p>a</p>", "removed shortcode [gallery]"),
        ("<p>[contact-form-7 id=\"9\" title=\"Contact\"]</p><p>Call us.</p><h2>b</h2>", "<p>Call us.</p>", "unknown shortcode [contact-form-7] removed"),
        ("<p>[highlight]kept text[/highlight]</p><h2>b</h2>", "<p>kept text</p>", "unknown shortcode [highlight] removed, its text kept"),
        ("<p>Watch:</p><p>[video src=\"x.mp4\"][/video]</p><h2>b</h2>", "<p>Watch:</p>", "removed shortcode [video]"),
    ],
)  # fmt: skip
def test_other_shortcodes_are_removed_with_a_warning(body, kept, warning):
    converted = convert_body(body)
    assert converted.sections[0] == ("", kept)
    assert warning in converted.warnings


def test_square_brackets_that_are_not_shortcodes_stay():
    converted = convert_body("<p>He said [sic] and cited [1].</p><h2>x</h2><p>y</p>")
    assert converted.sections[0] == ("", "<p>He said [sic] and cited [1].</p>")


def test_embed_becomes_a_plain_link():
    converted = convert_body("[embed]https://video.example.org/v/1[/embed]<h2>x</h2>")
    assert converted.sections[0] == (
        "",
        '<p><a href="https://video.example.org/v/1">https://video.example.org/v/1</a></p>',
    )


def test_empty_body_is_one_empty_section():
    assert convert_body("").sections == [("", "")]
