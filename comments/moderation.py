"""Registration with django-comments-xtd's moderator (not django_comments' one, which holds nothing)."""

from django.conf import settings
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from articles.models import Article

from .models import comments_open


class ArticleCommentModerator(XtdCommentModerator):
    """Every comment is held, except from signed-in staff when the setting allows it."""

    def allow(self, comment, content_object, request):
        return comments_open(content_object)

    def moderate(self, comment, content_object, request):
        user = getattr(comment, "user", None)
        staff = bool(user and user.is_authenticated and user.is_staff)
        return not (staff and settings.COMMENTS_PUBLISH_STAFF_AT_ONCE)

    def email(self, comment, content_object, request):
        """Moderators are told by comment_register / the digest command, never per signal."""


def register():
    if Article not in moderator._registry:
        moderator.register(Article, ArticleCommentModerator)
