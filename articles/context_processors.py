from .models import Section


def navigation(request):
    """The sections for the site header, on every page."""
    return {"navigation_sections": Section.objects.for_navigation()}
