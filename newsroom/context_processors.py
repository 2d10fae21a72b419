from django.contrib.sites.shortcuts import get_current_site


def site(request):
    """The site name and the default canonical URL for every page."""
    return {
        "site": get_current_site(request),
        "canonical_url": request.build_absolute_uri(request.path),
    }
