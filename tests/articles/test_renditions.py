import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles.factories import ArticleFactory
from articles.renditions import WIDTHS, make_renditions, rendition_widths

pytestmark = pytest.mark.django_db


def open_stored(name):
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


def exif_with(orientation=None, gps=False):
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}
    return exif


@pytest.mark.parametrize("width, expected", [(3000, [480, 800, 1200, 1600]), (1600, [480, 800, 1200, 1600]),
                                             (1000, [480, 800, 1000]), (300, [300])])  # fmt: skip
def test_widths_never_upscale(width, expected):
    assert rendition_widths(width) == expected


@pytest.mark.parametrize(
    "fmt, mode", [("JPEG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB"), ("PNG", "P")]
)
def test_renditions_for_each_input_format_are_webp_and_jpeg_at_every_width(
    article, jpeg_upload, fmt, mode
):
    article.hero_image.save(f"in.{fmt.lower()}", jpeg_upload(2000, 1000, fmt=fmt, mode=mode))
    article.refresh_from_db()
    data = article.hero_renditions
    assert (data["width"], data["height"]) == (2000, 1000)
    for out, pil_format in [("webp", "WEBP"), ("jpeg", "JPEG")]:
        assert [(r["width"], r["height"]) for r in data[out]] == [(w, w // 2) for w in WIDTHS]
        for rendition in data[out]:
            image = open_stored(rendition["name"])
            assert image.format == pil_format
            assert image.size == (rendition["width"], rendition["height"])
            assert rendition["size"] == default_storage.size(rendition["name"])
    assert [(c["ratio"], c["width"], c["height"]) for c in data["crops"]] == [
        ("16x9", 1200, 675), ("4x3", 1200, 900), ("1x1", 1000, 1000)
    ]  # fmt: skip


def test_exif_orientation_is_applied_and_metadata_is_stripped(article, jpeg_upload):
    # Stored 1200x800 landscape with "rotate 90°" (6): the photo is 800x1200 portrait.
    article.hero_image.save("phone.jpg", jpeg_upload(1200, 800, exif=exif_with(6, gps=True)))
    article.refresh_from_db()
    data = article.hero_renditions
    assert (data["width"], data["height"]) == (800, 1200)
    for rendition in data["jpeg"] + data["webp"] + data["crops"]:
        image = open_stored(rendition["name"])
        assert image.width < image.height or rendition in data["crops"]
        assert not image.getexif()
        assert "icc_profile" not in image.info and "xmp" not in image.info


def test_tiny_image_gets_one_rendition_at_its_own_size(article, jpeg_upload):
    article.hero_image.save("tiny.png", jpeg_upload(40, 30, fmt="PNG"))
    article.refresh_from_db()
    data = article.hero_renditions
    assert [(r["width"], r["height"]) for r in data["jpeg"]] == [(40, 30)]
    assert [(r["width"], r["height"]) for r in data["webp"]] == [(40, 30)]
    assert data["crops"][0]["width"] <= 40


def test_renditions_are_made_once_and_reused_from_storage(article, jpeg_upload, monkeypatch):
    article.hero_image.save("once.jpg", jpeg_upload(900, 600))
    article.refresh_from_db()
    first = article.hero_renditions
    saved = []
    monkeypatch.setattr(default_storage, "save", lambda name, content, **kw: saved.append(name))
    again = make_renditions(article.hero_image)
    assert saved == []
    assert again == first
    article.title = "Saved again"
    article.save()  # same image: nothing is made again
    assert saved == []


def test_unreadable_image_gives_no_renditions_and_the_page_still_renders(client, article):
    article.hero_image.save("broken.jpg", ContentFile(b"not an image"))
    article.refresh_from_db()
    assert article.hero_renditions == {"source": article.hero_image.name}
    assert not article.hero
    assert client.get(article.get_absolute_url()).status_code == 200


def test_removing_the_hero_image_clears_its_renditions(article, jpeg_upload):
    article.hero_image.save("gone.jpg", jpeg_upload(500, 300))
    article.hero_image = None
    article.save()
    article.refresh_from_db()
    assert article.hero_renditions == {}


def test_article_page_serves_a_preloaded_responsive_hero(client, article, jpeg_upload):
    article.hero_alt = "A harbour"
    article.hero_image.save("harbour.jpg", jpeg_upload(1600, 900))
    html = client.get(article.get_absolute_url()).content.decode()
    figure = html[html.index('<figure class="hero">') : html.index("</figure>")]
    assert re.search(
        r'<source type="image/webp" srcset="[^"]*480w\.webp 480w, [^"]*1600w\.webp 1600w" sizes="[^"]+">',
        figure,
    )
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert 'srcset="' in img and "1200w.jpeg 1200w" in img
    assert 'alt="A harbour" width="1600" height="900"' in img
    assert 'fetchpriority="high"' in img and 'loading="lazy"' not in img
    assert re.search(
        r'<link rel="preload" as="image" type="image/webp" imagesrcset="[^"]+" imagesizes="[^"]+"',
        html,
    )


def test_list_cards_use_lazy_responsive_images(client, jpeg_upload):
    for n in range(3):
        ArticleFactory().hero_image.save(f"card{n}.jpg", jpeg_upload(1200, 675))
    html = client.get("/").content.decode()
    cards = re.findall(r'<img class="card-image"[^>]+>', html)
    # The newest is the lead story; the other two are featured, each shown once.
    assert len(cards) == 2
    assert all('loading="lazy"' in img and 'width="1200" height="675"' in img for img in cards)
    lead = re.search(r'<img class="lead-image"[^>]+>', html).group(0)
    assert 'loading="lazy"' not in lead and 'fetchpriority="high"' in lead
