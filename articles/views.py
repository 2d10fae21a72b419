from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.generic import DetailView, ListView

from comments.context import article_comments_context

from .models import Article, Section, Topic


class ArticleListView(ListView):
    paginate_by = 20
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().with_bylines()


class HomeView(ArticleListView):
    template_name = "articles/home.html"


class SectionView(ArticleListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TopicView(ArticleListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.visible_to(self.request.user)
            .with_bylines()
            .prefetch_related("sections", "bylines__author__credentials")
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return redirect(self.object, permanent=True)
        response = self.render_to_response(self.get_context_data(object=self.object))
        if request.GET:
            # e.g. ?comment=<token>: a page for one commenter, never for shared caches.
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        canonical_url = self.request.build_absolute_uri(self.object.get_absolute_url())
        return super().get_context_data(
            canonical_url=canonical_url,
            **article_comments_context(self.request, self.object),
            **kwargs,
        )
