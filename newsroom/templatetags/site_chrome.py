"""``{% site_header %}`` and ``{% site_footer %}``: what every reader page has around its
content, kept rendered (newsroom/caching/fragments.py) until the site changes: its name,
branding or sections (the ``site`` tag)."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from newsroom.caching.fragments import Fragment, Rendered, render_fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header; the one thing in it made for a page is the section marked current."""
    request = context.get("request")
    path = request.path if request else None
    current = next((url for _, url in context.get("navigation_sections", ()) if url == path), "")
    return chrome(context, "includes/site_header.html", "site-header", current)


@register.simple_tag(takes_context=True)
def site_footer(context):
    return chrome(context, "includes/footer.html", "site-footer", timezone.localdate().year)


def chrome(context, template_name, name, *params):
    def render():
        return Rendered(render_to_string(template_name, context.flatten()))

    if "request" not in context:  # the 500 page: nothing but the template
        return mark_safe(render().html)
    return mark_safe(render_fragment(Fragment(name, params, ("site",), render)))
