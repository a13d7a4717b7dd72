from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The page cache (middleware, tags, registry); no models."""

    name = "pagecache"
    verbose_name = "Кэш страниц"
