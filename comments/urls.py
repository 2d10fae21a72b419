"""Comment URLs. The names are django-comments-xtd's (not namespaced), so its templates,
emails and ``get_absolute_url`` keep working; its other views (likes, DRF API) are not served.
Ids are ``<id:...>`` (newsroom/bounds.py): a number too long to be one is a 404, not a 500."""

from django.urls import path

from . import views

urlpatterns = [
    path("post/", views.post_comment, name="comments-post-comment"),
    path("reply/<id:cid>/", views.reply, name="comments-xtd-reply"),
    path("confirm/<str:key>/", views.confirm, name="comments-xtd-confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="comments-unsubscribe"),
    # Links in emails sent by django-comments-xtd before the newsroom sent its own.
    path("mute/<str:key>/", views.legacy_mute, name="comments-xtd-mute"),
    path("report/<id:cid>/", views.report, name="comments-report"),
    path("own/<str:token>/", views.own_comment, name="comments-own"),
    path("own/<str:token>/delete/", views.own_comment_delete, name="comments-own-delete"),
    path(
        "cr/<id:content_type_id>/<str:object_id>/",
        views.commented_object,
        name="comments-url-redirect",
    ),
]
