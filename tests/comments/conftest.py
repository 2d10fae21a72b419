import pytest
from django.conf import settings
from django.test import TestCase
from django_comments_xtd.models import XtdComment

from comments.forms import CommentForm
from comments.models import Comment, Moderation
from comments.services import comment_approve


def form_data(article, **overrides):
    """What the article page's comment form posts, with valid security fields."""
    data = {
        **CommentForm(article).generate_security_data(),
        "name": "Jane Reader",
        "email": "jane@example.com",
        "url": "",
        "comment": "A thoughtful comment.",
        "reply_to": "0",
        "honeypot": "",
    }
    data.update(overrides)
    return data


def make_comment(article, *, approved=True, parent=None, name="Someone", email=None, **fields):
    """A stored comment (as xtd would store it), with its moderation record."""
    comment = XtdComment(
        content_object=article,
        site_id=settings.SITE_ID,
        user_name=name,
        user_email=email or f"{name.lower().replace(' ', '.')}@example.com",
        comment=fields.pop("comment", f"Comment by {name}"),
        is_public=approved,
        parent_id=parent.pk if parent else 0,
        **fields,
    )
    comment.save()
    Moderation.objects.create(
        comment_id=comment.pk,
        state=Moderation.State.APPROVED if approved else Moderation.State.PENDING,
    )
    return Comment.objects.get(pk=comment.pk)


@pytest.fixture
def moderator(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        "moderator", password="pw", email="mod@example.com", is_staff=True
    )
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="newsroom_comments",
            codename__in=["view_comment", "change_comment"],
        )
    )
    return user


@pytest.fixture
def post(client):
    def post(article, **overrides):
        return client.post("/comments/post/", form_data(article, **overrides))

    return post


def approve(comment, by=None):
    """Approve as a moderator does; the emails that go out once the approval is committed
    are sent before this returns."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        comment_approve(comment=Comment.objects.get(pk=comment.pk), by=by)
