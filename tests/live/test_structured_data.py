import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

pytestmark = pytest.mark.django_db


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return {data["@type"]: data for data in map(json.loads, blocks)}


def test_a_live_story_is_a_live_blog_posting_with_its_updates(client, story, post_update):
    pinned = post_update(minutes_ago=20, headline="What is on the table", is_pinned=True)
    update = post_update(body="<p>Sirens <strong>sounded</strong> in the east.</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert "NewsArticle" not in data
    blog = data["LiveBlogPosting"]
    assert blog["headline"] == "Talks in Geneva"
    assert blog["coverageStartTime"] == story.live_from.isoformat()
    assert "coverageEndTime" not in blog
    assert blog["publisher"]["@type"] == "Organization"  # the NewsArticle's properties stay
    page = f"http://testserver{story.get_absolute_url()}"
    assert blog["liveBlogUpdate"] == [
        {
            "@type": "BlogPosting",
            "headline": "What is on the table",
            "datePublished": pinned.posted_at.isoformat(),
            "dateModified": pinned.modified_at.isoformat(),
            "articleBody": pinned.plain_text,
            "url": f"{page}#update-{pinned.pk}",
            "author": [{"@type": "Person", "name": "Wendy Writer",
                        "url": "http://testserver" + pinned.authors.get().get_absolute_url()}],
        },
        {
            "@type": "BlogPosting",
            "headline": "Sirens sounded in the east.",
            "datePublished": update.posted_at.isoformat(),
            "dateModified": update.modified_at.isoformat(),
            "articleBody": "Sirens sounded in the east.",
            "url": f"{page}#update-{update.pk}",
            "author": [{"@type": "Person", "name": "Wendy Writer",
                        "url": "http://testserver" + update.authors.get().get_absolute_url()}],
        },
    ]  # fmt: skip


def test_ended_coverage_carries_its_end_time(client, story):
    ended = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=story.pk).update(live_until=ended)
    story.refresh_from_db()
    blog = json_ld(client.get(story.get_absolute_url()).content.decode())["LiveBlogPosting"]
    assert blog["coverageEndTime"] == story.live_until.isoformat()
    assert "liveBlogUpdate" not in blog  # no updates: the empty list is left out


def test_an_article_without_coverage_stays_a_news_article(client, article):
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert "NewsArticle" in data and "LiveBlogPosting" not in data


def test_a_page_of_older_updates_gives_its_own_urls(client, story, post_update):
    for minutes in range(51):
        post_update(minutes_ago=minutes)
    html = client.get(story.get_absolute_url() + "?page=2").content.decode()
    (entry,) = json_ld(html)["LiveBlogPosting"]["liveBlogUpdate"]
    assert entry["url"].endswith(
        f"{story.get_absolute_url()}?page=2#update-{entry['url'].split('-')[-1]}"
    )
