import pytest
from django.core.management import call_command
from django.db import connection
from django_comments_xtd.models import XtdComment

from articles.models import Article
from comments.models import Comment, Moderation
from tests.body_stats import articles_off_the_rule

pytestmark = pytest.mark.django_db


def test_generates_published_articles_with_threaded_approved_comments(client, demo):
    call_command("generate_content", articles=12, comments=60, batch_size=5, verbosity=0)
    generated = Article.objects.published().filter(slug__startswith="generated-")
    assert generated.count() == 12
    article = generated.order_by("slug").first()
    assert article.sections.count() == 4 and article.bylines.count() == 1
    comments = Comment.objects.for_article(article)
    assert comments.public().count() == 5
    assert Moderation.objects.filter(comment__in=comments, state="approved").count() == 5
    rows = {c.pk: c for c in comments}
    assert sorted(c.level for c in rows.values()) == [0, 0, 1, 1, 2]
    for comment in rows.values():
        if comment.level == 0:
            assert comment.parent_id == comment.thread_id == comment.pk
        else:
            parent = rows[comment.parent_id]
            assert (parent.level, parent.thread_id) == (comment.level - 1, comment.thread_id)

    html = client.get(article.get_absolute_url()).content.decode()
    for comment in rows.values():
        assert comment.user_name in html


def test_running_again_continues_where_it_stopped(demo):
    call_command("generate_content", articles=5, batch_size=2, verbosity=0)
    call_command("generate_content", articles=8, batch_size=2, verbosity=0)
    assert Article.objects.filter(slug__startswith="generated-").count() == 8
    assert XtdComment.objects.count() == 25  # the demo's 25 only


def test_generating_with_debug_on_does_not_keep_every_query(db, settings):
    settings.DEBUG = True  # Django then logs each query on the connection
    call_command("generate_content", articles=40, comments=40, batch_size=5, verbosity=0)
    one_batch = len(connection.queries)
    assert 0 < one_batch < 40


def test_generated_articles_store_the_reading_time_their_sections_give(db):
    call_command("generate_content", articles=6, batch_size=4, verbosity=0)
    generated = Article.objects.filter(slug__startswith="generated-")
    assert generated.count() == 6
    assert generated.first().word_count > 0
    assert articles_off_the_rule(generated) == []


def test_generated_sections_have_the_anchors_the_admin_would_give(db):
    call_command("generate_content", articles=1, verbosity=0)
    article = Article.objects.get(slug__startswith="generated-")
    assert [s.anchor for s in article.sections.all()] == ["", "what-happened", "the-background",
                                                          "what-people-are-saying"]  # fmt: skip
