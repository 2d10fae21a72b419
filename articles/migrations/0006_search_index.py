"""A GIN index for full-text search on PostgreSQL; nothing on other databases.

The indexed expression is exactly the one ``articles.search`` builds, so the
planner can use it instead of parsing every article on every search.
"""

from django.db import migrations


def vector(column, weight):
    return (
        f"setweight(to_tsvector('english'::regconfig, COALESCE(REPLACE(REPLACE("
        f"\"{column}\", '<', ' '), '>', ' '), '')), '{weight}')"
    )


CREATE = (
    "CREATE INDEX articles_article_search ON articles_article USING gin "
    f"((({vector('title', 'A')} || {vector('standfirst', 'B')}) || {vector('search_text', 'C')}))"
)
DROP = "DROP INDEX IF EXISTS articles_article_search"


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_renditions_and_search_text")]

    operations = [PostgresOnlySQL(CREATE, DROP)]
