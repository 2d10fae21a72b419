from django.views.generic import ListView
from django.views.generic.detail import SingleObjectMixin

from articles.models import Article
from newsroom.pagination import CappedPaginator

from .models import Author


class AuthorDetailView(SingleObjectMixin, ListView):
    """An author's bio and credentials, then their published articles, paginated."""

    template_name = "authors/author_detail.html"
    paginate_by = 20
    paginator_class = CappedPaginator

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(Author.objects.prefetch_related("credentials"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.published().with_bylines().filter(bylines__author=self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = context["object_list"]
        return context
