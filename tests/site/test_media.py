"""Uploaded media are served by the application itself unless a proxy or object storage does."""

import io
from pathlib import Path

import pytest
from django.test import Client
from django.utils.http import http_date
from PIL import Image

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def write_image(root, name, fmt):
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (10, 20, 30)).save(buffer, fmt)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    ("name", "fmt", "content_type"),
    [
        ("uploads/photo.jpg", "JPEG", "image/jpeg"),
        ("uploads/photo.JPEG", "JPEG", "image/jpeg"),
        ("uploads/chart.png", "PNG", "image/png"),
        ("uploads/anim.gif", "GIF", "image/gif"),
        ("uploads/pic.webp", "WEBP", "image/webp"),
    ],
)
def test_uploaded_images_are_served_with_their_content_type_and_nosniff(
    client, media_root, name, fmt, content_type
):
    path = write_image(media_root, name, fmt)
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == path.read_bytes()
    assert response["Content-Length"] == str(path.stat().st_size)
    assert "sandbox" in response["Content-Security-Policy"]
    assert "Content-Encoding" not in response  # never gzipped again


def test_images_are_not_gzipped_for_clients_that_accept_gzip(client, media_root):
    write_image(media_root, "uploads/chart.png", "PNG")
    response = client.get("/media/uploads/chart.png", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_renditions_are_cached_for_a_year_and_other_uploads_for_a_day(client, media_root):
    write_image(media_root, "renditions/ab/abcdef/800w.webp", "WEBP")
    write_image(media_root, "authors/ann.jpg", "JPEG")
    rendition = client.get("/media/renditions/ab/abcdef/800w.webp")
    assert rendition["Cache-Control"] == "public, max-age=31536000, immutable"
    upload = client.get("/media/authors/ann.jpg")
    assert upload["Cache-Control"] == "public, max-age=86400"


def test_an_unchanged_file_answers_304_to_a_conditional_request(client, media_root):
    path = write_image(media_root, "authors/ann.jpg", "JPEG")
    response = client.get(
        "/media/authors/ann.jpg", HTTP_IF_MODIFIED_SINCE=http_date(path.stat().st_mtime)
    )
    assert response.status_code == 304
    assert response["Last-Modified"] == http_date(path.stat().st_mtime)


def test_head_sends_the_headers_without_the_file(client, media_root):
    path = write_image(media_root, "authors/ann.jpg", "JPEG")
    response = client.head("/media/authors/ann.jpg")
    assert response.status_code == 200
    assert response["Content-Length"] == str(path.stat().st_size)
    assert response.content == b""


def test_a_file_that_is_not_an_image_is_only_ever_a_download(client, media_root):
    (media_root / "uploads").mkdir()
    (media_root / "uploads" / "page.html").write_text("<script>alert(1)</script>")
    response = client.get("/media/uploads/page.html")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    ["/media/missing.jpg", "/media/uploads/", "/media/", "/media/../settings.py",
     "/media/uploads/%2e%2e/%2e%2e/etc/passwd", "/media//etc/passwd"],
)  # fmt: skip
def test_missing_files_directories_and_paths_outside_media_are_404(
    client, media_root, path, django_assert_num_queries
):
    (media_root / "uploads").mkdir()
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 404


def test_only_get_and_head_are_allowed(client, media_root):
    write_image(media_root, "authors/ann.jpg", "JPEG")
    assert client.post("/media/authors/ann.jpg").status_code == 405


def test_media_are_left_to_the_proxy_when_serving_is_off(settings, media_root):
    settings.NEWSROOM_SERVE_MEDIA = False
    write_image(media_root, "authors/ann.jpg", "JPEG")
    assert Client().get("/media/authors/ann.jpg").status_code == 404


def test_serving_is_on_by_default_and_off_with_object_storage():
    from tests.site.test_scaling import django_shell

    code = "from django.conf import settings; print(settings.NEWSROOM_SERVE_MEDIA)"
    assert django_shell(code) == "True"
    assert django_shell(code, DJANGO_SERVE_MEDIA="0") == "False"
    assert django_shell(code, AWS_STORAGE_BUCKET_NAME="newsroom-media") == "False"
