"""The Writers and Editors groups, as their migration creates them.

Transactional tests flush the database, groups included; this puts them back.
"""

import importlib

from django.apps import apps

_migration = importlib.import_module("articles.migrations.0004_writers_and_editors_groups")
_moderators = importlib.import_module("comments.migrations.0002_moderators_group")
_site_settings = importlib.import_module("newsroom.migrations.0004_site_settings")
_pins = importlib.import_module("articles.migrations.0011_front_page_pins")
_live = importlib.import_module("live.migrations.0002_newsroom_roles_post_updates")


def ensure_groups():
    _migration.assign_group_permissions(apps)
    _moderators.assign_moderation_permissions(apps)
    _site_settings.let_editors_change_site_settings(apps)
    _pins.let_editors_pin_stories(apps)
    _live.let_roles_post_updates(apps)
