"""
Checks for uploaded images, shared by every image field and the CKEditor uploader.

Pillow must recognise the file as a JPEG, PNG, GIF or WebP image whose size and pixel count are
within the limits; a decompression bomb is refused before it is decoded.
"""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

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
