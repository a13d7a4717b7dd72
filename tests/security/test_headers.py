"""Security headers on real responses: production's HTTPS settings, the public site's strict
Content-Security-Policy and the admin's own, cached pages included, and no CSP violation in a
real browser on the public pages."""

import importlib
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pressoffice.roles import EDITORS
from tests.factories import ArticleFactory, TextBlockFactory, staff_member

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
A11Y_COOKIE = "size=2;scheme=wb;spacing=2;images=off"
PRODUCTION_SECURITY_SETTINGS = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
)


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get(CSP)
    assert header, f"no {CSP} header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_public_policy(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers[CSP]
    assert "'unsafe-eval'" not in response.headers[CSP]


def assert_admin_policy(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]  # CKEditor 4's onclick
    assert "'unsafe-eval'" not in response.headers[CSP]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]


@pytest.fixture
def article():
    article = ArticleFactory(title="Губернатор открыл новый мост")
    TextBlockFactory(article=article)
    return article


def public_paths(article):
    return [
        "/",
        article.get_absolute_url(),
        "/search/?q=мост",
        "/news/",
        "/regions/",
        "/people/",
        "/personal-data/",
    ]


# --- production settings on real responses -------------------------------------------------------


@pytest.fixture
def production(settings, monkeypatch):
    """This test process with production's HTTPS and cookie settings (its module, read with the
    variables it insists on)."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "testserver")
    monkeypatch.setenv("DATABASE_URL", "postgres://pressoffice@127.0.0.1:5432/pressoffice")
    for name in (
        "DJANGO_SECURE_SSL_REDIRECT",
        "DJANGO_SECURE_HSTS_SECONDS",
        "DATABASE_REPLICA_URLS",
    ):
        monkeypatch.delenv(name, raising=False)
    module = importlib.import_module("pressoffice.settings.production")
    for name in PRODUCTION_SECURITY_SETTINGS:
        setattr(settings, name, getattr(module, name))
    return module


HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # as nginx, which terminates TLS, says


def test_production_redirects_plain_http_to_https(production):
    response = Client().get("/personal-data/")
    assert response.status_code == 301
    assert response.url == "https://testserver/personal-data/"


def test_production_headers_on_a_public_page(production, article):
    response = Client().get(article.get_absolute_url(), **HTTPS)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert_public_policy(response)
    csrf = response.cookies["csrftoken"]  # the comment form sets it
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_production_session_cookie_of_a_staff_login(production):
    editor = staff_member(EDITORS, username="cookie-editor")
    client = Client()
    client.get("/admin/login/", **HTTPS)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": editor.username, "password": "correct-horse-battery", "next": "/admin/"},
        **HTTPS,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert_admin_policy(response)


# --- Content-Security-Policy: public and admin ---------------------------------------------------


def test_public_pages_carry_the_strict_policy(client, article):
    for path in public_paths(article):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_public_policy(response)


def test_accessibility_version_carries_the_strict_policy(client, article):
    client.cookies["a11y"] = A11Y_COOKIE
    for path in ("/", article.get_absolute_url()):
        response = client.get(path)
        assert 'class="a11y' in response.content.decode()
        assert_public_policy(response)


def test_not_found_and_feeds_carry_the_strict_policy(client):
    assert_public_policy(client.get("/no-such-page/"))
    assert_public_policy(client.get("/feeds/rss/"))


def test_admin_pages_carry_the_admin_policy(client):
    assert_admin_policy(client.get(reverse("admin:login")))
    editor = staff_member(EDITORS, username="csp-editor")
    client.force_login(editor)
    for path in (
        reverse("admin:index"),
        reverse("admin:articles_article_add"),
        reverse("ckeditor_browse"),
        reverse("admin:twofactor-setup"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_admin_policy(response)


def test_the_admin_policy_stays_in_the_admin(client, article):
    """A staff member on the public site gets the strict policy, not the admin's."""
    client.force_login(staff_member(EDITORS, username="csp-reader"))
    assert_public_policy(client.get(article.get_absolute_url()))


