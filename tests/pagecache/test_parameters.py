"""Query parameters no page reads (utm_*, fbclid, yclid, junk) neither create cache entries
nor reach the page; refused comment posts are cheap and limited (issue 12, item 10)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.comments.helpers import form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def page_entries():
    return sum("pagecache:page:" in key for key in cache._cache)


def test_a_thousand_junk_query_strings_make_one_entry_per_page():
    article = ArticleFactory()
    client = Client()
    for page in (article.get_absolute_url(), "/"):
        before = page_entries()
        for number in range(1000):
            junk = (f"?utm_source=vk&utm_campaign=c{number}&fbclid=x{number}&yclid={number}"
                    f"&gclid=g&_openstat=o&from=tg&x{number}=1")  # fmt: skip
            assert client.get(page + junk).status_code == 200
        assert page_entries() - before <= 1


def test_a_page_asked_with_tracking_parameters_is_the_clean_page():
    article = ArticleFactory()
    html = Client().get(article.get_absolute_url() + "?utm_source=newsletter&fbclid=abc")
    assert "utm_source" not in html.content.decode() and "fbclid" not in html.content.decode()
    with CaptureQueriesContext(connection) as queries:
        Client().get(article.get_absolute_url())  # served from the entry the first one made
    assert len(queries) == 0


def test_parameters_pages_read_still_make_their_own_entries():
    ArticleFactory()
    client = Client()
    before = page_entries()
    client.get("/search/?q=губернатор")
    client.get("/search/?q=министр")
    client.get("/search/?q=губернатор&region=tulskaya-oblast")
    assert page_entries() - before == 3


def test_refused_comment_posts_are_limited_per_address_and_cheap(settings):
    settings.COMMENTS_REFUSED_RATE = "5/10m"
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    url = f"{article.get_absolute_url()}comment/"
    client = Client()
    for _ in range(5):
        assert (
            client.post(url, form_data(article, name=""), REMOTE_ADDR="198.51.100.9").status_code
            == 400
        )
    with CaptureQueriesContext(connection) as queries:
        limited = client.post(url, form_data(article, name=""), REMOTE_ADDR="198.51.100.9")
    assert limited.status_code == 429
    assert len(queries) == 0
    assert "Слишком много" in limited.content.decode()
    other = client.post(url, form_data(article, name=""), REMOTE_ADDR="198.51.100.10")
    assert other.status_code == 400
