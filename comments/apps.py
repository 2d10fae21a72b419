from django.apps import AppConfig
from django.db.models.signals import pre_save


class CommentsConfig(AppConfig):
    name = "comments"
    label = "newsroom_comments"
    verbose_name = "Comments"

    def ready(self):
        from django_comments.signals import comment_was_posted
        from django_comments_xtd.models import TmpXtdComment, publish_or_unpublish_on_pre_save
        from django_comments_xtd.views import on_comment_was_posted

        from . import moderation

        moderation.register()
        # django-comments-xtd re-publishes every reply under a comment when that comment
        # is saved as public, held replies included. Our services change visibility with
        # update() and never need that cascade, so it is switched off.
        pre_save.disconnect(
            publish_or_unpublish_on_pre_save, sender="django_comments_xtd.XtdComment"
        )
        # comment_post() stores comments itself: xtd's receiver would email every reader who
        # ticked "notify me" on the article about every public comment, with its own
        # entity-escaped templates.
        comment_was_posted.disconnect(on_comment_was_posted, sender=TmpXtdComment)
