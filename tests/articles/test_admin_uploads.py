import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor/upload/"


def png(size=(40, 30), name="Holiday Photo (1).PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def csrf_client(editor):
    """A client that enforces CSRF, as a browser session does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def csrf_token(client):
    page = client.get("/admin/articles/article/add/")
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]


def test_editor_uploads_an_image_with_the_csrf_token_and_gets_a_safe_name(csrf_client):
    token = csrf_token(csrf_client)
    response = csrf_client.post(
        UPLOAD_URL + "?CKEditorFuncNum=3", {"upload": png(), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200
    url = re.search(r"callFunction\(3, '([^']+)'\)", response.content.decode())[1]
    assert re.fullmatch(r"/media/uploads/\d{4}/\d{2}/\d{2}/holiday-photo-1-[0-9a-f]{8}\.png", url)
    assert (Path(settings.MEDIA_ROOT) / url.removeprefix("/media/")).exists()


def test_xhr_upload_with_the_token_in_a_header_answers_json(csrf_client):
    token = csrf_token(csrf_client)
    response = csrf_client.post(UPLOAD_URL, {"upload": png()}, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.json()["uploaded"] == "1"


def test_upload_without_csrf_token_is_refused(csrf_client):
    response = csrf_client.post(UPLOAD_URL, {"upload": png()})
    assert response.status_code == 403


def test_anonymous_upload_is_refused(client):
    response = client.post(UPLOAD_URL, {"upload": png()})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", b"just text"), "not an image"),
        (SimpleUploadedFile("evil.png", b"<script>alert(1)</script>"), "not an image"),
        (SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "not an image"),
    ],
)
def test_non_images_are_refused_with_a_clear_error(editor_client, upload, message):
    response = editor_client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_oversized_file_is_refused(editor_client, settings):
    settings.CKEDITOR_UPLOAD_MAX_BYTES = 100
    response = editor_client.post(UPLOAD_URL, {"upload": png()})
    assert response.status_code == 400
    assert "may be at most" in response.json()["error"]["message"]


def test_image_with_too_many_pixels_is_refused(editor_client, settings):
    settings.CKEDITOR_UPLOAD_MAX_PIXELS = 1000
    response = editor_client.post(UPLOAD_URL, {"upload": png(size=(50, 50))})
    assert response.status_code == 400
    assert "50×50 pixels" in response.json()["error"]["message"]


def test_decompression_bomb_is_refused_before_decoding(editor_client):
    # A tiny PNG whose header claims 30000×30000 pixels (900 million): Pillow's own
    # bomb check fires on open, before any pixel is decoded.
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 200_000
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")
    response = editor_client.post(UPLOAD_URL, {"upload": bomb})
    assert response.status_code == 400
    assert "too large to open safely" in response.json()["error"]["message"]


def test_refusal_in_the_upload_dialog_reports_through_the_ckeditor_callback(editor_client):
    response = editor_client.post(
        UPLOAD_URL + "?CKEditorFuncNum=7", {"upload": SimpleUploadedFile("a.txt", b"x")}
    )
    assert response.status_code == 400
    assert "callFunction(7, ''," in response.content.decode()
