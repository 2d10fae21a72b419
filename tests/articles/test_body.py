"""The one splitter: an HTML body with H2 headings to sections and back."""

import pytest

from articles.body import images_without_alt, join_sections, split_sections
from wordpress import content


@pytest.mark.parametrize(
    "sections",
    [
        [("", "<p>Only an opening.</p>")],
        [("", "<p>Opening.</p>"), ("Pressure on Kyiv", "<p>One.</p>"), ("Why", "<p>Two.</p>")],
        [("Starts with a heading", "<p>Text.</p>"), ("Empty one", "")],
        [("", "<p>x</p>"), ("Tom & Jerry <3", "<p>y</p>")],
    ],
)
def test_join_then_split_gives_the_sections_back(sections):
    assert split_sections(join_sections(sections)) == sections


def test_heading_markup_and_entities_become_plain_text():
    body = '<p>a</p><h2 class="x">Pressure on <em>Kyiv</em> &amp; Lviv\n</h2><p>b</p>'
    assert split_sections(body) == [("", "<p>a</p>"), ("Pressure on Kyiv & Lviv", "<p>b</p>")]


def test_an_empty_body_has_no_sections():
    assert split_sections("") == [] and split_sections(None) == []


def test_the_wordpress_importer_uses_the_same_splitter():
    assert content.split_sections is split_sections


def test_images_without_alt_text_are_found():
    body = (
        '<img src="/a.jpg" alt="A dog"><img src="/b.jpg"><img src="/c.jpg" alt="  ">'
        '<img src="/d.jpg" alt="">'
    )
    assert images_without_alt(body) == ["/b.jpg", "/c.jpg", "/d.jpg"]
