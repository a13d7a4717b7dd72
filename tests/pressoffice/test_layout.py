"""The layout of every public page (base.html) prints its parts from Jinja2 templates
(templates/jinja2/layout/, issue 15): the same HTML as the Django templates printed, for a
fraction of the Python calls. Counted in calls, never timed."""

import cProfile
import pstats
import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
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
# with Django's templates, about 3,700 with Jinja2's.
LAYOUT_CALLS = 4000


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
