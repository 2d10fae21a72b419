from django.urls import path, register_converter

from newsroom.caching import tagged

from . import converters, feeds, views

# Every change a feed shows bumps "feeds" (newsroom/invalidation.py).
in_feeds = tagged("feeds")

register_converter(converters.FourDigitYearConverter, "yyyy")
register_converter(converters.TwoDigitConverter, "dd")

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.search_view, name="search"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("topics/<slug:slug>/feed/", in_feeds(feeds.TopicFeed()), name="topic-feed"),
    path("topics/<slug:slug>/feed/atom/", in_feeds(feeds.TopicAtomFeed()), name="topic-atom"),
    path("cards/<int:pk>-<slug:key>.jpg", views.social_card, name="social-card"),
    path(
        "<slug:section>/<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="detail",
    ),
    path("<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("<slug:slug>/feed/", in_feeds(feeds.SectionFeed()), name="section-feed"),
    path("<slug:slug>/feed/atom/", in_feeds(feeds.SectionAtomFeed()), name="section-atom"),
]

# Included by the project under /authors/ with the "authors" namespace: the author page lists
# articles, so it belongs here (``authors`` knows nothing of articles).
author_urlpatterns = [
    path("<slug:slug>/", views.AuthorView.as_view(), name="detail"),
    path("<slug:slug>/feed/", in_feeds(feeds.AuthorFeed()), name="feed"),
    path("<slug:slug>/feed/atom/", in_feeds(feeds.AuthorAtomFeed()), name="atom"),
]
