from django.http import HttpResponsePermanentRedirect

from .models import ArticleRedirect


class ArticleRedirectFallbackMiddleware:
    """Answer a 404 with a 301 when the path is an old address of a public article.

    Like ``django.contrib.redirects``, it only looks when nothing else matched, so
    ordinary pages spend no query on it. The target is always the article's current
    URL, so a slug changed twice still takes one hop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # WordPress's plain links (/?p=123) land on the home page, which never 404s.
        if request.path == "/" and request.GET.get("p", "").isdigit():
            redirect = self.redirect_for({request.get_full_path()})
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        return self.redirect_for({request.path, request.get_full_path()}) or response

    @staticmethod
    def redirect_for(paths):
        redirect = (
            ArticleRedirect.objects.filter(old_path__in=paths)
            .select_related("article__section")
            .first()
        )
        if redirect is None or not redirect.article.is_published():
            return None
        return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
