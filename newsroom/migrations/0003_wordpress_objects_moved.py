"""WordPressObject now lives in the ``wordpress`` app (which keeps this table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_wordpress_objects"),
        ("wordpress", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="WordPressObject")],
            database_operations=[],
        ),
    ]
