import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wordpress.models import WordPressObject

BEFORE_THE_MOVE = [("newsroom", "0002_wordpress_objects"), ("wordpress", None)]


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_wordpress_ids():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    old_apps = executor.loader.project_state([BEFORE_THE_MOVE[0]]).apps
    OldWordPressObject = old_apps.get_model("newsroom", "WordPressObject")
    OldWordPressObject.objects.create(kind="post", wp_id="123", object_id=7, checksum="abc")
    ContentType.objects.filter(app_label="wordpress").delete()
    ContentType.objects.get_or_create(app_label="newsroom", model="wordpressobject")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    row = WordPressObject.objects.get()
    assert (row.kind, row.wp_id, row.object_id, row.checksum) == ("post", "123", 7, "abc")
    assert ContentType.objects.filter(app_label="wordpress", model="wordpressobject").exists()
    assert not ContentType.objects.filter(app_label="newsroom", model="wordpressobject").exists()
