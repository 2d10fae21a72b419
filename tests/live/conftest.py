from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from authors.models import Author
from live.factories import LiveStoryFactory, LiveUpdateFactory


@pytest.fixture
def story(writer):
    """A live story by the ``writer`` fixture's author, open since an hour ago."""
    return LiveStoryFactory(
        title="Talks in Geneva", authors=[Author.objects.get(user=writer)], section__slug="world"
    )


@pytest.fixture
def other_story(db):
    return LiveStoryFactory(title="Storm on the coast")


@pytest.fixture
def post_update(story):
    """Store an update and run what waits for the commit (tag bumps)."""

    def post(minutes_ago=0, **fields):
        fields.setdefault("article", story)
        with TestCase.captureOnCommitCallbacks(execute=True):
            return LiveUpdateFactory(
                posted_at=timezone.now() - timedelta(minutes=minutes_ago), **fields
            )

    return post
