"""
Checks for uploaded images, shared by every image field and the CKEditor uploader.

Pillow must recognise the file as a JPEG, PNG, GIF or WebP image whose size and pixel count are
within the limits; a decompression bomb is refused before it is decoded. ``image_copy`` makes
the resized copies of site-wide images (the logo, the default share image).
"""

import hashlib
import io
import logging
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


class UploadRefused(ValueError):
    pass


def validate_uploaded_image(value):
    """Model field validator: the same checks for hero images and author photos."""
    uploaded = getattr(value, "file", None)
    if getattr(value, "_committed", True) or uploaded is None:
        return  # the file already stored, not a new upload
    try:
        check_image(uploaded)
    except UploadRefused as error:
        raise ValidationError(str(error)) from error


def check_image(uploaded_file):
    """Return the file extension for ``uploaded_file``, or raise UploadRefused saying why."""
    max_bytes = settings.CKEDITOR_UPLOAD_MAX_BYTES
    if uploaded_file.size > max_bytes:
        raise UploadRefused(
            f"The file is {uploaded_file.size / 1_048_576:.1f} MB; "
            f"images may be at most {max_bytes / 1_048_576:.0f} MB."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(uploaded_file) as image:
                width, height = image.size
                if width * height > settings.CKEDITOR_UPLOAD_MAX_PIXELS:
                    raise UploadRefused(
                        f"The image is {width}×{height} pixels, more than the "
                        f"{settings.CKEDITOR_UPLOAD_MAX_PIXELS:,} allowed; make it smaller."
                    )
                image_format = image.format
                image.verify()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise UploadRefused("The image is too large to open safely; make it smaller.") from error
    except Exception as error:
        raise UploadRefused(
            "That file is not an image Newsroom can use (JPEG, PNG, GIF or WebP)."
        ) from error
    finally:
        uploaded_file.seek(0)
    if image_format not in ALLOWED_FORMATS:
        raise UploadRefused("Only JPEG, PNG, GIF and WebP images can be uploaded.")
    return ALLOWED_FORMATS[image_format]


def image_copy(field, *, fit=None, height=None, image_format="JPEG", storage=None):
    """A resized copy of an uploaded image, made once and kept under ``renditions/``.

    ``fit`` crops to that exact (width, height); ``height`` shrinks to at most that height.
    The copy is named after the source's bytes and the recipe, so a second call finds it.
    Returns {"source", "name", "width", "height"}, or {"source"} when the image cannot be read.
    """
    storage = storage or default_storage
    try:
        field.open("rb")
        try:
            content = field.read()
        finally:
            field.close()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("No copy of %s: %s", field.name, error)
        return {"source": field.name}
    if image_format == "JPEG":
        image = _on_white(image)
    elif image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    if fit:
        image = ImageOps.fit(image, fit, Image.LANCZOS)
    elif height and image.height > height:
        image = image.resize((round(image.width * height / image.height), height), Image.LANCZOS)
    recipe = f"{fit}:{height}:{image_format}".encode()
    digest = hashlib.sha256(recipe + content).hexdigest()[:20]
    name = f"renditions/{digest[:2]}/{digest}.{image_format.lower()}"
    if not storage.exists(name):
        buffer = io.BytesIO()
        image.save(buffer, image_format, optimize=True, **COPY_OPTIONS.get(image_format, {}))
        storage.save(name, ContentFile(buffer.getvalue()))
    return {"source": field.name, "name": name, "width": image.width, "height": image.height}


COPY_OPTIONS = {"JPEG": {"quality": 85, "progressive": True}}


def _on_white(image):
    """RGB, with any transparency laid on white (JPEG has none)."""
    if image.mode == "RGB":
        return image
    image = image.convert("RGBA")
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background
