import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import connection

from articles.models import Article, ArticleSection, Byline, Section
from authors.models import Author, Credential
from demo.content import SEED_ARTICLE
from tests.body_stats import articles_off_the_rule

pytestmark = pytest.mark.django_db

MODELS = [Article, ArticleSection, Byline, Section, Author, Credential]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_load_demo_creates_the_seed_article_and_enough_content(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("load_demo")
    seed = Article.objects.get(slug=SEED_ARTICLE["slug"])
    assert seed.reading_minutes == 3
    assert [a.name for a in seed.authors.all()] == ["Lisa Chang"]
    assert Article.objects.published().count() >= 31
    assert Author.objects.count() >= 4
    assert Section.objects.filter(articles__isnull=False).distinct().count() >= 4
    assert Site.objects.get_current().name == "The Update Desk"


def test_demo_images_have_stored_dimensions(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("load_demo")
    with_images = Article.objects.exclude(hero_image="")
    assert with_images.count() >= 30
    assert not with_images.filter(hero_width__isnull=True).exists()
    assert set(with_images.values_list("hero_width", "hero_height")) == {(1200, 675)}


def test_load_demo_twice_creates_no_duplicates(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first


def test_load_demo_prints_a_generated_admin_password_and_keeps_it(tmp_path, settings, capsys):
    settings.BASE_DIR = tmp_path
    call_command("load_demo")
    first = re.search(r"user: admin  password: (\S+)", capsys.readouterr().out).group(1)
    assert len(first) >= 16
    assert get_user_model().objects.get(username="admin").check_password(first)
    call_command("load_demo")
    assert f"password: {first}" in capsys.readouterr().out
    assert (tmp_path / ".demo-admin-password").stat().st_mode & 0o777 == 0o600


def test_demo_passwords_differ_between_installs(tmp_path, settings, capsys):
    passwords = set()
    for name in ("one", "two"):
        settings.BASE_DIR = tmp_path / name
        settings.BASE_DIR.mkdir()
        get_user_model().objects.filter(username="admin").delete()
        call_command("load_demo")
        passwords.add(re.search(r"password: (\S+)", capsys.readouterr().out).group(1))
    assert len(passwords) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_load_demo_leaves_postgresql_with_planner_statistics(db):
    call_command("load_demo", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
        (estimated_rows,) = cursor.fetchone()
    assert estimated_rows == Article.objects.count()


def test_every_demo_article_stores_the_reading_time_its_sections_give(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("load_demo")
    assert Article.objects.count() >= 32
    assert articles_off_the_rule(Article.objects.all()) == []
