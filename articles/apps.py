from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from newsroom.caching import schedule

        from . import signals  # noqa: F401
        from .models import timed_changes

        schedule.register(timed_changes)
