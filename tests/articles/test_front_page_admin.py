"""Editors set the front page and the site's images in admin pages of their own."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.factories import ArticleFactory
from articles.models import Article, FrontPagePin
from newsroom.models import SiteSettings

pytestmark = pytest.mark.django_db

PINS = "/admin/articles/frontpagepin/"


def local(moment):
    moment = timezone.localtime(moment)
    return {
        "expires_at_0": moment.strftime("%Y-%m-%d"),
        "expires_at_1": moment.strftime("%H:%M:%S"),
    }


def test_an_editor_pins_a_lead_story_until_a_time_and_the_home_page_follows(editor_client, editor):
    older = ArticleFactory(
        title="The story we lead with", published_at=timezone.now() - timedelta(days=2)
    )
    ArticleFactory(title="Newer story")
    until = timezone.now() + timedelta(hours=6)
    response = editor_client.post(
        f"{PINS}add/", {"article": older.pk, "slot": "lead", "order": 0, **local(until)}
    )
    assert response.status_code == 302, response.content.decode()
    pin = FrontPagePin.objects.get()
    assert (pin.article, pin.slot, pin.created_by) == (older, "lead", editor)
    assert abs(pin.expires_at - until) < timedelta(seconds=1)
    home = editor_client.get("/").content.decode()
    assert re.search(r'id="lead-heading"><a href="[^"]+">The story we lead with<', home)
    listing = editor_client.get(PINS).content.decode()
    assert "The story we lead with" in listing and 'alt="True"' in listing


def test_a_draft_or_a_past_expiry_is_refused_with_a_reason(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    response = editor_client.post(f"{PINS}add/", {"article": draft.pk, "slot": "lead", "order": 0})
    assert response.status_code == 200
    assert "Only published or scheduled stories can be pinned." in response.content.decode()
    live = ArticleFactory()
    response = editor_client.post(
        f"{PINS}add/",
        {
            "article": live.pk,
            "slot": "featured",
            "order": 0,
            **local(timezone.now() - timedelta(hours=1)),
        },
    )
    assert response.status_code == 200
    assert "This time has passed; choose a later one." in response.content.decode()
    assert not FrontPagePin.objects.exists()


def test_writers_cannot_pin_stories(writer_client):
    assert writer_client.get(PINS).status_code == 403


def png(width, height):
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (179, 18, 31, 255)).save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_an_editor_uploads_the_logo_and_it_replaces_the_name_in_the_header(editor_client):
    listing = editor_client.get("/admin/newsroom/sitesettings/")
    assert listing.status_code == 302  # straight to the one page
    form = editor_client.get(listing["Location"])
    assert form.status_code == 200
    response = editor_client.post(
        listing["Location"], {"logo": png(900, 300), "share_image_alt": ""}
    )
    assert response.status_code == 302, response.content.decode()
    settings_row = SiteSettings.objects.get()
    assert settings_row.header_logo["height"] == 80
    ArticleFactory()
    home = editor_client.get("/").content.decode()
    assert '<img class="brand-logo" src="/media/renditions/' in home


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(editor_client):
    url = editor_client.get("/admin/newsroom/sitesettings/")["Location"]
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = editor_client.post(url, {"logo": fake, "share_image_alt": ""})
    assert response.status_code == 200
    assert (
        "not an image" in response.content.decode()
        or "Upload a valid image" in response.content.decode()
    )
    assert not SiteSettings.objects.get().logo
