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
from pathlib import PurePath

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse, JsonResponse
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_protect

from newsroom.images import UploadRefused, check_image


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
