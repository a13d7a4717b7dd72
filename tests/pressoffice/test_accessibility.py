"""The version for the visually impaired works with plain forms and is remembered."""

import re

import pytest
from django.test import Client

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def switch(client, **data):
    return client.post("/accessibility/", data)


def html_class(client, url="/"):
    html = client.get(url).content.decode()
    return html.split("<html", 1)[1].split(">", 1)[0]


def test_every_page_offers_the_switch(client):
    article = ArticleFactory()
    for url in ["/", article.get_absolute_url(), "/regions/", "/people/", "/personal-data/"]:
        html = client.get(url).content.decode()
        assert "Версия для слабовидящих" in html, url
        assert 'action="/accessibility/"' in html


def test_switching_on_remembers_defaults_and_returns_to_the_page(client):
    article = ArticleFactory()
    response = switch(client, mode="on", next=article.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    cookie = response.cookies["a11y"]
    assert cookie["httponly"] and cookie["max-age"] == 365 * 24 * 60 * 60
    classes = html_class(client, article.get_absolute_url())
    assert "a11y-size-2" in classes and "a11y-scheme-bw" in classes
    assert "Обычная версия сайта" in client.get("/").content.decode()


def test_each_setting_can_be_changed_in_steps(client):
    switch(client, mode="on")
    switch(client, size="3", scheme="wb", spacing="3", images="off")
    classes = html_class(client)
    for name in ["a11y-size-3", "a11y-scheme-wb", "a11y-spacing-3", "a11y-images-off"]:
        assert name in classes
    html = client.get("/").content.decode()
    assert re.search(r'name="size" value="3"[^>]*checked', html)  # the panel shows the choice
    assert re.search(r'name="images" value="off"[^>]*checked', html)


def test_switching_off_restores_the_usual_site(client):
    switch(client, mode="on")
    response = switch(client, mode="off")
    assert response.cookies["a11y"].value == ""
    assert "a11y" not in html_class(client)


def test_unknown_values_fall_back_to_defaults_and_never_fail(client):
    client.cookies["a11y"] = "size=99;scheme=<script>;spacing=x;images=maybe"
    response = client.get("/")
    assert response.status_code == 200
    assert "a11y-size-2" in html_class(client)
    assert "<script>" not in html_class(client)
    assert switch(client, size="7").status_code == 302


def test_next_never_leads_off_the_site(client):
    for target in ["https://evil.example/", "//evil.example", "javascript:alert(1)"]:
        assert switch(client, mode="on", next=target)["Location"] == "/"


def test_switch_needs_post_and_csrf():
    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/accessibility/").status_code == 405
    assert strict.post("/accessibility/", {"mode": "on"}).status_code == 403
