"""
What the home page shows, and in which order: each story once.

The lead is the lead pin's story, else the newest; then the featured stories (pinned ones
first, in the editors' order, then the newest not shown yet); then each section's newest
stories not shown above; then every other story, newest first, a page at a time.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from .models import Article, Byline, FrontPagePin

FEATURED = 4
PER_SECTION = 3


@dataclass
class FrontPage:
    lead: Article | None = None
    featured: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # (section, [articles]) in section order

    def stories(self):
        lead = [self.lead] if self.lead else []
        return [*lead, *self.featured, *(a for _, articles in self.sections for a in articles)]

    def shown_ids(self):
        return [article.pk for article in self.stories()]


def front_page(featured=FEATURED, per_section=PER_SECTION):
    """The top of the home page, in three queries: live pins, newest stories, sections."""
    published = Article.objects.published()
    pins = list(
        FrontPagePin.objects.active()
        .filter(article__in=published)
        .select_related("article__section")
    )
    lead_pins = [pin.article for pin in pins if pin.slot == FrontPagePin.Slot.LEAD]
    featured_pins = [pin.article for pin in pins if pin.slot == FrontPagePin.Slot.FEATURED]
    newest = list(published.select_related("section")[: 1 + featured + len(featured_pins)])

    page = FrontPage()
    pinned_ids = {article.pk for article in featured_pins}
    page.lead = (lead_pins or [a for a in newest if a.pk not in pinned_ids] or [None])[0]
    taken = {page.lead.pk} if page.lead else set()
    for article in [*featured_pins, *newest]:
        if len(page.featured) < featured and article.pk not in taken:
            page.featured.append(article)
            taken.add(article.pk)
    by_section = {}
    for article in (
        published.exclude(pk__in=taken)
        .latest_per_section(per_section, skipping=len(taken))
        .select_related("section")
    ):
        by_section.setdefault(article.section, []).append(article)
    page.sections = sorted(by_section.items(), key=lambda item: (item[0].order, item[0].name))
    return page


def prefetch_bylines(articles):
    """Bylines with their authors for every story on a page, in one query."""
    prefetch_related_objects(
        list(articles), Prefetch("bylines", queryset=Byline.objects.select_related("author"))
    )
