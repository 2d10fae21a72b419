"""Browsers, feed readers and home screens find the site's icons and manifest."""

import io
import json

import pytest
from django.contrib.sites.models import Site
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])


def test_the_manifest_names_the_site_and_lists_icons_that_exist(client):
    from django.contrib.staticfiles import finders

    Site.objects.filter(pk=1).update(name="The Evening Desk")
    Site.objects.clear_cache()
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "The Evening Desk"
    for icon in manifest["icons"]:
        with Image.open(finders.find(icon["src"].removeprefix("/static/"))) as image:
            assert "x".join(map(str, image.size)) == icon["sizes"]
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}


def test_every_page_links_the_icons_manifest_feeds_and_theme_colours(client, db):
    from articles.factories import ArticleFactory

    ArticleFactory()
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Newsroom (Atom)" href="/feed/atom/">'
        in html
    )
    assert 'name="theme-color" content="#fffdf9" media="(prefers-color-scheme: light)"' in html
    assert 'name="theme-color" content="#121110" media="(prefers-color-scheme: dark)"' in html
