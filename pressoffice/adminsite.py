"""The admin site with staff two-factor authentication (pressoffice/twofactor.py).

Installed the way Django documents for overriding the default site: ``StaffAdminConfig``
replaces ``django.contrib.admin`` in INSTALLED_APPS, so ``admin.site`` is a ``StaffAdminSite``.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path


class StaffAdminSite(admin.AdminSite):
    """Django's admin, opened only to staff who owe no second factor (as django-otp's
    ``OTPAdminSite``, but only for those the setting or their own device concern)."""

    def has_permission(self, request):
        from . import twofactor

        return super().has_permission(request) and twofactor.pending_step(request.user) is None

    def get_urls(self):
        from . import twofactor

        urls = [url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"]
        return [
            path("2fa/verify/", twofactor.verify, name="twofactor-verify"),
            path("2fa/setup/", twofactor.setup, name="twofactor-setup"),
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *urls,
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's «Смотреть на сайте» redirect, for objects the user may see in the admin
        only: upstream it answers any staff member with the object's public address, and an
        article's address is its title, so a draft's or an embargoed story's headline leaked."""
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404 from None
        model_admin = self._registry.get(model)
        obj = model_admin and model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("Нет такого объекта, или он вам недоступен.")
        return shortcut(request, content_type_id, object_id)


class StaffAdminConfig(AdminConfig):
    default_site = "pressoffice.adminsite.StaffAdminSite"
