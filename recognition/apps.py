from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    """Installed for its management command (``eval_paste``); it has no models."""

    name = "recognition"
    verbose_name = "Распознавание текста"
