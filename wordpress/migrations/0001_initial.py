"""WordPressObject moves from the project package to this app. Its table stays as it is
(``db_table``), so existing databases keep their rows; only Django's picture of it moves."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the model's content type (and so its permissions) under its new app label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="wordpress", model="wordpressobject").exists():
        ContentType.objects.using(db).filter(app_label="newsroom", model="wordpressobject").update(
            app_label="wordpress"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="wordpress", model="wordpressobject").update(
        app_label="newsroom"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("newsroom", "0002_wordpress_objects"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="WordPressObject",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("author", "Author"), ("post", "Post"), ("comment", "Comment")], max_length=20)),
                        ("wp_id", models.CharField(max_length=200, verbose_name="WordPress id")),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("checksum", models.CharField(blank=True, max_length=64)),
                        ("imported_at", models.DateTimeField(auto_now=True)),
                    ],
                    options={
                        "verbose_name": "imported WordPress object",
                        "db_table": "newsroom_wordpressobject",
                        "constraints": [models.UniqueConstraint(fields=("kind", "wp_id"), name="unique_wordpress_object")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
