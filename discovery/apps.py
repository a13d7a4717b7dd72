from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    """How readers find the news: search, feeds, sitemaps, the region and person pages."""

    name = "discovery"
    verbose_name = "Поиск и ленты"
