from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_author_photos_get_the_upload_limits_too(editor_client, settings):
    """Limits Django's ImageField does not know: pixel count and file size."""
    author = AuthorFactory()
    huge = BytesIO()
    Image.new("1", (9000, 5000)).save(huge, "PNG")  # 45 million pixels, no bomb for Pillow
    small = BytesIO()
    Image.new("RGB", (64, 64), "red").save(small, "PNG")
    settings.CKEDITOR_UPLOAD_MAX_PIXELS = 40_000_000

    def post(data):
        return editor_client.post(
            f"/admin/authors/author/{author.pk}/change/",
            {"name": author.name, "slug": author.slug, "photo": data,
             "credentials-TOTAL_FORMS": "0", "credentials-INITIAL_FORMS": "0"},
        )  # fmt: skip

    refused = post(SimpleUploadedFile("huge.png", huge.getvalue(), "image/png"))
    assert "more than the 40,000,000 allowed" in refused.content.decode()
    settings.CKEDITOR_UPLOAD_MAX_BYTES = 100
    refused = post(SimpleUploadedFile("small.png", small.getvalue(), "image/png"))
    assert "images may be at most" in refused.content.decode()
    author.refresh_from_db()
    assert not author.photo

    settings.CKEDITOR_UPLOAD_MAX_BYTES = 10_000_000
    assert post(SimpleUploadedFile("small.png", small.getvalue(), "image/png")).status_code == 302
    author.refresh_from_db()
    assert author.photo
