"""The emails the comments app sends, all through ``send_comment_email``.

Plain text rendered with autoescaping off (each template says so), so "O'Brien & Sons" arrives
as typed, not as ``O&#x27;Brien &amp; Sons``. Every subject starts with the site's name (Sites
framework) and names the article; every body ends with the site's signature. An email sent
because a reader subscribed carries that subscription's unsubscribe link, in the text and as
a one-click ``List-Unsubscribe`` header (RFC 8058).
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def absolute_url(path):
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def send_comment_email(*, template, subject, to, context, unsubscribe_url=None):
    """Render ``comments/email/<template>.txt`` and send it to the addresses in ``to``."""
    site = Site.objects.get_current()
    body = render_to_string(
        f"comments/email/{template}.txt",
        {
            **context,
            "site": site,
            "site_url": absolute_url("/"),
            "unsubscribe_url": unsubscribe_url,
        },
    )
    body = body.strip() + "\n"
    headers = {}
    if unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    # Names and titles come from outside: a line break in a header would be refused.
    subject = " ".join(f"[{site.name}] {subject}".split())
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers).send()
