from django.apps import AppConfig
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
