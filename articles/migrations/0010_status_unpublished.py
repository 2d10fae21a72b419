"""The status shown as "Unpublished" is stored as "unpublished" (it was "archived"), in the
articles and in their saved revisions, so restoring an old revision brings back a valid status."""

import json

from django.db import migrations, models


def rename_status(old, new):
    def forwards(apps, schema_editor):
        db = schema_editor.connection.alias
        Article = apps.get_model("articles", "Article")
        Article.objects.using(db).filter(status=old).update(status=new)
        ContentType = apps.get_model("contenttypes", "ContentType")
        Version = apps.get_model("reversion", "Version")
        article_type = ContentType.objects.using(db).filter(app_label="articles", model="article").first()
        if article_type is None:
            return
        versions = Version.objects.using(db).filter(
            content_type=article_type, format="json", serialized_data__contains=f'"{old}"'
        )
        for version in versions.iterator():
            data = json.loads(version.serialized_data)
            changed = False
            for record in data:
                if record.get("fields", {}).get("status") == old:
                    record["fields"]["status"] = new
                    changed = True
            if changed:
                version.serialized_data = json.dumps(data)
                version.save(update_fields=["serialized_data"])

    return forwards


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_article_updated_at_index'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('review', 'In review'), ('published', 'Published'), ('unpublished', 'Unpublished')], default='draft', max_length=20),
        ),
        migrations.RunPython(rename_status("archived", "unpublished"), rename_status("unpublished", "archived")),
    ]
