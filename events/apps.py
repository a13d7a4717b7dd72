from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Анонсы"

    def ready(self):
        from . import cached_pages

        cached_pages.connect()
