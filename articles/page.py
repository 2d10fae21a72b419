"""
The article and home pages in parts, each kept rendered until what it shows changes
(newsroom/caching/fragments.py). The article page: its <head>, the story (body, byline,
topics, author boxes) and the links to more stories (pager and related); the comments app
adds the thread the same way, through ``{% article_comments %}``. The home page: its <head>
and its stories.

A part names the tags whose bump means it changed, as the invalidation map bumps them: a
story's save bumps its sections, topics and the listings, so a list names those rather
than each story in it. Each part loads what it needs only when it is rendered, so a page
whose parts are all stored costs the article's own query.
"""

from functools import cached_property

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from newsroom.caching.fragments import (
    Fragment,
    Rendered,
    render_block,
    render_fragments,
    rendered_html,
)
from newsroom.context_processors import site

from .models import Article, Byline, next_timed_change

HEAD_TEMPLATE = "articles/parts/article_head.html"
STORY_TEMPLATE = "articles/parts/article_story.html"
MORE_TEMPLATE = "articles/parts/article_more.html"
HOME_HEAD_TEMPLATE = "articles/parts/home_head.html"
HOME_FRONT_TEMPLATE = "articles/parts/home_front.html"


class ArticlePage:
    def __init__(self, request, article):
        self.request = request
        self.article = article
        self.origin = f"{request.scheme}://{request.get_host()}"
        #: The tags of what the parts show (its authors, topics...), for the page to carry.
        self.shown_tags = set()

    def parts(self):
        """{"head", "story", "more"}: the parts' markup, stored ones reused."""
        article = self.article
        shows = (f"article:{article.pk}", f"section:{article.section_id}")
        fragments = [
            Fragment("article-head", (article.pk, self.origin), (*shows, "site"), self.head),
            Fragment("article-story", (article.pk, self.origin), shows, self.story),
            Fragment("article-more", (article.pk,), shows, self.more),
        ]
        if article.is_published() and not article.has_live_coverage:
            html = render_fragments(fragments, self.shown_tags)
        else:
            # A staff preview, or a story covered live (its page shows the page of updates
            # asked for, and its label follows the clock): rendered each time, never stored.
            # The page cache still keeps it whole for readers, until its next update.
            html = [rendered_html(fragment, self.shown_tags) for fragment in fragments]
        names = [fragment.name.removeprefix("article-") for fragment in fragments]
        return {name: mark_safe(part) for name, part in zip(names, html, strict=True)}

    @cached_property
    def context(self):
        canonical_url = self.origin + self.article.get_absolute_url()
        return {
            **site(self.request),
            "request": self.request,
            "article": self.article,
            "canonical_url": canonical_url,
        }

    @cached_property
    def story_tags(self):
        """Loads what the head and the story show (four queries, once for both) and names
        it: their authors and topics."""
        article = self.article
        lookups = [
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "bylines__author__credentials",
            "sections",
            "topics",
        ]
        if article.has_notes:
            lookups.append("notes")
        prefetch_related_objects([article], *lookups)
        return [
            *(f"author:{byline.author_id}" for byline in article.bylines.all()),
            *(f"topic:{topic.pk}" for topic in article.topics.all()),
        ]

    def head(self):
        tags = self.story_tags
        return Rendered(render_block(HEAD_TEMPLATE, "head", self.context), tags=tags)

    def story(self):
        tags = self.story_tags
        return Rendered(render_to_string(STORY_TEMPLATE, self.context), tags=tags)

    def more(self):
        article = self.article
        prefetch_related_objects([article], "topics")  # no query when the story loaded them
        topic_ids = [topic.pk for topic in article.topics.all()]
        nearby = Article.objects.filter(Q(topics__in=topic_ids) | Q(section_id=article.section_id))
        older, newer, changes_at = article.neighbours(watching=nearby)
        # The older and newer stories are linked just above: never list them twice.
        related = list(
            Article.objects.published()
            .select_related("section")
            .related_to(article, exclude=(older, newer))
        )
        html = render_to_string(
            MORE_TEMPLATE,
            {**self.context, "older_article": older, "newer_article": newer,
             "related_articles": related},
        )  # fmt: skip
        # The stories listed come from its section or share its topics: any change to one
        # of them that readers see bumps that section or topic (the invalidation map).
        return Rendered(html, tags=[f"topic:{pk}" for pk in topic_ids], until=changes_at)


class HomePage:
    """The home page's head and stories. ``listing`` gives the stories' context (the lead,
    featured, sections, the page of the river): called only when a part is rendered."""

    def __init__(self, request, listing, *, page_number):
        self.request = request
        self.listing = listing
        self.page_number = page_number

    def parts(self):
        origin = f"{self.request.scheme}://{self.request.get_host()}"
        fragments = [
            Fragment("home-head", (origin,), ("home", "site"), self.head),
            Fragment("home-front", (), ("home", "site"), self.front),
        ]
        if self.page_number == 1:
            html = render_fragments(fragments)
        else:  # later pages are rarely read: rendered each time, not stored
            html = [fragment.render().html for fragment in fragments]
        return dict(zip(("head", "front"), map(mark_safe, html), strict=True))

    @cached_property
    def context(self):
        return {**site(self.request), "request": self.request, **self.listing()}

    @cached_property
    def changes_at(self):
        """When the home page changes by itself (articles.models.next_timed_change): a story due
        to go live, a pin running out, live coverage opening or closing. Every other change
        to what it lists bumps ``home`` (the invalidation map)."""
        return next_timed_change()

    def head(self):
        html = render_block(HOME_HEAD_TEMPLATE, "head", self.context)
        return Rendered(html, until=lambda: self.changes_at)

    def front(self):
        html = render_to_string(HOME_FRONT_TEMPLATE, self.context)
        return Rendered(html, until=lambda: self.changes_at)
