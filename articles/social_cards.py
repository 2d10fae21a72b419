"""
Social cards: the share image of a story without a hero image.

A 1200x630 JPEG with the headline, the section and the site's name in the brand's type and
colours, made once with Pillow and kept in the default storage like the hero renditions. It is
named after what it shows (recipe version, headline, section, site name): the page links
``/cards/<article>-<digest>.jpg``, which the view draws on its first request (a share or a
crawler) and serves from storage afterwards. Saving or importing a story costs nothing; a new
headline, or a renamed section or site, is a new digest and so a new card.
"""

import hashlib
import io
from functools import cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from newsroom import brand

VERSION = 1  # bump to make every card again after changing the recipe
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
HEADLINE_TOP, HEADLINE_BOTTOM = 135, 490
MAX_LINES = 4
HEADLINE_SIZES = range(76, 43, -4)  # the largest size at which the headline fits


@cache
def _font(size):
    return ImageFont.truetype(str(brand.FONT), size)


def card_key(*, headline, section, site_name):
    """What a card shows, as a short digest: a card is made again only when it changes."""
    words = f"{VERSION}\n{headline}\n{section}\n{site_name}"
    return hashlib.sha256(words.encode()).hexdigest()[:24]


def stored_card(*, headline, section, site_name, storage=None):
    """The storage name of the card for these words, drawn and stored if missing."""
    storage = storage or default_storage
    key = card_key(headline=headline, section=section, site_name=site_name)
    name = f"renditions/cards/{key[:2]}/{key}.jpeg"
    if not storage.exists(name):
        storage.save(name, ContentFile(render(headline, section, site_name)))
    return name


def drawable(text):
    return all(ord(char) in brand.FONT_CHARACTERS for char in text)


def _lines(draw, text, font, width):
    lines = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(draw, text, width, height):
    """The headline's font, lines and line height: as large as fits, else cut with an ellipsis."""
    for size in HEADLINE_SIZES:
        font, line_height = _font(size), round(size * 1.15)
        lines = _lines(draw, text, font, width)
        if len(lines) <= MAX_LINES and len(lines) * line_height <= height:
            return font, lines, line_height
    lines = lines[:MAX_LINES]
    while " " in lines[-1] and draw.textlength(lines[-1] + "…", font=font) > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] = lines[-1].rstrip(",;:–—") + "…"
    return font, lines, line_height


def render(headline, section, site_name):
    """The card as JPEG bytes. Words the font cannot draw are left out rather than shown as
    boxes (the headline is in the page's title and description anyway)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), brand.INK)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 23, HEIGHT], fill=brand.RED)
    if drawable(section):
        draw.text((MARGIN, 70), section.upper(), font=_font(34), fill=brand.SOFT_RED)
    if drawable(headline):
        font, lines, line_height = _fit(
            draw, headline, WIDTH - 2 * MARGIN, HEADLINE_BOTTOM - HEADLINE_TOP
        )
        for number, line in enumerate(lines):
            draw.text(
                (MARGIN, HEADLINE_TOP + number * line_height), line, font=font, fill=brand.PAPER
            )
    draw.line([(MARGIN, 520), (WIDTH - MARGIN, 520)], fill=brand.RULE, width=2)
    if drawable(site_name):
        draw.text((MARGIN, 545), site_name, font=_font(40), fill=brand.PAPER)
    buffer = io.BytesIO()
    # No optimize/progressive passes: they cost three times the drawing for a few KB.
    image.save(buffer, "JPEG", quality=85, subsampling=0)
    return buffer.getvalue()
