"""The admin site with staff two-factor authentication (pressoffice/twofactor.py).

Installed the way Django documents for overriding the default site: ``StaffAdminConfig``
replaces ``django.contrib.admin`` in INSTALLED_APPS, so ``admin.site`` is a ``StaffAdminSite``.
"""

from contextlib import suppress

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, path
from django.utils.crypto import salted_hmac
from django.utils.text import capfirst
from django.utils.translation import get_language

from toolkit.templatetags.urls import _reverse as remembered_reverse


class StaffAdminSite(admin.AdminSite):
    """Django's admin, opened only to staff who owe no second factor (as django-otp's
    ``OTPAdminSite``, but only for those the setting or their own device concern)."""

    index_template = "admin/dashboard.html"

    def each_context(self, request):
        """Every admin page tells moderators how many comments wait («(3) …» in the title)."""
        from comments.dashboard import pending_comments

        context = super().each_context(request)
        context["pending_comments"] = pending_comments(request)
        return context

    def _build_app_dict(self, request, label=None):
        """Django's (5.2), with each address reversed once per process and each name
        translated once per process and language: the sidebar of every admin page lists every
        model the user may open, two reverse() calls apiece, about 1.2 ms of each page, and
        its names were lazy translations, translated again at each sort and print
        (tests/admin/test_sidebar.py compares it with Django's). The permission checks are
        Django's, on every request."""
        app_dict = {}
        language = get_language()
        # The URLconf and script prefix, read once: each read is a context-local lookup.
        where = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        models = self._registry
        if label:
            models = {m: m_a for m, m_a in models.items() if m._meta.app_label == label}
        for model, model_admin in models.items():
            app_label = model._meta.app_label
            has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            prefix = f"admin:{app_label}_{model._meta.model_name}"
            model_dict = {
                "model": model,
                "name": _name(language, model, "verbose_name_plural"),
                "object_name": model._meta.object_name,
                "perms": perms,
                "admin_url": None,
                "add_url": None,
            }
            if perms.get("change") or perms.get("view"):
                model_dict["view_only"] = not perms.get("change")
                with suppress(NoReverseMatch):
                    model_dict["admin_url"] = self._address(where, f"{prefix}_changelist")
            if perms.get("add"):
                with suppress(NoReverseMatch):
                    model_dict["add_url"] = self._address(where, f"{prefix}_add")
            if app_label in app_dict:
                app_dict[app_label]["models"].append(model_dict)
            else:
                app_dict[app_label] = {
                    "name": _name(language, apps.get_app_config(app_label), "verbose_name"),
                    "app_label": app_label,
                    "app_url": self._address(where, "admin:app_list", (("app_label", app_label),)),
                    "has_module_perms": has_module_perms,
                    "models": [model_dict],
                }
        return app_dict

    def _address(self, where, name, kwargs=()):
        urlconf, prefix = where
        return remembered_reverse(name, (), kwargs, self.name, urlconf, prefix)

    def index(self, request, extra_context=None):
        """The newsroom's home: what waits for this user (articles/dashboard.py,
        comments/dashboard.py), the apps below."""
        context = {"panels": self.desk(request), **(extra_context or {})}
        return super().index(request, context)

    def desk(self, request):
        """The panels the user may see, in the order of the day's work: articles to review,
        then the comments waiting, then the rest of the articles."""
        from articles import dashboard
        from comments.dashboard import moderation_panel, pending_comments

        found = dashboard.panels(request, self)
        queue = pending_comments(request)
        if queue is not None:
            found.insert(1 if found else 0, moderation_panel(request, queue))
        return found

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

    def login(self, request, extra_context=None):
        """The admin's login, slowed for an account failed from many addresses.

        django-axes locks an account together with the address that failed (and an address
        that fails for any accounts), so nobody locks the real editor out from elsewhere. An
        account with LOGIN_SLOWDOWN_AFTER failures within the cool-off, from any addresses, is
        heard at most once per LOGIN_SLOWDOWN_SECONDS: the guesses slow to a crawl while the
        editor at worst waits a few seconds (docs/security.md).
        """
        username = request.POST.get("username", "") if request.method == "POST" else ""
        if username and _account_under_attack(username) and not _take_login_turn(username):
            context = {"seconds": settings.LOGIN_SLOWDOWN_SECONDS}
            return render(request, "security/login_slowed.html", context, status=429)
        return super().login(request, extra_context)

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


_names = {}  # (language, model or app config, attribute) -> its name as the admin prints it


def _name(language, owner, attribute):
    """``capfirst(owner._meta.<attribute>)`` of a model, ``owner.<attribute>`` of an app, as a
    string in ``language`` (the active one)."""
    key = (language, owner, attribute)
    name = _names.get(key)
    if name is None:
        meta = getattr(owner, "_meta", None)
        name = str(capfirst(getattr(meta, attribute))) if meta else str(getattr(owner, attribute))
        _names[key] = name
    return name


def _account_under_attack(username):
    from axes.models import AccessAttempt
    from django.db.models import Sum
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.LOGIN_SLOWDOWN_AFTER


def _take_login_turn(username):
    """One attempt per LOGIN_SLOWDOWN_SECONDS for the account; True when this one may go."""
    key = "login:turn:" + salted_hmac("login.turn", username.casefold()).hexdigest()
    try:
        return cache.add(key, 1, settings.LOGIN_SLOWDOWN_SECONDS)
    except Exception:  # the cache is down: axes still locks by account and address
        return True


class StaffAdminConfig(AdminConfig):
    default_site = "pressoffice.adminsite.StaffAdminSite"

    def ready(self):
        super().ready()  # every app's admin module is imported (registered) here
        from .admin import _russian_third_party_admins

        _russian_third_party_admins()
