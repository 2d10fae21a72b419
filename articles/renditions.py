"""
Responsive image renditions, made once with Pillow and kept in the default storage.

``make_renditions(field)`` reads an uploaded image, applies its EXIF orientation,
drops every bit of metadata (EXIF with GPS positions, XMP, comments) and writes
WebP and JPEG copies at the widths in ``WIDTHS`` that are not wider than the
original, plus three crops at 1200 px for search engines (16:9, 4:3 and 1:1).
It returns a small dict that the article stores, so pages never touch storage
(which on S3 would be a network call per image) to find out what exists.

Names are derived from the image's bytes, so a second call (or the same image
uploaded again) finds the files in storage and does not make them again.
"""

import hashlib
import io
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"webp": ("WEBP", {"quality": 80, "method": 4}), "jpeg": ("JPEG", {"quality": 82})}
CROPS = {"16x9": (1200, 675), "4x3": (1200, 900), "1x1": (1200, 1200)}
MAX_PIXELS = 60_000_000  # refuse decompression bombs well before Pillow's own limit
VERSION = 1  # bump to make every rendition again after changing the recipe


def rendition_widths(width):
    """The widths to make for an image ``width`` pixels wide: never upscaled."""
    widths = [w for w in WIDTHS if w < width]
    if width <= WIDTHS[-1]:
        widths.append(width)
    return widths or [WIDTHS[-1]]


def _folder(content):
    """Named after the image's bytes: the same image uploaded twice shares its renditions."""
    digest = hashlib.sha256(VERSION.to_bytes(2, "big") + content).hexdigest()[:20]
    return f"renditions/{digest[:2]}/{digest}"


def _encode(image, fmt):
    name, options = FORMATS[fmt]
    if fmt == "jpeg" and image.mode != "RGB":
        image = _flatten(image)
    buffer = io.BytesIO()
    # No exif=, icc_profile= or xmp= arguments: the copies carry no metadata.
    image.save(buffer, name, optimize=fmt == "jpeg", progressive=fmt == "jpeg", **options)
    return buffer.getvalue()


def _flatten(image):
    """RGB on white, for JPEG, which has no transparency."""
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _store(name, make, storage):
    """Save what ``make()`` returns under ``name``, unless storage already has it."""
    if storage.exists(name):
        return {"name": name, "size": storage.size(name)}
    data = make()
    storage.save(name, ContentFile(data))
    return {"name": name, "size": len(data)}


def _open(field):
    field.open("rb")
    try:
        content = field.read()
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValueError(f"{image.width}x{image.height} is too large")
            image.load()
            image = ImageOps.exif_transpose(image)
    finally:
        field.close()
    if image.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    return image, content


def make_renditions(field, storage=None):
    """Make (or find) the renditions of an image field; {} when it cannot be read."""
    storage = storage or default_storage
    if not field:
        return {}
    try:
        image, content = _open(field)
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as error:
        logger.warning("No renditions for %s: %s", field.name, error)
        return {}
    folder = _folder(content)
    result = {"source": field.name, "width": image.width, "height": image.height}
    for fmt in FORMATS:
        result[fmt] = []
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = _Lazy(lambda w=width, h=height: image.resize((w, h), Image.LANCZOS))
        for fmt in FORMATS:
            stored = _store(
                f"{folder}/{width}w.{fmt}", lambda f=fmt, r=resized: _encode(r(), f), storage
            )
            result[fmt].append({"width": width, "height": height, **stored})
    # A list, not a dict: PostgreSQL's jsonb does not keep the order of keys.
    result["crops"] = []
    for ratio, size in CROPS.items():
        # An image too small for the crop is cropped at its own scale, never enlarged.
        scale = min(1, image.width / size[0], image.height / size[1])
        crop_size = (round(size[0] * scale), round(size[1] * scale))
        stored = _store(
            f"{folder}/{ratio}.jpeg",
            lambda s=crop_size: _encode(ImageOps.fit(image, s, Image.LANCZOS), "jpeg"),
            storage,
        )
        result["crops"].append(
            {"ratio": ratio, "width": crop_size[0], "height": crop_size[1], **stored}
        )
    return result


class _Lazy:
    """Compute a value on first call only: a resize is not needed when storage has the files."""

    def __init__(self, make):
        self.make = make
        self.value = None

    def __call__(self):
        if self.value is None:
            self.value = self.make()
        return self.value


class Renditions:
    """What templates, feeds and structured data need from the stored rendition dict."""

    def __init__(self, data, storage=None):
        self.data = data or {}
        self.storage = storage or default_storage

    def __bool__(self):
        return bool(self.data.get("jpeg"))

    @property
    def width(self):
        return self.data["width"]

    @property
    def height(self):
        return self.data["height"]

    def url(self, name):
        return self.storage.url(name)

    def srcset(self, fmt):
        return ", ".join(f"{self.url(r['name'])} {r['width']}w" for r in self.data.get(fmt, []))

    def best(self, fmt="jpeg", width=1200):
        """The smallest rendition at least ``width`` wide, else the largest."""
        items = self.data.get(fmt, [])
        return next((r for r in items if r["width"] >= width), items[-1] if items else None)

    def fallback(self):
        return self.best("jpeg", 800)

    def crops(self):
        """The 16:9, 4:3 and 1:1 crops, in that order, with their URLs."""
        return [{**crop, "url": self.url(crop["name"])} for crop in self.data.get("crops", [])]

    def crop(self, ratio):
        return next((crop for crop in self.crops() if crop["ratio"] == ratio), None)
