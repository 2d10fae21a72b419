import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from authors.factories import AuthorFactory
from authors.models import Author
from tests.groups import ensure_groups

pytestmark = pytest.mark.django_db

NOT_ON_DESK = "not yet on the newsroom&#x27;s desk: ask an administrator to add you to Writers"


@pytest.fixture
def groups(db):
    ensure_groups()
    return {group.name: group for group in Group.objects.all()}


def user_form_data(user, **fields):
    """The admin user change form's POST, as the browser sends it."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
        "groups": [],
        "user_permissions": [],
    }
    data.update(fields)
    return data


def change_user(admin_client, user, **fields):
    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/", user_form_data(user, **fields)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    return response


def sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_a_user_put_in_writers_through_the_admin_signs_in_with_her_own_author_profile(
    admin_client, client, groups, django_user_model
):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "nadia", "password1": "a long pass phrase 91", "password2":
         "a long pass phrase 91", "usable_password": "true"},
    )  # fmt: skip
    assert response.status_code == 302
    nadia = django_user_model.objects.get(username="nadia")
    assert not nadia.is_staff
    assert sign_in(client, "nadia", "a long pass phrase 91").status_code == 200

    change_user(
        admin_client, nadia, first_name="Nadia", last_name="Haddad", groups=[groups["Writers"].pk]
    )

    assert nadia.is_staff and not nadia.is_superuser
    profile = Author.objects.get(user=nadia)
    assert (profile.name, profile.slug) == ("Nadia Haddad", "nadia-haddad")
    response = sign_in(client, "nadia", "a long pass phrase 91")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_taking_away_the_last_desk_group_takes_staff_away(admin_client, groups, django_user_model):
    user = django_user_model.objects.create_user("sam", password="pw")
    change_user(admin_client, user, groups=[groups["Editors"].pk, groups["Moderators"].pk])
    assert user.is_staff
    change_user(admin_client, user, is_staff="on", groups=[groups["Moderators"].pk])
    assert user.is_staff
    change_user(admin_client, user, is_staff="on", groups=[])
    assert not user.is_staff
    assert not Author.objects.filter(user=user).exists(), "only writers get a profile"


def test_groups_changed_from_the_groups_side_or_cleared_count_too(groups, django_user_model):
    writers, other = groups["Writers"], Group.objects.create(name="Newsletter")
    user = django_user_model.objects.create_user("ola", first_name="Ola")
    writers.user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff and user.author_profile.name == "Ola"
    user.groups.add(other)
    writers.user_set.remove(user)
    user.refresh_from_db()
    assert not user.is_staff

    user.groups.add(writers)
    user.refresh_from_db()
    assert user.is_staff
    writers.user_set.clear()
    user.refresh_from_db()
    assert not user.is_staff

    user.groups.add(writers)
    user.groups.clear()
    user.refresh_from_db()
    assert not user.is_staff
    assert Author.objects.filter(user=user).count() == 1, "one profile, kept"


def test_other_groups_and_superusers_are_left_alone(groups, django_user_model):
    other = Group.objects.create(name="Newsletter")
    staff = django_user_model.objects.create_user("kit", is_staff=True)
    staff.groups.add(other)
    staff.groups.remove(other)
    staff.refresh_from_db()
    assert staff.is_staff, "staff without a desk group stay staff until a desk group goes"

    root = django_user_model.objects.create_superuser("root", password="pw")
    root.groups.add(groups["Editors"])
    root.groups.remove(groups["Editors"])
    root.refresh_from_db()
    assert root.is_staff and root.is_superuser


def test_saving_a_writer_who_is_not_staff_admits_her(admin_client, groups, django_user_model):
    """An account put in Writers before this rule, or with Staff status unticked by hand."""
    user = django_user_model.objects.create_user("old")
    user.groups.add(groups["Writers"])
    django_user_model.objects.filter(pk=user.pk).update(is_staff=False)
    change_user(admin_client, user, groups=[groups["Writers"].pk])
    assert user.is_staff


def test_a_writer_never_takes_over_an_existing_profile_of_the_same_name(groups, django_user_model):
    """The old profile's bylines would let her edit that person's drafts."""
    namesake = AuthorFactory(name="Lisa Chang")
    AuthorFactory(name="Lisa Chang 2", slug="lisa-chang-2")
    lisa = django_user_model.objects.create_user("lchang", first_name="Lisa", last_name="Chang")
    lisa.groups.add(groups["Writers"])
    profile = Author.objects.get(user=lisa)
    assert profile.slug == "lisa-chang-3" and profile.name == "Lisa Chang"
    namesake.refresh_from_db()
    assert namesake.user is None


def test_a_writer_keeps_the_profile_she_has(groups, django_user_model):
    user = django_user_model.objects.create_user("pen")
    own = AuthorFactory(name="P. E. Nolan", user=user)
    user.groups.add(groups["Writers"])
    assert list(Author.objects.filter(user=user)) == [own]


def test_a_user_without_a_name_gets_a_profile_named_after_her_user_name(groups, django_user_model):
    user = django_user_model.objects.create_user("zoe.k")
    user.groups.add(groups["Writers"])
    assert (user.author_profile.name, user.author_profile.slug) == ("zoe.k", "zoek")


def test_a_right_password_without_desk_access_says_what_to_ask_for(client, django_user_model):
    django_user_model.objects.create_user("reader", password="right-password-1")
    right = sign_in(client, "reader", "right-password-1").content.decode()
    assert NOT_ON_DESK in right
    assert "correct username and password for a staff account" not in right

    wrong = sign_in(client, "reader", "wrong-password").content.decode()
    assert NOT_ON_DESK not in wrong
    assert "correct username and password for a staff account" in wrong


def test_sign_in_lockout_still_applies_to_the_desk_form(client, django_user_model, settings):
    settings.AXES_FAILURE_LIMIT = 3
    django_user_model.objects.create_user("reader", password="right-password-1")
    for _ in range(3):
        sign_in(client, "reader", "wrong-password")
    locked = sign_in(client, "reader", "right-password-1")
    assert locked.status_code == 429
    assert NOT_ON_DESK not in locked.content.decode()
