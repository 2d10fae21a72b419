"""
Newsroom's caching, in one place: tag versions (tags.py), the page cache (middleware.py),
timed changes (schedule.py) and the edge (edge.py). What each write bumps is decided in
newsroom/invalidation.py; what each page shows, by its view, with ``tag_response``.
"""


def tag_response(response, *tags):
    """Say that ``response`` shows what ``tags`` name (newsroom/caching/tags.py): the page
    cache and the edge keep it until one of them is bumped. Returns the response."""
    response.cache_tags = {*getattr(response, "cache_tags", ()), *tags}
    return response


def tagged(*tags):
    """Decorate a view (a function or a callable such as a Feed) whose pages show what
    ``tags`` name."""

    def decorate(view):
        def tagged_view(request, *args, **kwargs):
            return tag_response(view(request, *args, **kwargs), *tags)

        return tagged_view

    return decorate
