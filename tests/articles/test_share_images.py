"""Every page shares with a picture: the hero's crop, a story's card, an author's photo or
the site's share image, each resolving to a real image of the size the tags say."""

import io
import json
import re
import uuid
from unittest import mock

import pytest
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from PIL import Image

from articles import social_cards
from articles.factories import ArticleFactory
from articles.models import Article, Topic
from authors.factories import AuthorFactory
from newsroom.models import SiteSettings

pytestmark = pytest.mark.django_db


def meta(html):
    return dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', html)
    )


def fetch_image(client, url):
    """Open the image at an absolute URL of this site, through the site (media or static)."""
    path = url.removeprefix("http://testserver")
    if path.startswith("/static/"):
        from django.contrib.staticfiles import finders

        with open(finders.find(path.removeprefix("/static/")), "rb") as handle:
            return Image.open(io.BytesIO(handle.read()))
    response = client.get(path)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("image/")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Image.open(io.BytesIO(body))


def image_file(width, height, fmt="PNG", colour=(20, 120, 200, 255)):
    buffer = io.BytesIO()
    Image.new(
        "RGBA" if fmt == "PNG" else "RGB", (width, height), colour[: 4 if fmt == "PNG" else 3]
    ).save(buffer, fmt)
    return ContentFile(buffer.getvalue())


@pytest.fixture
def pages(db):
    author = AuthorFactory(slug="ann", name="Ann Reporter")
    article = ArticleFactory(title="Plain story", section__slug="world", section__name="World",
                             authors=[author])  # fmt: skip
    article.topics.add(Topic.objects.create(name="Ukraine", slug="ukraine"))
    return article


@pytest.mark.parametrize("url", ["/", "/world/", "/topics/ukraine/", "/authors/ann/", None])
def test_every_page_has_an_og_image_that_resolves_to_an_image_of_its_stated_size(
    client, pages, url
):
    html = client.get(url or pages.get_absolute_url()).content.decode()
    tags = meta(html)
    image = fetch_image(client, tags["og:image"])
    assert image.size == (int(tags["og:image:width"]), int(tags["og:image:height"]))
    assert image.size == (1200, 630)
    assert tags["twitter:card"] == "summary_large_image"


def test_a_story_without_a_hero_image_shares_its_own_card(client, seed_article):
    assert not seed_article.hero_image
    html = client.get(seed_article.get_absolute_url()).content.decode()
    tags = meta(html)
    assert tags["og:image"].startswith(f"http://testserver/cards/{seed_article.pk}-")
    card = fetch_image(client, tags["og:image"])
    assert card.size == (1200, 630)
    assert card.format == "JPEG"
    article_data = next(
        data
        for data in map(
            json.loads,
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S),
        )
        if data["@type"] == "NewsArticle"
    )
    assert article_data["image"] == [tags["og:image"]]


def card_url(article):
    return article.share_image(Site.objects.get_current().name)["url"]


def test_the_card_shows_the_brand_colours(client, pages):
    rgb = fetch_image(client, card_url(pages)).convert("RGB")
    assert rgb.getpixel((8, 300)) == pytest.approx((179, 18, 31), abs=12)  # the red bar
    assert rgb.getpixel((1150, 600)) == pytest.approx((27, 26, 23), abs=12)  # ink


def test_a_card_is_drawn_once_and_again_only_when_the_headline_changes(client, pages):
    pages.title = f"A headline no other test draws {uuid.uuid4().hex}"  # media outlive tests
    pages.save()
    first = card_url(pages)
    with mock.patch.object(social_cards, "render", wraps=social_cards.render) as render:
        pages.save()  # saving draws nothing
        assert render.call_count == 0
        for _ in range(2):
            response = client.get(first)
            assert response.status_code == 200
            assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert render.call_count == 1  # drawn once, then read from storage
        pages.standfirst = "A new standfirst."
        pages.save()
        assert card_url(pages) == first
        pages.title = f"A corrected headline {uuid.uuid4().hex}"
        pages.save()
        second = card_url(pages)
        assert second != first
        assert client.get(second).status_code == 200
        assert render.call_count == 2
    # A link to the old card (cached by a network) leads to the new one.
    old = client.get(first)
    assert (old.status_code, old["Location"]) == (302, second)


def test_card_urls_draw_nothing_for_other_words_or_unpublished_stories(client, pages):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    with mock.patch.object(social_cards, "render") as render:
        assert client.get(card_url(draft)).status_code == 404
        assert client.get(f"/cards/{pages.pk}-0123456789abcdef01234567.jpg").status_code == 302
        assert client.get(f"/cards/{pages.pk}-0123456789abcdef01234567.jpg").status_code == 302
    assert render.call_count == 0


def test_a_story_with_a_hero_image_shares_the_hero_crop_not_a_card(client, db, jpeg_upload):
    article = ArticleFactory(title="Illustrated")
    article.hero_image.save("hero.jpg", jpeg_upload(1600, 1000))
    tags = meta(client.get(article.get_absolute_url()).content.decode())
    assert tags["og:image"].endswith("/16x9.jpeg")
    assert fetch_image(client, tags["og:image"]).size == (1200, 675)


def test_a_headline_the_font_cannot_draw_still_gets_a_card(client, db):
    article = ArticleFactory(title="Новини дня")
    assert not social_cards.drawable(article.title)
    assert fetch_image(client, card_url(article)).size == (1200, 630)


def test_long_headlines_are_cut_with_an_ellipsis_within_four_lines():
    from PIL import ImageDraw

    draw = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    font, lines, line_height = social_cards._fit(draw, "word " * 120, 1040, 355)
    assert len(lines) == 4
    assert lines[-1].endswith("…")
    assert all(draw.textlength(line, font=font) <= 1040 for line in lines)


def test_editors_share_image_is_used_cropped_to_1200_by_630(client, pages):
    settings_row = SiteSettings(site=Site.objects.get_current(), share_image_alt="Our newsroom")
    settings_row.share_image.save("share.jpg", image_file(2400, 1600, "JPEG"), save=False)
    settings_row.save()
    tags = meta(client.get("/").content.decode())
    assert "/media/renditions/" in tags["og:image"]
    assert fetch_image(client, tags["og:image"]).size == (1200, 630)
    assert tags["og:image:alt"] == "Our newsroom"


def test_the_logo_replaces_the_site_name_in_the_header_and_for_search_engines(client, pages):
    settings_row = SiteSettings(site=Site.objects.get_current())
    settings_row.logo.save("logo.png", image_file(600, 200), save=False)
    settings_row.save()
    html = client.get(pages.get_absolute_url()).content.decode()
    header = html[html.index('class="masthead"') : html.index("</header>")]
    logo = re.search(
        r'<img class="brand-logo" src="([^"]+)" alt="Newsroom" width="(\d+)" height="(\d+)">',
        header,
    )
    assert logo, header
    assert (logo.group(2), logo.group(3)) == ("240", "80")
    assert fetch_image(client, "http://testserver" + logo.group(1)).size == (240, 80)
    assert 'class="brand-name"' not in header
    publisher = json.loads(re.search(r'"publisher":(\{.*?\}\})', html).group(1))
    assert publisher["logo"]["url"].startswith("http://testserver/media/site/logo")
