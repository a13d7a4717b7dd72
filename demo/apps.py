from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom and the bench's load data: made-up content, on the top floor.

    It writes articles, people and comments through their models; no app imports it.
    """

    name = "demo"
    verbose_name = "Демонстрационные данные"
