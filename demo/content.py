"""
Deterministic demo content: the seed article, its author, more authors and stories.

``manage.py load_demo`` calls ``load_demo()``. It is idempotent: anything that
already exists (matched by slug) is left as it is, so editors' changes survive.
"""

import io
import random
import secrets
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from PIL import Image, ImageDraw

from articles.factories import ArticleFactory, SectionFactory
from articles.models import Article, Topic
from authors.models import Author, Credential
from newsroom.db import refresh_planner_statistics

from .comments import add_demo_comments
from .live import create_live_story
from .seed import SEED_ARTICLE, SEED_AUTHOR

SITE_NAME = "The Update Desk"
SEED_PUBLISHED_AT = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)

SECTIONS = [
    ("World", "world"),
    ("Politics", "politics"),
    ("Business", "business"),
    ("Science", "science"),
    ("Culture", "culture"),
]

AUTHORS = [
    {
        "name": "Daniel Okafor",
        "role": "Political Editor",
        "location": "London",
        "short_bio": "Daniel Okafor leads our coverage of Westminster and European politics.",
        "credentials": [
            ("base", "Based in London"),
            ("experience", "Twelve years covering Parliament"),
            ("education", "BA in Politics, University of Leeds"),
        ],
    },
    {
        "name": "Marta Kowalska",
        "role": "Business Correspondent",
        "location": "Frankfurt",
        "short_bio": "Marta Kowalska writes about markets, central banks and the energy transition.",
        "credentials": [
            ("base", "Based in Frankfurt"),
            ("language", "Fluent in Polish, German and English"),
            ("award", "European Business Journalist of the Year, 2024"),
        ],
    },
    {
        "name": "Priya Raman",
        "role": "Science Editor",
        "location": "Bristol",
        "short_bio": "Priya Raman covers climate, health and space science.",
        "credentials": [
            ("base", "Based in Bristol"),
            ("education", "PhD in Atmospheric Physics, University of Oxford"),
        ],
    },
    {
        "name": "Tomás Alvarez",
        "role": "Culture Writer",
        "location": "Madrid",
        "short_bio": "Tomás Alvarez reviews books, film and music, and reports on the arts.",
        "credentials": [
            ("base", "Based in Madrid"),
            ("language", "Fluent in Spanish, Portuguese and English"),
        ],
    },
]

HEADLINES = {
    "world": [
        "Aid Convoys Reach Flooded Villages After Week-Long Delay",
        "Coastal Nations Agree Shared Fisheries Patrols",
        "Election Observers Report Calm Vote in Mountain Republic",
        "Border Crossing Reopens as Talks Ease Tensions",
        "Drought Forces Rationing Across Three Provinces",
        "Regional Leaders Sign Pact on River Water Sharing",
        "Ceasefire Holds for Third Day Amid Cautious Optimism",
    ],
    "politics": [
        "Ministers Unveil Plan to Cut Hospital Waiting Lists",
        "Opposition Demands Inquiry Into Procurement Contracts",
        "Parliament Votes to Lower Voting Age in Local Elections",
        "New Housing Bill Faces Resistance From Backbenchers",
        "Budget Watchdog Warns of Widening Fiscal Gap",
        "Councils Call for Fairer Funding Formula",
        "Cross-Party Group Backs Reform of Lobbying Rules",
    ],
    "business": [
        "Central Bank Holds Rates Steady as Inflation Cools",
        "Battery Maker Opens Gigafactory in Former Coal Town",
        "Shipping Costs Fall as Port Congestion Eases",
        "Small Businesses Report Rise in Late Payments",
        "Retail Sales Beat Forecasts in Holiday Quarter",
        "Energy Firms Pledge Billions for Offshore Wind",
    ],
    "science": [
        "Telescope Captures Sharpest Image Yet of Distant Galaxy",
        "New Antibiotic Class Shows Promise in Early Trials",
        "Glacier Retreat Accelerates, Satellite Survey Finds",
        "Researchers Map the Brain of a Fruit Fly in Full",
        "Ocean Heat Reaches Record for Fifth Straight Year",
        "Gene Therapy Restores Partial Sight in Trial Patients",
    ],
    "culture": [
        "Film Festival Opens With Debut From First-Time Director",
        "Library Digitises Centuries-Old Maritime Archive",
        "Orchestra Tours Small Towns to Rebuild Audiences",
        "Novelist Wins Prize for Story of Migrant Family",
        "Museum Returns Looted Bronzes to Their Home City",
    ],
}

# Each story gets its section's topic; the seed article has its own.
SECTION_TOPICS = {
    "world": "Diplomacy",
    "politics": "Elections",
    "business": "Energy",
    "science": "Climate",
    "culture": "Arts",
}
SEED_TOPICS = ["Ukraine", "Diplomacy", "United States"]

SUBHEADINGS = ["What Happened", "The Background", "What People Are Saying", "What Comes Next"]

