"""Responsive images: ``{% picture article sizes="…" %}`` and ``{% hero_preload article sizes="…" %}``."""

from django import template

register = template.Library()

# What the stylesheet makes of each place an image appears, for the browser to pick a width.
SIZES = {
    "hero": "(min-width: 44rem) 40rem, calc(100vw - 2rem)",
    "lead": "(min-width: 72rem) 42rem, (min-width: 48rem) 58vw, calc(100vw - 2rem)",
    "card": "(min-width: 72rem) 22rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)",
}


def _image_context(article, sizes):
    sizes = SIZES.get(sizes, sizes)
    hero = article.hero
    if not hero:
        return {"article": article, "hero": None, "sizes": sizes}
    return {
        "article": article,
        "hero": hero,
        "sizes": sizes,
        "webp_srcset": hero.srcset("webp"),
        "jpeg_srcset": hero.srcset("jpeg"),
        "src": hero.url(hero.fallback()["name"]),
        "width": hero.width,
        "height": hero.height,
    }


@register.inclusion_tag("includes/picture.html")
def picture(article, sizes, priority=False, css_class=""):
    """The article's hero image in WebP with a JPEG fallback; lazy unless ``priority``."""
    return {**_image_context(article, sizes), "priority": priority, "css_class": css_class}


@register.inclusion_tag("includes/hero_preload.html")
def hero_preload(article, sizes):
    """A <link rel=preload> for the one image that is the page's largest paint."""
    return _image_context(article, sizes)
