from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = {"liveupdate": ["add", "change", "delete", "view"], "liveupdatenote": ["view"]}
EDITORS = {model: ["add", "change", "delete", "view"] for model in ["liveupdate", "liveupdatenote"]}


def let_roles_post_updates(apps, schema_editor=None):
    """Writers post to the live stories they are bylined on, editors to any (live/services.py);
    corrections are the editors', as on articles."""
    app_config = apps.get_app_config("live")
    if getattr(app_config, "models_module", None) is None:  # historical apps: make them now
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in [("Writers", WRITERS), ("Editors", EDITORS)]:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        codenames = [f"{action}_{model}" for model, actions in grants.items() for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="live", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("articles", "0004_writers_and_editors_groups"),
    ]

    operations = [migrations.RunPython(let_roles_post_updates, migrations.RunPython.noop)]