SENTENCES = [
    "Officials said the decision followed months of consultation with local communities.",
    "The figures, published on Tuesday, were higher than most analysts had expected.",
    "Critics argue that the plan does too little to address the underlying causes.",
    "Supporters say the change will make the system simpler and fairer for everyone.",
    "Residents described long queues and uncertainty about what would happen next.",
    "Independent experts cautioned that the data covers only the first six months.",
    "A spokesperson declined to comment on the details while talks continue.",
    "The proposal will be debated again before a final vote early next year.",
    "Similar measures elsewhere have produced mixed results, according to researchers.",
    "Business groups welcomed the announcement but asked for more clarity on timing.",
    "The report recommends a review of the rules within two years.",
    "Campaigners said they would keep up the pressure until promises were kept.",
    "Local reporters were among the first to notice the change in direction.",
    "The cost of the programme has been estimated at several hundred million.",
    "Several witnesses gave evidence to the committee over three days of hearings.",
    "Opinion polls suggest the public remains divided on the issue.",
]

COLOURS = [(164, 22, 26), (11, 79, 156), (33, 110, 57), (120, 72, 150), (176, 104, 20)]


def placeholder_image(seed, size, label=""):
    """A deterministic abstract JPEG, so the demo has real images without downloads."""
    rng = random.Random(seed)
    width, height = size
    base = COLOURS[rng.randrange(len(COLOURS))]
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        shade = tuple(min(255, c + rng.randrange(20, 90)) for c in base)
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(height // 6, height // 2)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=shade)
    if label:
        draw.text((width // 2, height // 2), label, fill=(255, 255, 255), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue())


def paragraphs(rng, count):
    return "".join(
        "<p>{}</p>".format(escape(" ".join(rng.sample(SENTENCES, 5)))) for _ in range(count)
    )


def create_author(data):
    author, created = Author.objects.get_or_create(
        slug=data.get("slug") or slugify(data["name"]),
        defaults={k: data[k] for k in ("name", "role", "location", "short_bio")},
    )
    if created:
        initials = "".join(part[0] for part in author.name.split())
        author.photo.save(
            f"{author.slug}.jpg", placeholder_image(author.slug, (320, 320), initials)
        )
        for order, (kind, text) in enumerate(data["credentials"]):
            Credential.objects.create(author=author, kind=kind, text=text, order=order)
    return author


def topic(name):
    return Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]


def create_seed_article(sections, author):
    if Article.objects.filter(slug=SEED_ARTICLE["slug"]).exists():
        return False
    article = ArticleFactory(
        title=SEED_ARTICLE["title"],
        slug=SEED_ARTICLE["slug"],
        section=sections[SEED_ARTICLE["section"]],
        published_at=SEED_PUBLISHED_AT,
        authors=[author],
        body=[
            (heading, "".join(f"<p>{escape(text)}</p>" for text in texts))
            for heading, texts in SEED_ARTICLE["sections"]
        ],
    )
    article.topics.set([topic(name) for name in SEED_TOPICS])
    return True


def create_stories(sections, authors):
    """Stories across the sections, one every five hours before the seed article.

    ``authors`` maps a section slug to the author who writes its stories.
    """
    created = 0
    stories = [(slug, title) for slug, titles in HEADLINES.items() for title in titles]
    for index, (section_slug, title) in enumerate(stories):
        slug = slugify(title)
        if Article.objects.filter(slug=slug).exists():
            continue
        rng = random.Random(slug)
        article = ArticleFactory(
            title=title,
            slug=slug,
            standfirst=" ".join(rng.sample(SENTENCES, 2)),
            section=sections[section_slug],
            published_at=SEED_PUBLISHED_AT - timedelta(hours=5 * (index + 1)),
            hero_alt=f"Abstract illustration for “{title}”",
            hero_credit="Illustration: Newsroom demo",
            authors=[authors[section_slug]],
            body=[("", paragraphs(rng, 2))]
            + [(heading, paragraphs(rng, rng.randint(1, 3))) for heading in SUBHEADINGS[:3]],
        )
        article.hero_image.save(f"{slug}.jpg", placeholder_image(slug, (1200, 675)), save=False)
        # Stored dimensions let list pages render the image without opening the file.
        article.hero_width, article.hero_height = 1200, 675
        article.save()
        article.topics.add(topic(SECTION_TOPICS[section_slug]))
        created += 1
    return created


def ensure_admin(password_file):
    """An 'admin' superuser with a generated password, kept in ``password_file``."""
    User = get_user_model()
    if User.objects.filter(username="admin").exists() and password_file.exists():
        return password_file.read_text().strip(), False
    password = secrets.token_urlsafe(16)
    user, _ = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    user.set_password(password)
    user.save()
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    return password, True


@transaction.atomic
def load_demo():
    """Create whatever of the demo content is missing; return counts of what was created."""
    site = Site.objects.get_current()
    site.name = SITE_NAME
    site.domain = "127.0.0.1:8000"
    site.save()

    sections = {}
    for order, (name, slug) in enumerate(SECTIONS):
        sections[slug] = SectionFactory(name=name, slug=slug, order=order)
    author_count = Author.objects.count()
    lisa = create_author(SEED_AUTHOR)
    others = [create_author(data) for data in AUTHORS]
    seed_created = create_seed_article(sections, lisa)
    stories_created = create_stories(sections, dict(zip(HEADLINES, [lisa, *others], strict=True)))
    live_created = create_live_story(
        sections["world"], [lisa, others[0]], SEED_PUBLISHED_AT - timedelta(hours=3)
    )
    add_demo_comments(Article.objects.get(slug=SEED_ARTICLE["slug"]))
    refresh_planner_statistics()
    return {
        "authors": Author.objects.count() - author_count,
        "articles": int(seed_created) + stories_created + int(live_created),
    }
