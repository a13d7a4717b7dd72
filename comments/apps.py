from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Комментарии"

    def ready(self):
        from . import cached_pages

        cached_pages.connect()
