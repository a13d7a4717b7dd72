"""CSRF on every state-changing endpoint, listed from the URLconf.

Every route is classified in ``EXPECTED`` (admin model pages from the admin's registry, since
Django builds them alike); a route the URLconf gains without an entry here fails the test, so
a new endpoint cannot go unchecked. Each route is then POSTed (and PUT, PATCH, DELETE) without
a token, anonymously and as a superuser, and must answer 403 from the CSRF check."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WRITES, READS = "writes", "reads"

# Routes outside the admin's per-model pages: what each does with a POST.
EXPECTED = {
    "admin/ckeditor/upload/": WRITES,  # stores an image
    "admin/ckeditor/browse/": READS,
    "admin/2fa/verify/": WRITES,
    "admin/2fa/setup/": WRITES,
    "admin/": READS,
    "admin/login/": WRITES,
    "admin/logout/": WRITES,
    "admin/password_change/": WRITES,
    "admin/password_change/done/": READS,
    "admin/autocomplete/": READS,
    "admin/jsi18n/": READS,
    "admin/r/<path:content_type_id>/<path:object_id>/": READS,
    "admin/pressoffice/user/<id>/password/": WRITES,
    "admin/articles/article/paste/": WRITES,  # creates a draft
    "admin/articles/article/<path:object_id>/recall/": WRITES,  # takes a submission back
    "admin/articles/article/titles/": WRITES,  # corrects quote titles
    "admin/comments/comment/<int:pk>/decide/": WRITES,  # approves or rejects one comment
    "admin/comments/comment/<int:pk>/reply/": WRITES,  # publishes the office's reply
    "admin/articles/article/<str:object_id>/history/compare/": READS,
    "admin/articles/article/^recover/$": READS,
    "admin/articles/article/^recover/(\\d+)/$": WRITES,  # restores a deleted article
    "admin/articles/article/^([^/]+)/history/(\\d+)/$": WRITES,  # restores a revision
    "admin/otp_totp/totpdevice/<int:pk>/config/": READS,
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/": READS,
    "admin/(?P<url>.*)$": READS,  # the admin's catch-all: a 404 or a login redirect
    "regions/": READS,
    "regions/<slug:slug>/": READS,
    "people/": READS,
    "people/<slug:slug>/": READS,
    "accessibility/": WRITES,  # sets a cookie
    "personal-data/": READS,
    "press/": READS,
    "press/accreditation/": WRITES,  # stores a journalist's accreditation request
    "press/accreditation/sent/": READS,
    "feeds/rss/": READS,
    "feeds/atom/": READS,
    "feeds/regions/<slug:slug>/rss/": READS,
    "feeds/regions/<slug:slug>/atom/": READS,
    "feeds/people/<slug:slug>/rss/": READS,
    "feeds/people/<slug:slug>/atom/": READS,
    "feeds/topics/<slug:slug>/rss/": READS,
    "feeds/topics/<slug:slug>/atom/": READS,
    "feeds/yandex/": READS,
    "feeds/zen/": READS,
    "sitemap.xml": READS,
    "sitemap-<slug:section>.xml": READS,
    "robots.txt": READS,
    "events/": READS,
    "events/calendar.ics": READS,
    "events/regions/<slug:slug>/": READS,
    "events/regions/<slug:slug>/calendar.ics": READS,
    "events/<slug:slug>/": READS,
    "favicon.ico": READS,  # a redirect to the static icon
    "news/<slug:slug>/comment/": WRITES,  # stores a comment
    "comments/<int:pk>/report/": WRITES,  # stores a report
    "": READS,
    "news/": READS,
    "news/<int:year>/": READS,
    "news/<int:year>/<int:month>/": READS,
    "news/<slug:slug>/": READS,
    "preview/<int:pk>/": READS,
    "topics/<slug:slug>/": READS,
    "search/": READS,
    "photobank/": READS,
    "photobank/<str:kind>/<int:pk>/original/": READS,
}

# What Django's admin builds for every registered model; the changelist takes bulk actions.
MODEL_ADMIN_ROUTES = {
    "": WRITES,
    "add/": WRITES,
    "<path:object_id>/history/": READS,
    "<path:object_id>/delete/": WRITES,
    "<path:object_id>/change/": WRITES,
    "<path:object_id>/": READS,  # redirects to change/
}


def routes(patterns=None, prefix=""):
    """(route, view) of every pattern of the URLconf, admin included, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield prefix + str(pattern.pattern), pattern.callback


def expected():
    table = dict(EXPECTED)
    for model in admin.site._registry:
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        table.update({base + route: kind for route, kind in MODEL_ADMIN_ROUTES.items()})
    apps = "|".join(dict.fromkeys(model._meta.app_label for model in admin.site._registry))
    table[f"admin/^(?P<app_label>{apps})/$"] = READS
    return table


def example_path(route):
    """An address the route matches; objects need not exist: CSRF is checked before the view."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:path|str|slug):(\w+)>|<(\w+)>", "x", path)
    path = path.replace("^recover/(\\d+)/$", "recover/1/")
    path = path.replace("^recover/$", "recover/")
    path = path.replace("^([^/]+)/history/(\\d+)/$", "1/history/1/")
    path = path.replace("(?P<url>.*)$", "no-such-page/")
    path = re.sub(r"\^\(\?P<app_label>(\w+)[^$]*\$", r"\1/", path)
    return "/" + path


def test_every_route_of_the_urlconf_is_classified():
    found = {route for route, _ in routes()}
    table = expected()
    assert found - set(table) == set(), "new routes: classify them in EXPECTED"
    assert set(table) - found == set(), "routes gone: remove them from EXPECTED"


def test_no_view_is_exempt_from_csrf():
    exempt = [route for route, view in routes() if getattr(view, "csrf_exempt", False)]
    assert exempt == []


@pytest.mark.parametrize("user", [None, "superuser"])
def test_state_changing_requests_without_a_token_are_refused(user):
    client = Client(enforce_csrf_checks=True)
    if user:
        client.force_login(UserFactory(username="root-csrf", is_staff=True, is_superuser=True))
    table = expected()
    writes = [route for route in table if table[route] == WRITES]
    assert len(writes) >= 10 + 4 * len(admin.site._registry)
    for route in table:
        path = example_path(route)
        methods = ("post", "put", "patch", "delete") if table[route] == WRITES else ("post",)
        for method in methods:
            response = getattr(client, method)(path)
            assert response.status_code == 403, (method, path, response.status_code)
            assert b"CSRF" in response.content, (method, path)  # refused by the check


def test_the_403_is_the_csrf_check_a_token_gets_past_it(client):
    """The same requests with a token are not refused by CSRF: the 403s above are its work."""
    token_client = Client(enforce_csrf_checks=True)
    token_client.get("/")  # the page sets the CSRF cookie through its forms
    token = token_client.cookies.get("csrftoken")
    if token is None:
        token_client.get("/admin/login/")
        token = token_client.cookies["csrftoken"]
    response = token_client.post("/accessibility/", {"csrfmiddlewaretoken": token.value,
                                                     "mode": "on"})  # fmt: skip
    assert response.status_code == 302
    response = token_client.post("/accessibility/", {"mode": "on"})
    assert response.status_code == 403
