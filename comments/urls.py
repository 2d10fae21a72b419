"""Comment URLs. The names are django-comments-xtd's (not namespaced), so its templates,
emails and ``get_absolute_url`` keep working; its other views (likes, DRF API) are not served."""

from django.contrib.contenttypes import views as contenttype_views
from django.urls import path
from django_comments_xtd import views as xtd_views

from . import views

urlpatterns = [
    path("post/", views.post_comment, name="comments-post-comment"),
    path("reply/<int:cid>/", views.reply, name="comments-xtd-reply"),
    path("confirm/<str:key>/", views.confirm, name="comments-xtd-confirm"),
    path("mute/<str:key>/", xtd_views.mute, name="comments-xtd-mute"),
    path("report/<int:cid>/", views.report, name="comments-report"),
    path("own/<str:token>/", views.own_comment, name="comments-own"),
    path(
        "cr/<int:content_type_id>/<str:object_id>/",
        contenttype_views.shortcut,
        name="comments-url-redirect",
    ),
]
