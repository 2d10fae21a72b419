"""Integers that come from outside (URL paths, query strings, form fields) stay small enough
for every database to compare.

An id here has at most 18 digits, below 2**63 - 1, the largest integer SQLite and
PostgreSQL store. Django 5.2 already answers "no rows" for an out-of-range exact lookup on
an integer field, but not through a relation: django-comments-xtd's comment pk is its
multi-table parent link, so ``pk=10**20`` raised OverflowError (a 500) on SQLite. Dates in
the admin's lookups (``?submit_date__year=10**20``) raised it on both databases.
"""

from django.core.exceptions import BadRequest

MAX_ID_DIGITS = 18
MAX_ID = 10**MAX_ID_DIGITS - 1


def parse_id(value):
    """``value`` as an id (0 to MAX_ID), or None when it is not one."""
    value = str(value)
    if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


class IdConverter:
    """``<id:pk>`` in URL patterns: a longer number matches nothing, so it is a 404."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def _is_overlong_number(value):
    digits = value.strip().lstrip("+-")
    return digits.isascii() and digits.isdigit() and len(digits) > MAX_ID_DIGITS


class BoundedAdminMixin:
    """For a ModelAdmin with an integer primary key: a change page for an id that cannot
    exist is "not found", and a list or bulk action carrying an over-long number is a 400."""

    def get_object(self, request, object_id, from_field=None):
        if from_field is None and parse_id(object_id) is None:
            return None
        return super().get_object(request, object_id, from_field)

    def changelist_view(self, request, extra_context=None):
        for key, values in (*request.GET.lists(), *request.POST.lists()):
            if key == "_selected_action":
                bad = any(parse_id(value) is None for value in values)
            else:
                bad = key != "q" and any(_is_overlong_number(value) for value in values)
            if bad:
                raise BadRequest(f"The parameter “{key}” is not a number this list can use.")
        return super().changelist_view(request, extra_context)
