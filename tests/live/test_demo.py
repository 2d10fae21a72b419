import pytest

from articles.models import Article
from demo.live import LIVE_STORY
from live.models import LiveUpdate

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_live_story_with_key_events_and_a_pinned_update(client, demo):
    story = Article.objects.get(slug=LIVE_STORY["slug"])
    assert story.is_live and story.is_published()
    updates = LiveUpdate.objects.filter(article=story)
    assert updates.count() >= 8
    assert updates.filter(is_key_event=True).count() == 2
    assert updates.filter(is_pinned=True).count() == 1
    assert all(update.authors.exists() for update in updates)
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'class="live-label">Live</span>' in html
    assert html.count("data-update-id=") == updates.count()


def test_loading_the_demo_again_adds_no_updates(demo):
    from demo.content import load_demo

    before = LiveUpdate.objects.count()
    load_demo()
    assert LiveUpdate.objects.count() == before
