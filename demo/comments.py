"""Demo comments for the seed article: 20 approved (threads up to 3 levels) and 5 held."""

from datetime import timedelta

from django.utils import timezone

from comments.models import Comment, Moderation
from comments.services import comment_import

# (key, parent key, name, website, text); the first 20 are approved, the last 5 held.
COMMENTS = [
    (
        "a",
        None,
        "Margaret Ellis",
        "",
        "Conditional guarantees are better than none, but the conditions will decide everything.",
    ),
    (
        "b",
        "a",
        "Tom Becker",
        "https://example.org/tom",
        "Agreed. The question is who verifies that the conditions are met.",
    ),
    (
        "c",
        "b",
        "Margaret Ellis",
        "",
        "Presumably a joint commission, as in earlier agreements.\nThose did not always work.",
    ),
    (
        "d",
        None,
        "Ana Petrenko",
        "",
        "The change in the Russian delegation is the most interesting detail here.",
    ),
    (
        "e",
        "d",
        "James O'Neill",
        "",
        "A military intelligence chief leading talks is a signal in itself.",
    ),
    ("f", "e", "Ana Petrenko", "", "Yes: fewer history lectures, more bargaining."),
    ("g", "d", "Laura Chen", "", "It could also simply be a tactic to look flexible."),
    ("h", None, "Robert Hale", "", "Thank you for a clear summary without the usual spin."),
    (
        "i",
        None,
        "Sofia Marin",
        "",
        "What does this mean for the territorial questions? The article is careful there.",
    ),
    ("j", "i", "David Kim", "", "Nobody has published the draft, so careful is right."),
    ("k", "j", "Sofia Marin", "", "Fair point; I look forward to the follow-up."),
    (
        "l",
        None,
        "Peter Novak",
        "",
        "European governments seem to be watching rather than shaping this.",
    ),
    (
        "m",
        "l",
        "Helen Brooks",
        "",
        "They have their own talks next month, according to other reports.",
    ),
    (
        "n",
        None,
        "Chris Adeyemi",
        "",
        "Good to see the denials from the White House reported alongside the claims.",
    ),
    ("o", None, "Maria Gonzalez", "", "The optimism from Kyiv sounds cautious, which seems wise."),
    ("p", "o", "Oleh Bondar", "", "Cautious optimism is all anyone can afford right now."),
    (
        "q",
        None,
        "Nina Larsen",
        "",
        "A map of the areas under discussion would help readers follow this.",
    ),
    ("r", "q", "Sam Whitfield", "", "Seconded, a map would be very useful."),
    (
        "s",
        None,
        "Ibrahim Yusuf",
        "",
        "History suggests these guarantees are only as strong as the will behind them.",
    ),
    ("t", "s", "Claire Dubois", "", "And the will depends on elections in several countries."),
    ("u", None, "Mark Turner", "", "Held for moderation: a first comment from a new reader."),
    ("v", "a", "Eva Horvath", "", "Held for moderation: a reply waiting for a moderator."),
    ("w", None, "George Ward", "", "Held for moderation: another view on the guarantees."),
    ("x", "d", "Lena Fischer", "", "Held for moderation: a second reply to Ana."),
    ("y", None, "Paul Mercer", "", "Held for moderation: a question about sources."),
]
APPROVED = 20


def add_demo_comments(article):
    """Add the demo comments to ``article`` unless it already has comments; return how many."""
    if Comment.objects.for_article(article).exists():
        return 0
    created = {}
    start = (article.published_at or timezone.now()) + timedelta(minutes=20)
    for index, (key, parent, name, url, text) in enumerate(COMMENTS):
        approved = index < APPROVED
        submitted = start + timedelta(minutes=17 * index)
        slug = name.lower().replace(" ", ".").replace("'", "")
        created[key] = comment_import(
            article=article,
            state=Moderation.State.APPROVED if approved else Moderation.State.PENDING,
            parent=created[parent] if parent else None,
            moderation={
                "moderated_at": submitted + timedelta(hours=1) if approved else None,
                # Nobody needs an email about the demo's held comments.
                "moderators_notified_at": timezone.now(),
            },
            fields={
                "user_name": name,
                "user_email": f"{slug}@example.com",
                "user_url": url,
                "comment": text,
                "submit_date": submitted,
                "ip_address": "192.0.2.1",
            },
        )
    return len(created)
