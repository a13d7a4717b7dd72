from django.apps import AppConfig


class PressofficeConfig(AppConfig):
    name = "pressoffice"
    verbose_name = "Пользователи и доступ"

    def ready(self):
        from . import pagecache

        pagecache.connect()
