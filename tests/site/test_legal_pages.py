import pytest
from django.contrib.flatpages.models import FlatPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "title", "text"),
    [
        ("/terms/", "Terms of Service", "Every comment is reviewed by a moderator"),
        ("/privacy/", "Privacy Policy", "Your email address is never"),
    ],
)
def test_legal_pages_exist_after_migrate_and_use_the_site_design(client, url, title, text):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    assert text in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


def test_editors_changes_to_a_legal_page_are_shown(client):
    page = FlatPage.objects.get(url="/terms/")
    page.content = "<p>New terms, effective today.</p>"
    page.save()
    assert "New terms, effective today." in client.get("/terms/").content.decode()
