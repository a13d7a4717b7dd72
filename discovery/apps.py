from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    """How readers find the news: search, feeds, sitemaps, the region and person pages."""

    name = "discovery"
    verbose_name = "Поиск и ленты"

    def ready(self):
        from pagecache import registry

        from .sitemaps import news_window_ends

        # The news sitemap changes by itself as its articles grow two days old.
        registry.expires(news_window_ends)
