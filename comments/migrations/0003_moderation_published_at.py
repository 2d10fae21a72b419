from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def mark_published(apps, schema_editor):
    """Comments readers already see count as published, so approving one again (after an
    edit or a report) emails nobody a second time."""
    Moderation = apps.get_model("newsroom_comments", "Moderation")
    XtdComment = apps.get_model("django_comments_xtd", "XtdComment")
    submitted = XtdComment.objects.filter(pk=OuterRef("comment_id")).values("submit_date")[:1]
    Moderation.objects.filter(state__in=["approved", "reported"]).update(
        published_at=Coalesce("moderated_at", Subquery(submitted))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom_comments", "0002_moderators_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="moderation",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When readers first saw the comment: its author and the readers "
                "waiting for replies are emailed then, and never again for the same comment.",
                null=True,
            ),
        ),
        migrations.RunPython(mark_published, migrations.RunPython.noop),
    ]
