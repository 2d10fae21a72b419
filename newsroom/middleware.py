import re
import uuid

from csp.utils import build_policy
from django.conf import settings
from django.http import HttpResponseBadRequest

from .logging import request_id_var

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def is_admin_path(path):
    return path.startswith(settings.NEWSROOM_ADMIN_PATH_PREFIXES)


class RequestIDMiddleware:
    """Give every request an id for the logs, taken from a sane X-Request-ID or made here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RejectNullBytesMiddleware:
    """400 for a NUL byte in the path or query: no page has one, and PostgreSQL refuses them
    in text, which would turn a lookup into a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return HttpResponseBadRequest(
                "Bad request: NUL byte.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not send."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.NEWSROOM_PERMISSIONS_POLICY)
        if is_admin_path(request.path_info):
            # CKEditor's upload dialog loads its result into a same-origin frame.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class ContentSecurityPolicyMiddleware:
    """A strict policy everywhere; admin pages get only what CKEditor 4 needs on top.

    Both policies are built once, from CONTENT_SECURITY_POLICY (django-csp's format), rather
    than for every response: no view here needs a nonce or a per-view policy.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.reader_policy = build_policy()
        self.admin_policy = build_policy(
            update=settings.NEWSROOM_ADMIN_CSP_UPDATE, replace=settings.NEWSROOM_ADMIN_CSP_REPLACE
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = is_admin_path(request.path_info)
            response["Content-Security-Policy"] = self.admin_policy if admin else self.reader_policy
        return response
