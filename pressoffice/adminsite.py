"""The admin site with staff two-factor authentication (pressoffice/twofactor.py).

Installed the way Django documents for overriding the default site: ``StaffAdminConfig``
replaces ``django.contrib.admin`` in INSTALLED_APPS, so ``admin.site`` is a ``StaffAdminSite``.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path


class StaffAdminSite(admin.AdminSite):
    """Django's admin, opened only to staff who owe no second factor (as django-otp's
    ``OTPAdminSite``, but only for those the setting or their own device concern)."""

    def has_permission(self, request):
        from . import twofactor

        return super().has_permission(request) and twofactor.pending_step(request.user) is None

    def get_urls(self):
        from . import twofactor

        return [
            path("2fa/verify/", twofactor.verify, name="twofactor-verify"),
            path("2fa/setup/", twofactor.setup, name="twofactor-setup"),
            *super().get_urls(),
        ]


class StaffAdminConfig(AdminConfig):
    default_site = "pressoffice.adminsite.StaffAdminSite"
