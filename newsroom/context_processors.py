from django.contrib.sites.shortcuts import get_current_site

from articles.models import Section


def site(request):
    """The site name, header navigation and default canonical URL for every page."""
    return {
        "site": get_current_site(request),
        "navigation_sections": Section.objects.for_navigation(),
        "canonical_url": request.build_absolute_uri(request.path),
    }
