"""What a page-cache hit costs, counted (issue 15): the CSRF token drawn without a Python call
per character, no date parsed when nobody asks for a 304, each tag's key made once per
process; and the token still passes Django's CSRF check."""

import re
import string
from unittest import mock

import pytest
from django.middleware import csrf
from django.test import Client
from django.urls import reverse

from pagecache import middleware, tags, tokens
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
HOME = "/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def article():
    return ArticleFactory(title="Губернатор открыл новую школу")


def hit(path):
    """``path`` stored by one reader, then served to a new one (no cookie, as a first visit)."""
    assert Client().get(path).status_code == 200
    return Client(enforce_csrf_checks=True)


def test_a_hit_draws_the_token_without_a_call_per_character(article):
    reader = hit(HOME)
    with mock.patch.object(csrf, "get_random_string", wraps=csrf.get_random_string) as drawn:
        response = reader.get(HOME)
    assert response.status_code == 200 and TOKEN.search(response.text)
    assert "csrftoken" in response.cookies
    drawn.assert_not_called()


def test_the_token_of_a_hit_passes_the_csrf_check(article):
    for path in (HOME, article.get_absolute_url()):
        reader = hit(path)
        response = reader.get(path)
        token = TOKEN.search(response.text).group(1)
        secret = response.cookies["csrftoken"].value
        assert csrf._unmask_cipher_token(token) == secret
        form = reverse("accessibility")
        posted = reader.post(form, {"csrfmiddlewaretoken": token, "next": "/"})
        assert posted.status_code == 302, path
        # And a forged one does not.
        forged = token[:-1] + ("a" if token[-1] != "a" else "b")
        refused = reader.post(form, {"csrfmiddlewaretoken": forged, "next": "/"})
        assert refused.status_code == 403, path


def test_masking_is_djangos():
    secret = csrf._get_new_csrf_string()
    for _ in range(50):
        token = tokens.mask(secret).decode()
        assert len(token) == csrf.CSRF_TOKEN_LENGTH
        csrf._check_token_format(token)
        assert csrf._unmask_cipher_token(token) == secret
    fresh = tokens.new_secret()
    csrf._check_token_format(fresh)
    assert len(fresh) == csrf.CSRF_SECRET_LENGTH


def test_random_letters_have_no_modulo_bias():
    """Each byte below 248 is one letter (4 bytes per letter); 248–255 are dropped, not folded
    onto the first eight letters."""
    every_byte = bytes(range(256))
    with mock.patch.object(tokens.os, "urandom", side_effect=[every_byte, every_byte]):
        letters = tokens.random_indices(248).translate(tokens._LETTER).decode()
    assert {letters.count(letter) for letter in csrf.CSRF_ALLOWED_CHARS} == {4}
    # Only dropped bytes at first: it draws again rather than give fewer letters.
    with mock.patch.object(tokens.os, "urandom", side_effect=[b"\xff" * 40, b"\x00" * 40]):
        assert tokens.new_secret() == "a" * 32
    drawn = "".join(tokens.new_secret() for _ in range(200))
    assert set(drawn) == set(string.ascii_letters + string.digits)


def test_a_reader_with_the_cookie_keeps_its_secret(article):
    reader = hit(HOME)
    reader.get(HOME)
    secret = reader.cookies["csrftoken"].value
    for _ in range(3):
        response = reader.get(HOME)
        assert csrf._unmask_cipher_token(TOKEN.search(response.text).group(1)) == secret


def test_a_hit_parses_no_date_unless_asked_for_a_304(article):
    reader = hit("/feeds/rss/")  # a page with Last-Modified
    first = reader.get("/feeds/rss/")
    assert first.has_header("Last-Modified")
    with mock.patch.object(
        middleware, "parse_http_date_safe", wraps=middleware.parse_http_date_safe
    ) as parsed:
        assert reader.get("/feeds/rss/").status_code == 200
        assert parsed.call_count == 0
        again = reader.get("/feeds/rss/", headers={"if-none-match": first["ETag"]})
        assert again.status_code == 304
        late = reader.get("/feeds/rss/", headers={"if-modified-since": first["Last-Modified"]})
        assert late.status_code == 304


def test_a_list_hit_makes_no_tag_key_twice(article):
    ArticleFactory(title="Вторая новость")
    reader = hit(HOME)
    reader.get(HOME)
    with mock.patch.object(tags.hashlib, "md5", wraps=tags.hashlib.md5) as hashed:
        response = reader.get(HOME)
    assert response.status_code == 200 and "Вторая новость" in response.text
    hashed.assert_not_called()


def test_a_hit_copies_headers_made_once(article):
    """The stored headers, the ETag, Cache-Control and Vary are set through Django's API once
    per process and page version, not on every hit; and stay those of a rendered page."""
    url = article.get_absolute_url()
    rendered = Client().get(url)
    reader = Client()
    first = reader.get(url)
    made = middleware._headers.cache_info().misses
    for _ in range(3):
        again = reader.get(url)
        assert without_length(again) == without_length(first)
    assert middleware._headers.cache_info().misses == made
    for name in ("ETag", "Cache-Control", "Vary", "Content-Type", "X-Frame-Options"):
        assert again[name] == rendered[name], name
    assert int(again["Content-Length"]) == len(again.content)


def without_length(response):
    return {name: value for name, value in response.items() if name != "Content-Length"}


def test_a_search_hit_cleans_its_query_once(article):
    query = "/search/?q=%D1%88%D0%BA%D0%BE%D0%BB%D0%B0&utm_source=test-hits"
    reader = hit(query)
    reader.get(query)
    with mock.patch.object(middleware, "parse_qsl", wraps=middleware.parse_qsl) as parsed:
        for _ in range(3):
            assert reader.get(query).status_code == 200
    parsed.assert_not_called()
