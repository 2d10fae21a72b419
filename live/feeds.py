"""An Atom feed of one live story's updates, newest first."""

import copy

from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .coverage import covered_story
from .models import LiveUpdate

FEED_LENGTH = 30


class LiveUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        feed = copy.copy(self)
        feed._site = get_current_site(request)
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, article_id):
        return covered_story(article_id)

    def title(self, article):
        return f"Live: {article.title} | {self._site.name}"

    def subtitle(self, article):
        return article.standfirst or f"Live updates: {article.title}"

    def link(self, article):
        return article.get_absolute_url()

    def feed_url(self, article):
        return reverse("live:feed", kwargs={"article_id": article.pk})

    def items(self, article):
        return (
            LiveUpdate.objects.filter(article=article)
            .newest_first()
            .prefetch_related("authors")[:FEED_LENGTH]
        )

    def item_title(self, update):
        return update.summary

    def item_description(self, update):
        return update.body

    def item_link(self, update):
        return update.get_absolute_url()

    def item_guid(self, update):
        return f"tag:{self._site.domain},live-update:{update.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, update):
        return ", ".join(author.name for author in update.authors.all()) or None

    def item_pubdate(self, update):
        return update.posted_at

    def item_updateddate(self, update):
        return update.modified_at
