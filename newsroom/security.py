import ipaddress
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt, csrf_protect


def client_ip(request):
    """The reader's IP address: behind NEWSROOM_PROXY_COUNT trusted proxies, the address the
    first of them saw (from X-Forwarded-For); otherwise the connection's."""
    count = settings.NEWSROOM_PROXY_COUNT
    if count:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= count:
            try:
                return str(ipaddress.ip_address(forwarded[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR") or None


def is_same_origin(request):
    """False when the browser says the POST comes from another site (Origin, else Referer)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}"
    referer = request.headers.get("Referer")
    if referer is not None:
        parts = urlsplit(referer)
        return (parts.scheme, parts.netloc) == (request.scheme, request.get_host())
    # Browsers always send Origin on a cross-site POST: without both headers, no browser
    # is being made to post on someone's behalf.
    return True


def csrf_token_or_same_origin(view):
    """CSRF protection for forms shown on cached pages (the comment form).

    Signed-in users, whose requests carry authority, need Django's CSRF token as
    everywhere. Anonymous posts carry none, so the page holding the form can be cached and
    shared; a cross-site anonymous post is still refused by its Origin or Referer.
    """

    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        if not is_same_origin(request):
            return HttpResponseForbidden(
                "This form was sent from another site, so it was refused.",
                content_type="text/plain; charset=utf-8",
            )
        return view(request, *args, **kwargs)

    return wrapped
