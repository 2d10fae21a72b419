from django.contrib.sites.shortcuts import get_current_site
from django.templatetags.static import static

from .sites import site_settings

# Shown when a page without a picture of its own is shared and editors have set none.
DEFAULT_SHARE_IMAGE = ("img/social-default.jpg", 1200, 630)


def site(request):
    """The site, its branding, its default share image and the default canonical URL."""
    current = get_current_site(request)
    branding = site_settings(current.pk)
    return {
        "site": current,
        "branding": branding,
        "share_image": share_image(request, branding),
        "canonical_url": request.build_absolute_uri(request.path),
    }


def share_image(request, branding):
    """The site's default Open Graph image: {"url" (absolute), "width", "height", "alt"}."""
    copy = branding.copy("share_image")
    if copy:
        url, width, height = copy["url"], copy["width"], copy["height"]
        alt = branding.share_image_alt
    else:
        path, width, height = DEFAULT_SHARE_IMAGE
        url, alt = static(path), ""
    return {"url": request.build_absolute_uri(url), "width": width, "height": height, "alt": alt}
