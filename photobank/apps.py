from django.apps import AppConfig


class PhotoBankConfig(AppConfig):
    """The media's photo bank: published photos at full resolution, to download; no models."""

    name = "photobank"
    verbose_name = "Фотобанк"
