"""
Structured data for search engines and social networks.

JSON-LD blocks (``<script type="application/ld+json">``, data, not code, so a
strict Content-Security-Policy allows them) and the Open Graph image.
"""

import json
import re

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from authors.models import Credential

register = template.Library()

LOGO = ("img/logo.png", 512, 512)
# JSON inside <script> must not be able to close the element or open a comment.
_UNSAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_UNSAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _absolute(context, url):
    return context["request"].build_absolute_uri(url)


def _publisher(context):
    branding = context.get("branding")
    if branding is not None and branding.logo:
        logo = {"@type": "ImageObject", "url": _absolute(context, branding.logo.url)}
    else:
        path, width, height = LOGO
        logo = {
            "@type": "ImageObject",
            "url": _absolute(context, static(path)),
            "width": width,
            "height": height,
        }
    return {
        "@type": "Organization",
        "name": context["site"].name,
        "url": _absolute(context, "/"),
        "logo": logo,
    }


def article_images(context, article):
    """Absolute image URLs, never none: the hero's 16:9, 4:3 and 1:1 crops where they exist,
    else the story's share image (its card), else the site's."""
    if article.hero:
        return [_absolute(context, crop["url"]) for crop in article.hero.crops()]
    image = article.share_image(context["site"].name) or context.get("share_image")
    return [_absolute(context, image["url"])] if image else []


def news_article_data(context, article):
    """The ``NewsArticle`` as a dict, empty values left out (``LiveBlogPosting`` extends it)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.standfirst,
        "image": article_images(context, article),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": (article.last_modified() or article.modified_at).isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": byline.author.name,
                "url": _absolute(context, byline.author.get_absolute_url()),
                **({"jobTitle": byline.author.role} if byline.author.role else {}),
            }
            for byline in article.bylines.all()
        ],
        "publisher": _publisher(context),
        "mainEntityOfPage": {"@type": "WebPage", "@id": context["canonical_url"]},
        "articleSection": article.section.name,
        "keywords": [topic.name for topic in article.topics.all()],
        "wordCount": article.word_count,
        "inLanguage": "en-GB",
        "isAccessibleForFree": True,
    }
    return {key: value for key, value in data.items() if value not in (None, "", [])}


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    return json_ld(news_article_data(context, article))


def _languages(text):
    """ "Fluent in Polish, German and English" -> ["Polish", "German", "English"]."""
    text = re.sub(r"^.*?\b(in|speaks)\s+", "", text, count=1, flags=re.IGNORECASE)
    return [part.strip(" .") for part in re.split(r",|\band\b", text) if part.strip(" .")]


def _institution(text):
    """ "PhD in Atmospheric Physics, University of Oxford" -> "University of Oxford"."""
    return text.rsplit(",", 1)[-1].strip()


@register.simple_tag(takes_context=True)
def person_json_ld(context, author):
    credentials = list(author.credentials.all())
    languages = [
        language
        for credential in credentials
        if credential.kind == Credential.Kind.LANGUAGE
        for language in _languages(credential.text)
    ]
    schools = [
        {"@type": "EducationalOrganization", "name": _institution(credential.text)}
        for credential in credentials
        if credential.kind == Credential.Kind.EDUCATION
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.name,
        "url": _absolute(context, author.get_absolute_url()),
        "jobTitle": author.role,
        "description": author.short_bio,
        "image": _absolute(context, author.photo.url) if author.photo else None,
        "sameAs": [url for _, url in author.profile_links],
        "knowsLanguage": languages,
        "alumniOf": schools,
        "homeLocation": {"@type": "Place", "name": author.location} if author.location else None,
        "worksFor": {"@type": "Organization", "name": context["site"].name},
    }
    return json_ld({key: value for key, value in data.items() if value not in (None, "", [])})


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, *crumbs):
    """A BreadcrumbList from Home, then each (name, url) pair; the last url may be empty."""
    items = [(context["site"].name, "/")]
    for name, url in zip(crumbs[::2], crumbs[1::2], strict=True):
        items.append((str(name), url))
    elements = []
    for position, (name, url) in enumerate(items, start=1):
        element = {"@type": "ListItem", "position": position, "name": name}
        if url:
            element["item"] = _absolute(context, url)
        elements.append(element)
    return json_ld(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": elements}
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    from django.urls import reverse

    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": context["site"].name,
            "url": _absolute(context, "/"),
            "publisher": _publisher(context),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": _absolute(context, reverse("articles:search"))
                    + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )


@register.simple_tag(takes_context=True)
def social_image(context, article):
    """The Open Graph image: the hero's 16:9 crop (1200 px wide where the source allows),
    else the story's card; None leaves the site's share image."""
    image = article.share_image(context["site"].name)
    return {**image, "url": _absolute(context, image["url"])} if image else None


@register.simple_tag(takes_context=True)
def author_share_image(context, author):
    """The Open Graph image of an author page: the author's photo; None leaves the site's."""
    if not author.photo:
        return None
    return {"url": _absolute(context, author.photo.url), "alt": f"Photo of {author.name}"}
