from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """Installed for its template tags (russian, pictures, typography, fragments); no models."""

    name = "toolkit"
    verbose_name = "Общие инструменты"

    def ready(self):
        from .images import listen_for_image_sources_only

        listen_for_image_sources_only()
