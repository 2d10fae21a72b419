"""RSS 2.0 and Atom feeds: the whole site, one section, one topic, one author."""

import copy

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from authors.models import Author

from .models import Article, Section, Topic

FEED_LENGTH = 30


class LatestArticlesFeed(Feed):
    """The newest published stories with summaries, authors, categories and hero image."""

    description_template = "feeds/article_description.html"

    def title(self, obj=None):
        return self._site.name if obj is None else f"{obj} | {self._site.name}"

    def description(self, obj=None):
        return f"The latest stories from {self._site.name}."

    def link(self, obj=None):
        return reverse("articles:home") if obj is None else obj.get_absolute_url()

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request (it is made in urls.py): per-request
        # state goes on a copy, so threaded servers cannot mix up requests.
        feed = copy.copy(self)
        feed._site = get_current_site(request)
        feed._secure = request.is_secure()
        return Feed.__call__(feed, request, *args, **kwargs)

    def _absolute(self, url):
        """Like the feed's own links: on the Site's domain."""
        return add_domain(self._site.domain, url, self._secure)

    def filter_articles(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        queryset = Article.objects.published().with_bylines().prefetch_related("topics")
        return self.filter_articles(queryset, obj)[:FEED_LENGTH]

    def item_title(self, item):
        return f"LIVE: {item.title}" if item.is_live else item.title

    def item_author_name(self, item):
        return ", ".join(byline.author.name for byline in item.bylines.all()) or None

    def item_author_link(self, item):
        bylines = item.bylines.all()
        return self._absolute(bylines[0].author.get_absolute_url()) if bylines else None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_modified()

    def item_categories(self, item):
        live = ["Live"] if item.is_live else []
        return [item.section.name, *(topic.name for topic in item.topics.all()), *live]

    def _enclosure(self, item):
        return item.hero.best("jpeg", 1200) if item.hero else None

    def item_enclosure_url(self, item):
        enclosure = self._enclosure(item)
        return self._absolute(item.hero.url(enclosure["name"])) if enclosure else None

    def item_enclosure_length(self, item):
        enclosure = self._enclosure(item)
        return enclosure["size"] if enclosure else None

    def item_enclosure_mime_type(self, item):
        return "image/jpeg" if self._enclosure(item) else None


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def filter_articles(self, queryset, obj):
        return queryset.filter(section=obj)


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class TopicFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def filter_articles(self, queryset, obj):
        return queryset.filter(topics=obj)


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class AuthorFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def filter_articles(self, queryset, obj):
        return queryset.filter(bylines__author=obj)


class AuthorAtomFeed(AuthorFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
