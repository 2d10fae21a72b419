import json
import re
from datetime import timedelta

import pytest

from articles.factories import ArticleFactory
from authors.factories import AuthorFactory, CredentialFactory
from authors.models import Credential

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def meta(html):
    return dict(
        re.findall(
            r'<meta (?:property|name)="((?:og|article|twitter):[^"]+)" content="([^"]*)"', html
        )
    )


@pytest.fixture
def illustrated(db, jpeg_upload):
    author = AuthorFactory(name="Ann Reporter", slug="ann", role="Science Editor")
    article = ArticleFactory(
        title="Comet visible tonight",
        standfirst="Look north after dark.",
        section__name="Science",
        section__slug="science",
        authors=[author],
        body=[("", "<p>One two three four five.</p>")],
    )
    article.hero_alt = "A comet over hills"
    article.hero_image.save("comet.jpg", jpeg_upload(1600, 1000))
    article.updated_at = article.published_at + timedelta(hours=3)
    article.save()
    return article


def test_article_page_has_a_news_article_with_the_required_properties(client, illustrated):
    html = client.get(illustrated.get_absolute_url()).content.decode()
    data = json_ld(html)["NewsArticle"]
    canonical = "http://testserver" + illustrated.get_absolute_url()
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Comet visible tonight"
    assert data["datePublished"] == illustrated.published_at.isoformat()
    assert data["dateModified"] == illustrated.updated_at.isoformat()
    assert data["author"] == [
        {"@type": "Person", "name": "Ann Reporter", "url": "http://testserver/authors/ann/",
         "jobTitle": "Science Editor"}
    ]  # fmt: skip
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Newsroom"
    assert data["publisher"]["logo"]["url"] == "http://testserver/static/img/logo.png"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": canonical}
    assert data["articleSection"] == "Science"
    assert data["wordCount"] == 5
    assert [re.search(r"/(\w+)\.jpeg$", url).group(1) for url in data["image"]] == [
        "16x9",
        "4x3",
        "1x1",
    ]
    assert all(url.startswith("http://testserver/media/renditions/") for url in data["image"])


def test_article_page_has_breadcrumbs_home_section_article(client, illustrated):
    html = client.get(illustrated.get_absolute_url()).content.decode()
    crumbs = json_ld(html)["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Newsroom", "http://testserver/"),
        (2, "Science", "http://testserver/science/"),
        (3, "Comet visible tonight", "http://testserver" + illustrated.get_absolute_url()),
    ]


def test_article_page_has_open_graph_and_twitter_tags(client, illustrated):
    html = client.get(illustrated.get_absolute_url()).content.decode()
    tags = meta(html)
    assert tags["og:type"] == "article"
    assert tags["og:title"] == "Comet visible tonight"
    assert tags["og:description"] == "Look north after dark."
    assert tags["og:url"] == "http://testserver" + illustrated.get_absolute_url()
    assert tags["og:image"].endswith("/16x9.jpeg")
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "675")
    assert tags["og:image:alt"] == "A comet over hills"
    assert tags["article:published_time"] == illustrated.published_at.isoformat()
    assert tags["article:author"] == "http://testserver/authors/ann/"
    assert tags["article:section"] == "Science"
    assert tags["twitter:card"] == "summary_large_image"


def test_json_ld_cannot_break_out_of_its_script_element(client, db):
    article = ArticleFactory(title="</script><script>alert(1)</script>", slug="attack")
    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(html)["NewsArticle"]
    assert data["headline"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_author_page_has_a_person(client, db):
    author = AuthorFactory(name="Marta K", slug="marta", role="Business Correspondent",
                           short_bio="Writes about markets.", x_url="https://x.com/marta",
                           mastodon_url="https://mastodon.social/@marta")  # fmt: skip
    CredentialFactory(
        author=author, kind=Credential.Kind.LANGUAGE, text="Fluent in Polish, German and English"
    )
    CredentialFactory(
        author=author, kind=Credential.Kind.EDUCATION, text="MA in Economics, University of Warsaw"
    )
    author.photo.save("marta.jpg", _tiny_jpeg())
    html = client.get("/authors/marta/").content.decode()
    data = json_ld(html)
    person = data["Person"]
    assert person["name"] == "Marta K"
    assert person["jobTitle"] == "Business Correspondent"
    assert person["description"] == "Writes about markets."
    assert person["url"] == "http://testserver/authors/marta/"
    assert person["image"].startswith("http://testserver/media/authors/marta")
    assert person["sameAs"] == ["https://x.com/marta", "https://mastodon.social/@marta"]
    assert person["knowsLanguage"] == ["Polish", "German", "English"]
    assert person["alumniOf"] == [
        {"@type": "EducationalOrganization", "name": "University of Warsaw"}
    ]
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == ["Newsroom", "Marta K"]
    assert meta(html)["og:type"] == "profile"


def _tiny_jpeg():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def test_home_page_has_a_website_with_a_search_action(client, db):
    ArticleFactory()
    data = json_ld(client.get("/").content.decode())["WebSite"]
    assert data["url"] == "http://testserver/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize(
    "url", ["/", "/world/", "/topics/t/", "/authors/a/", "/search/?q=x", "/terms/"]
)
def test_every_page_has_a_canonical_link_and_open_graph_basics(client, db, url):
    from articles.models import Topic

    article = ArticleFactory(section__slug="world", authors=[AuthorFactory(slug="a")])
    article.topics.add(Topic.objects.create(name="T", slug="t"))
    html = client.get(url).content.decode()
    path = url.split("?")[0]
    assert f'<link rel="canonical" href="http://testserver{path}">' in html
    tags = meta(html)
    assert tags["og:url"] == f"http://testserver{path}"
    assert tags["og:site_name"] == "Newsroom"
    assert tags["og:title"]
    assert tags["og:image"].startswith("http://testserver/")
    assert tags["twitter:card"] == "summary_large_image"