def test_cached_pages_carry_the_policy(settings, client, article):
    settings.PAGE_CACHE_SECONDS = 3600
    for path in ("/", article.get_absolute_url()):
        first = Client().get(path)
        assert_public_policy(first)
        with CaptureQueriesContext(connection) as queries:
            second = Client().get(path)
        assert second.status_code == 200
        assert len(queries) == 0, f"{path}: not served from the cache"
        assert_public_policy(second)
        assert second["X-Frame-Options"] == "DENY"


# --- the public templates need nothing the strict policy forbids --------------------------------


class InlineCode(HTMLParser):
    """Collects inline scripts, event-handler and style attributes and <style> elements."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.found.append(f"inline <script> {attrs}")
        if tag == "style":
            self.found.append("<style> element")
        for name in attrs:
            if name == "style" or re.fullmatch(r"on[a-z]+", name):
                self.found.append(f"<{tag} {name}=…>")
        for name in ("href", "src", "action", "formaction"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_detector_finds_what_the_policy_forbids():
    html = (
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:go()">a</a><style>p{}</style>'
        '<script type="application/ld+json">{}</script><script src="/s.js"></script>'
    )
    assert len(inline_code(html)) == 5


def test_public_pages_have_no_inline_script_or_style(client, article):
    for cookie in (None, A11Y_COOKIE):
        if cookie:
            client.cookies["a11y"] = cookie
        for path in public_paths(article):
            found = inline_code(client.get(path).content.decode())
            assert not found, (path, found)


# The browser check of the same policies is tests/e2e/test_csp.py (it shares the e2e browser).


def _middlewares():
    """Ours, and ours with django-csp's own process_response (the policy built every time)."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from pressoffice import security

    class Upstream(security.ContentSecurityPolicyMiddleware):
        process_response = CSPMiddleware.process_response

    def get_response(request):
        return HttpResponse("x")

    return security.ContentSecurityPolicyMiddleware(get_response), Upstream(get_response)


def _headers(middleware, path, change=None):
    from django.http import HttpResponse
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    middleware.process_request(request)
    response = HttpResponse("x")
    if change:
        change(response)
    middleware.process_response(request, response)
    return {k: v for k, v in response.items() if "Security-Policy" in k}


@pytest.mark.parametrize("path", ["/", "/news/x/", "/admin/", "/admin/comments/comment/"])
def test_each_policy_is_django_csps_and_written_once(path, settings, monkeypatch):
    """Building the policy (a deep copy of every directive, then the string) was about 0.4 ms
    of each admin page: the same string each time, so it is written once per process."""
    from pressoffice import security

    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "DIRECTIVES": {"default-src": ["'self'"], "report-uri": "/csp-report/"}
    }
    ours, upstream = _middlewares()
    expected = _headers(upstream, path)
    assert set(expected) == {CSP, CSP + "-Report-Only"}
    built = []
    build_policy = security.build_policy
    monkeypatch.setattr(
        security, "build_policy", lambda **kw: built.append(kw) or build_policy(**kw)
    )
    for _ in range(3):
        assert _headers(ours, path) == expected
    assert len(built) <= 2  # the policy and the report-only one, once


def test_a_responses_own_policy_is_built_for_it(settings):
    def widen(response):
        response._csp_update = {"img-src": ["https://example.ru"]}

    ours, upstream = _middlewares()
    for path in ("/", "/admin/"):
        changed = _headers(ours, path, widen)
        assert changed == _headers(upstream, path, widen)
        assert "https://example.ru" in changed[CSP]
        assert "https://example.ru" not in _headers(ours, path)[CSP]
    exempt = _headers(ours, "/", lambda response: setattr(response, "_csp_exempt", True))
    assert exempt == {}


def test_a_new_policy_setting_is_a_new_header(settings):
    ours, _ = _middlewares()
    before = _headers(ours, "/admin/")[CSP]
    settings.ADMIN_CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
                       "frame-src": ["https://video.example.ru"]}
    }  # fmt: skip
    after = _headers(ours, "/admin/")[CSP]
    assert after != before and "https://video.example.ru" in after
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert "default-src 'none'" in _headers(ours, "/")[CSP]
