"""
Who is on the desk: a member of Writers, Editors or Moderators may sign in to the admin, and
a writer has an Author profile to put her byline on.

Staff status follows from the groups, so it is set whenever they change (authors/signals.py),
whoever changes them: the user form, a group's members, a script. It lives here, with the
Author profile and its link to an account, rather than with the groups' permissions in the apps
that made them: an account joining the newsroom is a people matter, and this is the lowest app
that has to know both halves.
"""

from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.text import slugify

from .models import Author

WRITERS = "Writers"
DESK_GROUPS = {WRITERS, "Editors", "Moderators"}


def is_desk_group(group_ids):
    return Group.objects.filter(pk__in=group_ids, name__in=DESK_GROUPS).exists()


def admit_to_desk(user):
    """Staff status for a member of a desk group; an Author profile for a writer without one."""
    groups = set(user.groups.values_list("name", flat=True))
    if groups & DESK_GROUPS:
        _set_staff(user, True)
    if WRITERS in groups:
        ensure_author_profile(user)


def leave_desk(user):
    """Staff status goes with the last desk group; a superuser's is never touched."""
    if not user.groups.filter(name__in=DESK_GROUPS).exists():
        _set_staff(user, False)


def ensure_author_profile(user):
    """Her own profile, named after her (or her user name); never someone else's unlinked one,
    which could carry another person's bylines and with them the right to edit their drafts."""
    if Author.objects.filter(user=user).exists():
        return None
    name = user.get_full_name() or user.get_username()
    return Author.objects.create(name=name, slug=_free_slug(name), user=user)


def _set_staff(user, is_staff):
    if user.is_superuser or user.is_staff == is_staff:
        return
    user.is_staff = is_staff
    type(user).objects.filter(pk=user.pk).update(is_staff=is_staff)


def _free_slug(name):
    base = slugify(name)[:190] or "author"
    taken = set(
        Author.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
