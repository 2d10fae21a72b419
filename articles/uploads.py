"""
Image uploads from CKEditor, made safe.

django-ckeditor's upload view trusts the file name, accepts any size and marks
itself ``csrf_exempt``. The view here wraps it: staff only, a valid CSRF token
(the admin's editor script sends it), Pillow must recognise the file as an image
whose size and pixel count are within limits (a decompression bomb is refused
before it is decoded), and the stored name is a fresh random one.
"""

import json
import secrets
import warnings
from pathlib import PurePath

from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_protect
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


def safe_upload_name(filename, request=None):
    """A readable, unguessable name: the slugified original stem plus random characters."""
    stem = slugify(PurePath(filename).stem)[:40] or "image"
    return f"{stem}-{secrets.token_hex(4)}{PurePath(filename).suffix.lower()}"


def refusal(request, message):
    func_num = request.GET.get("CKEditorFuncNum")
    if func_num:
        # The classic upload dialog posts from an iframe and expects this callback.
        return HttpResponse(
            "<script>window.parent.CKEDITOR.tools.callFunction("
            f"{int(func_num) if func_num.isdigit() else 0}, '', {_js_string(message)});</script>",
            status=400,
        )
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)


def _js_string(text):
    return json.dumps(text).replace("<", "\\u003c")


@staff_member_required
@csrf_protect
def upload(request):
    if request.method != "POST":
        return JsonResponse({"uploaded": 0, "error": {"message": "Use POST."}}, status=405)
    uploaded_file = request.FILES.get("upload")
    if uploaded_file is None:
        return refusal(request, "Choose an image to upload.")
    try:
        extension = check_image(uploaded_file)
    except UploadRefused as error:
        return refusal(request, str(error))
    uploaded_file.name = f"{PurePath(uploaded_file.name).stem}{extension}"
    return ckeditor_views.ImageUploadView.as_view()(request)


browse = staff_member_required(csrf_protect(ckeditor_views.browse))
