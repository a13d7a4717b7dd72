"""The Content-Security-Policy headers built once per process and copied onto every untailored
response (pressoffice/security.py) are byte for byte what django-csp builds on each response:
public pages, a page served from the page cache, a feed, a 404 and the admin, the report-only
policy and excluded addresses included."""

from unittest import mock

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import Client

from pressoffice.security import ContentSecurityPolicyMiddleware
from tests.factories import ArticleFactory, TextBlockFactory

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


@pytest.fixture
def article():
    article = ArticleFactory(title="Губернатор открыл новую школу")
    TextBlockFactory(article=article, text="<p>Текст</p>")
    return article


def answers(article):
    """The policy headers of each kind of answer, each asked by a new reader."""
    paths = ["/", article.get_absolute_url(), article.get_absolute_url(),  # the second: a hit
             "/feeds/rss/", "/no-such-page/", "/admin/login/"]  # fmt: skip
    found = []
    for path in paths:
        response = Client().get(path)
        found.append((path, response.status_code, [response.get(name) for name in HEADERS]))
    return found


def test_copied_policies_are_the_ones_django_csp_builds(settings, article):
    settings.PAGE_CACHE_SECONDS = 3600
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "EXCLUDE_URL_PREFIXES": ["/feeds/"],
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "report-uri": "/csp-report/",
        },  # fmt: skip
    }
    stock = CSPMiddleware.process_response
    with mock.patch.object(ContentSecurityPolicyMiddleware, "process_response", stock):
        built = answers(article)
    copied = answers(article)
    assert copied == built
    assert all(headers[0] for _path, _status, headers in copied)
    assert [headers[1] is None for path, _status, headers in copied] == [
        path.startswith("/feeds/") for path, _status, _headers in copied
    ]


def test_untailored_answers_build_no_policy(client, article):
    client.get("/")
    client.get("/admin/login/")  # both policies built once, for this process
    with (
        mock.patch("csp.middleware.build_policy") as built_by_django_csp,
        mock.patch("pressoffice.security.build_policy") as built_here,
    ):
        for path in ("/", article.get_absolute_url(), "/admin/login/", "/no-such-page/"):
            assert client.get(path).has_header("Content-Security-Policy")
    built_by_django_csp.assert_not_called()
    built_here.assert_not_called()


def test_a_tailored_response_gets_its_own_policy(rf):
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())
    request = rf.get("/")
    middleware.process_request(request)
    response = HttpResponse()
    response._csp_update = {"img-src": ["https://photos.example.org"]}
    policy = middleware.process_response(request, response)["Content-Security-Policy"]
    assert "img-src 'self' https://photos.example.org" in policy
