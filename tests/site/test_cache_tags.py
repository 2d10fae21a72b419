"""Tag versions: what stored pages and fragments are checked against."""

import pytest
from django.core.cache import cache
from django.db import transaction

from newsroom.caching import tags


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_a_tag_keeps_its_version_until_bumped():
    first = tags.versions(["article:1", "home"])
    assert tags.versions(["home", "article:1"]) == first
    tags.bump_now(["article:1"])
    second = tags.versions(["article:1", "home"])
    assert second["home"] == first["home"]
    assert second["article:1"] != first["article:1"]


def test_an_evicted_tag_gets_a_version_nothing_was_stored_under():
    first = tags.versions(["section:3"])
    cache.delete(tags.KEY_PREFIX + "section:3")
    assert tags.versions(["section:3"]) != first


def test_versions_are_read_in_one_round_trip(monkeypatch):
    tags.versions(["a", "b", "c"])
    calls = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: calls.append(keys) or real_get_many(keys))
    monkeypatch.setattr(cache, "set_many", lambda *a, **k: pytest.fail("nothing to write"))
    tags.versions(["a", "b", "c"])
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_a_bump_waits_for_the_commit_and_a_rollback_bumps_nothing():
    before = tags.versions(["comments:4"])
    heard = []

    def listener(sender, tags, **kwargs):
        heard.append(tags)

    tags.bumped.connect(listener)
    try:
        with transaction.atomic():
            tags.bump("comments:4")
            assert tags.versions(["comments:4"]) == before
        assert tags.versions(["comments:4"]) != before
        assert heard == [frozenset({"comments:4"})]

        after = tags.versions(["comments:4"])
        with pytest.raises(RuntimeError), transaction.atomic():
            tags.bump("comments:4")
            raise RuntimeError
        assert tags.versions(["comments:4"]) == after
        assert len(heard) == 1
    finally:
        tags.bumped.disconnect(listener)


def test_a_version_says_when_it_was_made(monkeypatch):
    monkeypatch.setattr(tags.time, "time", lambda: 1_700_000_000.25)
    assert tags.changed_at(tags.new_version()) == 1_700_000_000.25
