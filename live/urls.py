from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("<int:article_id>/updates/", views.newest_updates, name="updates"),
    path("<int:article_id>/updates/<int:pk>/", views.update_permalink, name="update"),
    path("<int:article_id>/feed/", views.updates_feed, name="feed"),
]
