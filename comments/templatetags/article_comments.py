"""``{% article_comments article %}``: an article's comments, status message and form.

The comments app provides this to the article page, as django.contrib.comments did with
``{% render_comment_list %}``, so that ``articles`` needs nothing from ``comments``.
"""

from django import template

from ..context import article_comments_context

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def article_comments(context, article):
    request = context["request"]
    return {"request": request, **article_comments_context(request, article)}
