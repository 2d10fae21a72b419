from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Site"

    def ready(self):
        from . import invalidation, sites  # noqa: F401
        from .bounds import IdConverter
        from .caching import edge  # noqa: F401  (its purger listens to tags.bumped)

        # Before any URLconf (the admin's included) is loaded.
        register_converter(IdConverter, "id")


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the newsroom's desk as its site (newsroom/admin_site.py)."""

    default = False
    default_site = "newsroom.admin_site.NewsroomAdminSite"
