import pytest

from authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_profile_links_are_listed_in_a_fixed_order_and_empty_ones_left_out():
    author = AuthorFactory(
        bluesky_url="https://bsky.app/profile/lisa", website="https://lisa.example.org"
    )
    assert author.profile_links == [
        ("Website", "https://lisa.example.org"),
        ("Bluesky", "https://bsky.app/profile/lisa"),
    ]


def test_an_author_page_lives_under_authors_by_slug():
    assert AuthorFactory(name="Lisa Chang").get_absolute_url() == "/authors/lisa-chang/"
