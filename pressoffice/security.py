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
from http.client import INTERNAL_SERVER_ERROR, NOT_FOUND

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import render
from django.urls import reverse


@functools.cache
def admin_prefix():
    return reverse("admin:index")


def is_admin_path(path):
    return path.startswith(admin_prefix())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for the admin's addresses, and
    each policy written once per process."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = admin_config()
        return parts

    def process_response(self, request, response):
        """django-csp's (4.0), but for where the policy comes from (``_policy``): a policy
        depends on its parts only, and without a nonce or a view's own changes those are the
        settings' or the admin's, so building it on every response (a deep copy of every
        directive, then the string), about 0.4 ms of each admin page and 0.15 ms of a public
        one, wrote the same string each time."""
        if response.status_code in (INTERNAL_SERVER_ERROR, NOT_FOUND) and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(request, response, report_only=report_only)
            csp = _policy(parts, report_only)
            if csp:
                policy = getattr(settings, setting, None) or {}
                prefixes = policy.get("EXCLUDE_URL_PREFIXES", None) or ()
                is_not_excluded = not request.path_info.startswith(tuple(prefixes))
                is_not_exempt = getattr(response, exempt, False) is False
                if header not in response and is_not_exempt and is_not_excluded:
                    response[header] = csp
        # As upstream: past the header, asking for a nonce is an error, never a silent one.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@functools.cache
def admin_config():
    """The admin's directives, as django-csp's default_config() completes them."""
    return default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])


_policies = {}  # (report-only, "settings" or "admin") -> the header's value


def _policy(parts, report_only):
    """build_policy() of ``parts``, kept when they are the settings' or the admin's alone."""
    where = None
    if parts.update is None and parts.replace is None and parts.nonce is None:
        if parts.config is None:
            where = "settings"
        elif parts.config is admin_config():
            where = "admin"
    if where is None:
        return build_policy(**asdict(parts), report_only=report_only)
    found = _policies.get((report_only, where))
    if found is None:
        found = _policies[report_only, where] = build_policy(
            **asdict(parts), report_only=report_only
        )
    return found


@receiver(setting_changed)
def _forget_policies(*, setting, **kwargs):
    if setting in {"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY",
                   "ADMIN_CONTENT_SECURITY_POLICY"}:  # fmt: skip
        _policies.clear()
        admin_config.cache_clear()


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page in Russian, 429 Too Many Requests."""
    from axes.helpers import get_client_username, get_cool_off  # needs the settings loaded

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "security/lockout.html", context, status=429)
