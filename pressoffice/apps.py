import axes.apps
import django_otp.plugins.otp_totp.apps as otp_totp
import mailer.apps
from django.apps import AppConfig


class PressofficeConfig(AppConfig):
    default = True  # this module holds other apps' configs too
    name = "pressoffice"
    verbose_name = "Пользователи и доступ"

    def ready(self):
        from pagecache import registry

        from . import accessibility

        # The accessibility version is a variant of every page, not a personal one.
        registry.varies_on_cookie(accessibility.COOKIE, accessibility.read)


class LoginAttemptsConfig(axes.apps.AppConfig):
    """django-axes under a Russian name in the admin (its own is «Axes»)."""

    verbose_name = "Попытки входа"


class TwoFactorDevicesConfig(otp_totp.DefaultConfig):
    """django-otp's TOTP devices under a Russian name in the admin (its own is «Otp_Totp»)."""

    verbose_name = "Двухфакторная аутентификация"


class MailQueueConfig(mailer.apps.MailerConfig):
    """django-mailer's queue under a Russian name in the admin (its own is «Mailer»)."""

    verbose_name = "Очередь почты"
