"""The two newsroom roles as groups: Writers and Editors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = {
    "articles": {
        "article": ["add", "change", "view"],
        "articlesection": ["add", "change", "delete", "view"],
        "byline": ["add", "change", "delete", "view"],
        "articlenote": ["view"],
        "section": ["view"],
        "topic": ["view"],
    },
    "authors": {"author": ["view"], "credential": ["view"]},
}
EDITORS = {
    "articles": {
        model: ["add", "change", "delete", "view"]
        for model in [
            "article", "articlesection", "byline", "articlenote", "articleredirect",
            "section", "topic",
        ]
    },
    "authors": {model: ["add", "change", "delete", "view"] for model in ["author", "credential"]},
    # Legal pages and the site name (shown in the header and footer).
    "flatpages": {"flatpage": ["add", "change", "view"]},
    "sites": {"site": ["change", "view"]},
}
EXTRA = {"Editors": [("articles", "publish_article")]}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_group_permissions(apps)


def assign_group_permissions(apps):
    """Create the groups with their permissions (also used by tests after a flush)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in [("Writers", WRITERS), ("Editors", EDITORS)]:
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in grants.items()
            for model, actions in models.items()
            for action in actions
        ] + EXTRA.get(name, [])
        for app_label, codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_workflow"),
        ("authors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
