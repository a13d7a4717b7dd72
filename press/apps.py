from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "press"
    verbose_name = "Для СМИ"

    def ready(self):
        from . import cached_pages

        cached_pages.connect()
