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

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse


@functools.cache
def admin_prefix():
    return reverse("admin:index")


def is_admin_path(path):
    return path.startswith(admin_prefix())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for the admin's addresses."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: a page in Russian, 429 Too Many Requests."""
    from axes.helpers import get_client_username, get_cool_off  # needs the settings loaded

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "security/lockout.html", context, status=429)
