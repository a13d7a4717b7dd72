"""Response headers and login lockout: the Content-Security-Policy of the public site and of the
admin, and django-axes' answer to a locked-out login (it counts clients by
``toolkit.clients.client_network``).

The public site runs no inline script or style, so its policy (``CONTENT_SECURITY_POLICY``)
allows only this origin. CKEditor 4 in the admin cannot live with that: its toolbar buttons are
``onclick`` attributes and it writes inline styles, so pages under the admin's address get
``ADMIN_CONTENT_SECURITY_POLICY`` instead. No nonces: whole public pages are cached
(pagecache/), and a cached page would carry a stale nonce. The middleware sits
outside the page cache, so a page served from the cache gets the header on its way out too.
"""

import functools
from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.shortcuts import render
from django.urls import reverse


@functools.cache
def admin_prefix():
    return reverse("admin:index")


def is_admin_path(path):
    return path.startswith(admin_prefix())


# What a view or the request may set to make its own policy (django-csp's decorators, a nonce).
TAILORED = ("_csp_config", "_csp_update", "_csp_replace",
            "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")  # fmt: skip


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for the admin's addresses.

    The headers of a response no view tailored are built once per process (for the public site,
    for the admin) and copied: django-csp builds them anew on every response (dataclasses,
    copies and sorting: a fifth of a cached page's time). What django-csp would build is kept
    as it built it; tailored responses and DEBUG go through django-csp itself."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        tailored = any(hasattr(response, name) for name in TAILORED)
        if tailored or settings.DEBUG or isinstance(getattr(request, "_csp_nonce", None), str):
            return super().process_response(request, response)
        path = request.path_info
        for header, exempt, value, excluded in _headers(type(self), is_admin_path(path)):
            if (value and header not in response and getattr(response, exempt, False) is False
                    and not path.startswith(excluded)):  # fmt: skip
                response[header] = value
        # As django-csp does: a nonce asked for after this point is an error, not a silent one.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def _headers(middleware_class, admin):
    """(header, exemption attribute, value, excluded prefixes) of both policies, as django-csp
    builds them for an untailored response on a public (or admin) address. By class, not by
    instance: every test client builds its own middleware."""
    middleware = middleware_class(lambda request: None)
    request = _Path(admin_prefix() if admin else "/")
    found = []
    for report_only, header, exempt, setting in (
        (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
        (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
    ):
        parts = middleware.get_policy_parts(request, None, report_only=report_only)
        value = build_policy(**asdict(parts), report_only=report_only)
        excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        found.append((header, exempt, value, tuple(excluded)))
    return tuple(found)


class _Path:
    """What get_policy_parts reads of a request and a response when no view tailored them."""

    def __init__(self, path):
        self.path_info = path


def _forget_policies(setting, **kwargs):
    if "SECURITY_POLICY" in setting or setting == "DEBUG":
        _headers.cache_clear()


setting_changed.connect(_forget_policies, dispatch_uid="pressoffice.security.policies")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page in Russian, 429 Too Many Requests."""
    from axes.helpers import get_client_username, get_cool_off  # needs the settings loaded

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "security/lockout.html", context, status=429)
