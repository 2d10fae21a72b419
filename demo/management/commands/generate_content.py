import random
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment
from tqdm import tqdm

from articles.models import Article, ArticleSection, Byline, Section, Topic
from authors.models import Author
from comments.models import Moderation
from demo.content import SENTENCES, SUBHEADINGS
from newsroom.db import refresh_planner_statistics
from newsroom.invalidation import everything_changed

PREFIX = "generated-"
APPROVED = Moderation.State.APPROVED


class Command(BaseCommand):
    help = (
        "Add many generated articles and approved comments, for scale tests. Runs in batches "
        "and can be stopped and run again: it continues where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--comments", type=int, default=0, help="Spread over the articles.")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, articles, comments, batch_size, **options):
        if articles < 1 or comments < 0 or batch_size < 1:
            raise CommandError("--articles and --batch-size must be positive, --comments >= 0")
        self.sections = list(Section.objects.all()) or [
            Section.objects.create(name="News", slug="news")
        ]
        self.authors = list(Author.objects.all()[:50]) or [
            Author.objects.create(name="Generated Author", slug="generated-author")
        ]
        self.topics = [
            Topic.objects.get_or_create(slug=f"{PREFIX}topic-{n}", defaults={"name": f"Topic {n}"})[
                0
            ]
            for n in range(20)
        ]
        self.article_type = ContentType.objects.get_for_model(Article)
        self.comments_per_article = comments // articles
        quiet = options["verbosity"] == 0

        done = Article.objects.filter(slug__startswith=PREFIX).count()
        with tqdm(total=articles, initial=min(done, articles), unit=" articles", disable=quiet,
                  file=self.stderr._out) as bar:  # fmt: skip
            for start in range(done, articles, batch_size):
                count = min(batch_size, articles - start)
                self.create_batch(start, count)
                reset_queries()  # with DEBUG on, Django would keep every batch's SQL
                bar.update(count)
        refresh_planner_statistics()
        everything_changed()  # bulk inserts send no signals
        self.stdout.write(
            f"{Article.objects.filter(slug__startswith=PREFIX).count()} generated articles, "
            f"{XtdComment.objects.filter(user_email__endswith='@generated.invalid').count()} "
            "generated comments."
        )

    @transaction.atomic
    def create_batch(self, start, count):
        rng = random.Random(start)
        now = timezone.now()
        body = "".join(f"<p>{' '.join(rng.sample(SENTENCES, 6))}</p>" for _ in range(2))
        # Bulk inserts skip save(): each section and article fills its derived fields itself,
        # by the same rules (sanitising, anchors, word counts, reading time, search text).
        bodies = {}
        for n in range(start, start + count):
            sections, anchors = [], set()
            for order, heading in enumerate(["", *SUBHEADINGS[:3]]):
                section = ArticleSection(order=order, heading=heading, body=body)
                section.fill_derived_fields(taken_anchors=anchors)
                anchors.add(section.anchor)
                sections.append(section)
            bodies[n] = sections
        articles = []
        for n in range(start, start + count):
            article = Article(
                title=f"Generated story {n}: {rng.choice(SENTENCES)[:80]}",
                slug=f"{PREFIX}{n:07d}",
                standfirst=rng.choice(SENTENCES),
                section=self.sections[n % len(self.sections)],
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=10 * n + 60),
            )
            article.set_body_stats(bodies[n])
            articles.append(article)
        articles = Article.objects.bulk_create(articles)
        if not all(article.pk for article in articles):  # backends without RETURNING
            articles = list(
                Article.objects.filter(slug__startswith=PREFIX).order_by("-pk")[:count]
            )[::-1]
        for n, article in zip(range(start, start + count), articles, strict=True):
            for section in bodies[n]:
                section.article = article
        ArticleSection.objects.bulk_create(
            section for sections in bodies.values() for section in sections
        )
        Byline.objects.bulk_create(
            Byline(article=article, author=self.authors[i % len(self.authors)], order=0)
            for i, article in enumerate(articles)
        )
        Article.topics.through.objects.bulk_create(
            Article.topics.through(article=article, topic=self.topics[i % len(self.topics)])
            for i, article in enumerate(articles)
        )
        if self.comments_per_article:
            self.create_comments(articles, rng)

    def create_comments(self, articles, rng):
        """Threads of a comment and replies, each answering the one before, as deep as threads
        go (``COMMENTS_XTD_MAX_THREAD_LEVEL``); approved.

        XtdComment extends django_comments' Comment through a second table, which Django's
        bulk_create cannot fill, so the base rows are bulk-created and the thread rows inserted
        with one executemany.
        """
        threads, longest = [], settings.COMMENTS_XTD_MAX_THREAD_LEVEL + 1
        for article in articles:
            remaining = self.comments_per_article
            while remaining > 0:
                threads.append((article, min(longest, remaining)))
                remaining -= longest
        rows = [(article, level, size) for article, size in threads for level in range(size)]
        base = BaseComment.objects.bulk_create(
            BaseComment(
                content_type=self.article_type,
                object_pk=str(article.pk),
                site_id=settings.SITE_ID,
                user_name=f"Reader {n}",
                user_email=f"reader{n}@generated.invalid",
                comment=rng.choice(SENTENCES),
                submit_date=article.published_at + timedelta(minutes=level + 1),
                **Moderation.visibility(APPROVED),
            )
            for n, (article, level, _size) in enumerate(rows)
        )
        if not all(comment.pk for comment in base):
            raise CommandError("generate_content needs a database that returns inserted ids")
        thread_rows, thread_id, parent_id = [], None, None
        for comment, (_article, level, size) in zip(base, rows, strict=True):
            if level == 0:
                thread_id = parent_id = comment.pk
            thread_rows.append((comment.pk, thread_id, parent_id, level, level + 1, False,
                                size - 1 - level))  # fmt: skip
            parent_id = comment.pk
        table = connection.ops.quote_name(XtdComment._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(name)
            for name in (
                "comment_ptr_id",
                "thread_id",
                "parent_id",
                "level",
                "order",
                "followup",
                "nested_count",
            )  # fmt: skip
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                thread_rows,
            )
        Moderation.objects.bulk_create(
            Moderation(comment_id=comment.pk, state=APPROVED) for comment in base
        )
