from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Материалы"

    def ready(self):
        from . import cached_pages

        cached_pages.connect()
