from django.contrib.sites.shortcuts import get_current_site
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from authors.models import Author
from newsroom.caching import tag_response
from newsroom.pagination import CappedPaginator

from . import search, social_cards
from .front_page import front_page, prefetch_bylines
from .models import Article, Section, Topic
from .page import ArticlePage, HomePage


class ArticleListView(ListView):
    paginate_by = 20
    paginator_class = CappedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().with_bylines()

    def cache_tags(self):
        """What the page lists (newsroom/invalidation.py says what bumps each)."""
        raise NotImplementedError

    def render_to_response(self, context, **kwargs):
        return tag_response(super().render_to_response(context, **kwargs), *self.cache_tags())


class HomeView(ArticleListView):
    """The front page (lead, featured, each section's newest), then every other story."""

    template_name = "articles/home.html"
    paginate_by = 12

    def cache_tags(self):
        return ["home"]

    def get(self, request, *args, **kwargs):
        self.object_list = None  # listed only if a part is rendered (self.listing)
        number = request.GET.get(self.page_kwarg, "1")
        page = HomePage(request, self.listing, page_number=1 if number == "1" else number)
        return self.render_to_response({"parts": page.parts()})

    def listing(self):
        self.object_list = self.get_queryset()
        return self.get_context_data()

    def get_queryset(self):
        # Every page leaves out what the first page's top shows: each story is listed once.
        self.front = front_page()
        return (
            Article.objects.published()
            .select_related("section")
            .exclude(pk__in=self.front.shown_ids())
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = list(context["articles"])
        if context["page_obj"].number == 1:
            front = self.front
            prefetch_bylines(front.stories())
            context.update(lead=front.lead, featured=front.featured, sections=front.sections)
        return context


class SectionView(ArticleListView):
    template_name = "articles/section_detail.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)

    def cache_tags(self):
        return [f"section:{self.section.pk}"]


class TopicView(ArticleListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)

    def cache_tags(self):
        return [f"topic:{self.topic.pk}"]


class AuthorView(ArticleListView):
    """An author's bio and credentials, then their published articles, paginated."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            Author.objects.prefetch_related("credentials"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)

    def cache_tags(self):
        return [f"author:{self.author.pk}"]


class ArticleDetailView(DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).select_related("section")

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            return tag_response(redirect(self.object, permanent=True), *self.cache_tags())
        response = self.render_to_response(self.get_context_data(object=self.object))
        if request.GET:
            # e.g. ?comment=<token>: a page for one commenter, never for shared caches.
            patch_cache_control(response, private=True, no_store=True)
        return tag_response(response, *self.cache_tags())

    def cache_tags(self):
        """The story, its comments and its section (the older and newer stories), and what
        its parts showed: its byline and author box, its topics (the related stories), as
        the parts found them, without loading them again when they were stored."""
        article = self.object
        return [
            f"article:{article.pk}",
            f"comments:{article.pk}",
            f"section:{article.section_id}",
            *sorted(getattr(self, "shown_tags", ())),
        ]

    def get_context_data(self, **kwargs):
        page = ArticlePage(self.request, self.object)
        parts = page.parts()
        self.shown_tags = page.shown_tags
        return super().get_context_data(parts=parts, **kwargs)


@require_safe
def search_view(request):
    """Search results, paginated; an empty query shows just the form."""
    raw = request.GET.get("q", "")
    query = search.clean_query(raw)
    results = search.search_articles(query)
    paginator = Paginator(results, 20)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("No such page of results.") from error
    for article in page.object_list:
        article.snippet = search.snippet(article, query)
    response = render(
        request,
        "articles/search.html",
        {
            "query": query,
            "query_was_cut": len(" ".join(raw.split())) > len(query),
            "page_obj": page,
            "articles": page.object_list,
            "paginator": paginator,
        },
    )
    return tag_response(response, "home")  # any change to a listed story bumps it


@require_safe
def social_card(request, pk, key):
    """A story's share card, drawn on the first request and kept in storage; only the card
    for its current words (an old link is sent on to the new card)."""
    article = get_object_or_404(Article.objects.published().select_related("section"), pk=pk)
    words = article.card_words(get_current_site(request).name)
    current = social_cards.card_key(**words)
    if key != current:
        return redirect("articles:social-card", pk=pk, key=current)
    with default_storage.open(social_cards.stored_card(**words)) as card:
        # Whole, not streamed: GZip leaves alone what it cannot make smaller.
        response = HttpResponse(card.read(), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
