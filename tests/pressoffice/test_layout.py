"""The layout of every public page (base.html) prints its parts from Jinja2 templates
(templates/jinja2/layout/, issue 15): the same HTML as the Django templates printed, for a
fraction of the Python calls. Counted in calls, never timed."""

import cProfile
import pstats
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.middleware.csrf import _unmask_cipher_token
from django.template import context_processors, engines
from django.test import Client, RequestFactory
from django.urls import resolve

from press.channels import official_channels
from press.models import Channel
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PAGE = '{% extends "base.html" %}{% block title %}Заголовок{% endblock %}'
PAGE += "{% block content %}<p>Текст</p>{% endblock %}"
# The same page on the layout as Django's templates printed it.
DJANGO_PAGE = (
    (Path(__file__).parent / "layout_django.html")
    .read_text()
    .replace("{% block title %}{{ SITE_NAME }}{% endblock %}", "Заголовок")
    .replace("{% block content %}{% endblock %}", "<p>Текст</p>")
)
# The version for the visually impaired: its defaults, and every other choice of each setting.
A11Y_COOKIES = [
    {"a11y": "size=2;scheme=bw;spacing=1;images=on"},
    {"a11y": "size=3;scheme=wb;spacing=2;images=off"},
    {"a11y": "size=1;scheme=blue;spacing=3;images=on"},
    {"a11y": "size=2;scheme=brown;spacing=1;images=on"},
]
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# Python calls of the layout around an empty page, for a reader without cookies: about 4,900
# with Django's templates, 3,700 with Jinja2's, 2,600 with the CSRF token drawn in one call
# and the feeds' and static addresses remembered, 2,400 with the metadata in Jinja2 too,
# 1,900 with the layout's addresses read once per page.
LAYOUT_CALLS = 2000


def request_for(path, cookies=None):
    request = RequestFactory().get(path)
    request.COOKIES.update(cookies or {})
    route = path.partition("?")[0]
    request.resolver_match = None if route == "/net-takoy/" else resolve(route)
    return request


def render(source, request, **context):
    html = engines["django"].from_string(source).render(context, request)
    return TOKEN.sub(r"\1TOKEN\2", html)


@pytest.fixture
def channels():
    Channel.objects.create(kind="telegram", url="https://t.me/ulgov_press", position=0)
    Channel.objects.create(kind="vk", url="https://vk.com/ulgov_press?a=1&b=2", position=1)


@pytest.mark.parametrize("cookies", [{}, *A11Y_COOKIES])
@pytest.mark.parametrize(
    "path", ["/", "/regions/", "/people/", "/events/", "/news/", "/news/2026/",
             "/photobank/", "/press/", "/search/?q=%3Cb%3E", "/personal-data/", "/net-takoy/"],
)  # fmt: skip
def test_the_layout_prints_what_djangos_templates_printed(path, cookies, channels):
    request = request_for(path, cookies)
    assert render(PAGE, request) == render(DJANGO_PAGE, request, channels=official_channels())


def test_the_layout_without_channels_prints_the_feeds_only():
    request = request_for("/")
    html = render(PAGE, request)
    assert html == render(DJANGO_PAGE, request, channels=[])
    assert "Официальные каналы" not in html


def test_an_article_page_keeps_its_metadata_in_the_layout(client):
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count("<header") == 2  # the site's and the article's
    assert '<meta property="og:type" content="article">' in html
    assert (
        html.index('<link rel="icon"') < html.index('<link rel="canonical"') < html.index("</head>")
    )


def test_the_layout_costs_a_bounded_number_of_calls():
    request = request_for("/")
    template = engines["django"].from_string(PAGE)
    template.render({}, request)  # warm: templates compiled, addresses reversed
    request = request_for("/")
    profile = cProfile.Profile()
    profile.enable()
    template.render({}, request)
    profile.disable()
    calls = pstats.Stats(profile).total_calls
    assert calls <= LAYOUT_CALLS, calls


def token_of(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html)[1]


def test_the_pages_csrf_token_is_drawn_without_djangos_get_token(client, monkeypatch):
    """Django's get_token draws each character with a Python call or four (about 450 calls a
    page for a reader without the cookie); the page's token is drawn as a page-cache hit's."""
    calls = []
    monkeypatch.setattr(context_processors, "get_token", lambda request: calls.append(request))
    article = ArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    assert token_of(html) and not calls


def test_the_pages_csrf_token_is_accepted_and_keeps_the_readers_secret():
    strict = Client(enforce_csrf_checks=True)
    first = strict.get("/")
    secret = first.cookies[settings.CSRF_COOKIE_NAME].value
    token = token_of(first.content.decode())
    assert _unmask_cipher_token(token) == secret
    second = strict.get("/people/")
    assert _unmask_cipher_token(token_of(second.content.decode())) == secret
    assert strict.cookies[settings.CSRF_COOKIE_NAME].value == secret
    answer = strict.post("/accessibility/", {"mode": "on", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    assert (
        strict.post("/accessibility/", {"mode": "on", "csrfmiddlewaretoken": "x" * 64}).status_code
        == 403
    )


def test_the_metadata_is_what_djangos_templates_printed(channels):
    """Open Graph, feeds and JSON-LD of an article (with a cover, topics, regions and a quote),
    a region, a person and a topic, as the Django include printed them."""
    from people.models import Person
    from regions.models import Region
    from tests.factories import CoveredArticleFactory, QuoteBlockFactory, TopicFactory

    article = CoveredArticleFactory(title="«Кавычки» & <теги>", lead="Лид " * 50)
    article.topics.add(TopicFactory(), TopicFactory())
    region = Region.objects.get(slug="ulyanovskaya-oblast")
    article.regions.add(region)
    quote = QuoteBlockFactory(article=article)
    pages = [
        (article.get_absolute_url(), {"article": article, "article_page": True}),
        (article.get_absolute_url(), {"article": article}),  # its comment form sent back
        ("/regions/ulyanovskaya-oblast/", {"region": region}),
        (quote.person.get_absolute_url(), {"person": Person.objects.get(pk=quote.person_id)}),
        (article.topics.first().get_absolute_url(), {"topic": article.topics.first()}),
    ]
    for path, context in pages:
        request = request_for(path)
        html = render(PAGE, request, **context)
        assert html == render(DJANGO_PAGE, request, channels=official_channels(), **context)
        assert '<link rel="canonical"' in html
    assert "NewsArticle" in render(PAGE, request_for(pages[0][0]), **pages[0][1])


def test_the_layout_without_a_request_is_what_djangos_templates_printed(channels):
    """A page rendered with no request (no context processors) prints no form token and no
    current section, and does not fail."""
    html = render(PAGE, None)
    assert html == render(DJANGO_PAGE, None, channels=official_channels())
    assert 'name="next" value=""' in html and "csrfmiddlewaretoken" not in html
