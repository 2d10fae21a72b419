"""The demo's live story: talks in Geneva covered as they happen, with updates."""

from datetime import timedelta

from articles.factories import ArticleFactory
from articles.models import Article
from live.services import live_update_post

LIVE_STORY = {
    "title": "Peace talks in Geneva: live updates",
    "slug": "peace-talks-in-geneva-live-updates",
    "standfirst": "Delegations meet for a second day as Washington's offer of security "
    "guarantees is discussed behind closed doors. Follow the day as it happens.",
    "summary": "<p>Negotiators from Kyiv and Moscow are meeting in Geneva under Swiss and "
    "Turkish mediation. The talks follow Washington's signal that it could offer Ukraine "
    "conditional security guarantees. Our correspondents are at the venue and in Kyiv.</p>",
}
# (minutes after coverage opened, headline, body, key event, pinned)
UPDATES = [
    (5, "Delegations arrive at the Palais des Nations", "<p>Both delegations arrived before 8am "
     "local time. Journalists were kept behind barriers at the main gate.</p>", False, False),
    (18, "", "<p>Swiss officials say the morning session will run until noon, with a "
     "working lunch for the heads of delegation only.</p>", False, False),
    (31, "Talks open with a minute's silence", "<p>The session opened with a minute's "
     "silence for civilian victims, at the mediators' request.</p>", True, False),
    (46, "", "<p>Our correspondent in Kyiv says air-raid sirens sounded across the east of "
     "the country shortly after the talks began.</p>", False, False),
    (58, "What is on the table", "<p>Three working groups are expected: prisoner exchanges, "
     "a ceasefire line, and the security guarantees Washington has floated.</p>", False, True),
    (71, "", "<p>A Turkish diplomat told reporters the atmosphere was “businesslike, not "
     "warm”.</p>", False, False),
    (89, "Prisoner exchange agreed in principle", "<p>Both sides agreed in principle to "
     "exchange 200 prisoners each, according to the Swiss foreign ministry. Details are to "
     "be settled by the working group.</p>", True, False),
    (104, "", "<p>Markets in Europe edged higher on the news of the prisoner exchange; the "
     "euro rose against the dollar.</p>", False, False),
    (117, "Lunch break", "<p>The heads of delegation have gone into their working lunch. "
     "The afternoon session is due at 2pm.</p>", False, False),
    (133, "", "<p>A spokesperson for the US State Department said Washington was "
     "“following the talks closely” and repeated that any guarantee would be conditional.</p>",
     False, False),
]  # fmt: skip


def create_live_story(section, authors, published_at):
    """The live story and its updates, unless it exists; True when it was created."""
    if Article.objects.filter(slug=LIVE_STORY["slug"]).exists():
        return False
    story = ArticleFactory(
        title=LIVE_STORY["title"],
        slug=LIVE_STORY["slug"],
        standfirst=LIVE_STORY["standfirst"],
        section=section,
        published_at=published_at,
        live_from=published_at,
        authors=authors,
        body=[("", LIVE_STORY["summary"])],
    )
    for minutes, headline, body, key_event, pinned in UPDATES:
        live_update_post(
            article=story,
            by=None,
            headline=headline,
            body=body,
            authors=authors[minutes % len(authors) : minutes % len(authors) + 1],
            key_event=key_event,
            pinned=pinned,
            posted_at=published_at + timedelta(minutes=minutes),
        )
    return True
