import pytest
from django.contrib.auth.models import Group

from authors.factories import AuthorFactory
from tests.groups import ensure_groups


def _member(django_user_model, username, group):
    ensure_groups()
    user = django_user_model.objects.create_user(
        username, password="pw", is_staff=True, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db, django_user_model):
    user = _member(django_user_model, "wendy", "Writers")
    AuthorFactory(name="Wendy Writer", user=user)
    return user


@pytest.fixture
def other_writer(db, django_user_model):
    return _member(django_user_model, "walter", "Writers")


@pytest.fixture
def editor(db, django_user_model):
    return _member(django_user_model, "edith", "Editors")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
