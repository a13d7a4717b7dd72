from django.apps import AppConfig


class PressofficeConfig(AppConfig):
    name = "pressoffice"
    verbose_name = "Пользователи и доступ"
