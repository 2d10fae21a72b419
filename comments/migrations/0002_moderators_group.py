"""Moderators: a group that may work the comment queue; Editors may too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATION = {
    "comment": ["view", "change"],
    "moderation": ["view", "change"],
    "report": ["view", "delete"],
    "disallowedword": ["add", "change", "delete", "view"],
}


def create_moderators(apps, schema_editor):
    app_config = apps.get_app_config("newsroom_comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    assign_moderation_permissions(apps)


def assign_moderation_permissions(apps):
    """Also used by tests after a flush."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = [
        Permission.objects.get(content_type__app_label="newsroom_comments",
                               codename=f"{action}_{model}")  # fmt: skip
        for model, actions in MODERATION.items()
        for action in actions
    ]
    for name in ("Moderators", "Editors"):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom_comments", "0001_moderation_reports_disallowed_words"),
        ("articles", "0004_writers_and_editors_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
