"""The live section of a story's page and its ``LiveBlogPosting`` JSON-LD."""

from django import template
from django.conf import settings

from articles.templatetags.structured_data import json_ld, news_article_data

from ..coverage import coverage_page

register = template.Library()


def _coverage(context, article):
    """The page of coverage this request shows, built once for the section and the JSON-LD."""
    request = context["request"]
    pages = request.__dict__.setdefault("_live_coverage", {})
    if article.pk not in pages:
        pages[article.pk] = coverage_page(article, request.GET.get("page"))
    return pages[article.pk]


@register.inclusion_tag("live/coverage.html", takes_context=True)
def live_coverage(context, article):
    return {
        "article": article,
        "coverage": _coverage(context, article),
        "poll_seconds": settings.NEWSROOM_LIVE_POLL_SECONDS,
        "request": context["request"],
    }


@register.simple_tag(takes_context=True)
def live_blog_json_ld(context, article):
    coverage = _coverage(context, article)
    absolute = context["request"].build_absolute_uri
    updates = ([coverage.pinned] if coverage.pinned else []) + coverage.updates
    data = {
        **news_article_data(context, article),
        "@type": "LiveBlogPosting",
        "coverageStartTime": article.live_from.isoformat(),
        "coverageEndTime": article.live_until.isoformat() if article.live_until else None,
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": update.summary[:110],
                "datePublished": update.posted_at.isoformat(),
                "dateModified": update.modified_at.isoformat(),
                "articleBody": update.plain_text,
                "url": absolute(f"{coverage.page_url}#{update.anchor}"),
                "author": [
                    {
                        "@type": "Person",
                        "name": author.name,
                        "url": absolute(author.get_absolute_url()),
                    }  # fmt: skip
                    for author in update.authors.all()
                ],
            }
            for update in updates
        ],
    }
    return json_ld({key: value for key, value in data.items() if value not in (None, "", [])})
