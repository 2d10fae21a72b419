"""The desk's emails: to the editors when a story is submitted, to its writers when it is
published, scheduled or sent back.

Plain text rendered with autoescaping off (each template says so); every subject starts with
the site's name and every body ends with its signature. They are sent once the workflow step is
committed, so a step that is rolled back mails nobody.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

EDITORS_GROUP = "Editors"


def absolute_url(path):
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def _send(*, template, subject, to, context):
    if not to:
        return
    site = Site.objects.get_current()
    body = render_to_string(
        f"articles/email/{template}.txt", {**context, "site": site, "site_url": absolute_url("/")}
    )
    # Titles come from writers: a line break in a header would be refused.
    subject = " ".join(f"[{site.name}] {subject}".split())
    EmailMessage(subject, body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, to).send()


def _addresses(users, *, besides):
    return sorted({user.email for user in users if user.email and user.pk != besides.pk})


def editors():
    return get_user_model().objects.filter(groups__name=EDITORS_GROUP, is_active=True)


def writers_of(article):
    """The people who wrote ``article``: its bylined authors' accounts and whoever created it."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(author_profile__bylines__article=article) | users.filter(
        pk=article.created_by_id
    )


def _context(article, by):
    return {
        "article": article,
        "by": by.get_full_name() or by.get_username(),
        "edit_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk])),
    }


def story_submitted(*, article, by):
    transaction.on_commit(
        lambda: _send(
            template="submitted",
            subject=f"In review: {article.title}",
            to=_addresses(editors(), besides=by),
            context=_context(article, by),
        )
    )


def story_published(*, article, by, scheduled_for=None):
    """``scheduled_for``: how the publish time reads, when it is still to come."""
    state = f"Scheduled for {scheduled_for}" if scheduled_for else "Published"
    transaction.on_commit(
        lambda: _send(
            template="published",
            subject=f"{state}: {article.title}",
            to=_addresses(writers_of(article).distinct(), besides=by),
            context={
                **_context(article, by),
                "scheduled_for": scheduled_for,
                "url": absolute_url(article.get_absolute_url()),
            },
        )
    )


def story_sent_back(*, article, by, note):
    transaction.on_commit(
        lambda: _send(
            template="sent_back",
            subject=f"Sent back to you: {article.title}",
            to=_addresses(writers_of(article).distinct(), besides=by),
            context={**_context(article, by), "note": note},
        )
    )
