"""The news sitemap /sitemap-news.xml: the articles of the last two days with Google's
``news:news``, valid against the sitemap schema with the news extension, listed in the index."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Article
from articles.workflow import apply
from tests.factories import ArticleFactory

SCHEMA = etree.XMLSchema(etree.parse(Path(__file__).parent / "data" / "sitemap-with-news.xsd"))
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
URL = "/sitemap-news.xml"

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def news_sitemap(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    document = etree.fromstring(response.content)
    assert SCHEMA.validate(document), SCHEMA.error_log
    return document


def entries(document):
    """{loc: (name, language, publication_date, title)} of the urls with news:news."""
    found = {}
    for url in document.iterfind("sm:url", NS):
        news = url.find("news:news", NS)
        if news is not None:
            found[url.findtext("sm:loc", namespaces=NS)] = tuple(
                news.findtext(path, namespaces=NS)
                for path in (
                    "news:publication/news:name",
                    "news:publication/news:language",
                    "news:publication_date",
                    "news:title",
                )
            )
    return found


def loc(article):
    return f"http://testserver{article.get_absolute_url()}"


def test_lists_the_articles_of_the_last_two_days_with_their_news_tags(client):
    fresh = ArticleFactory(title="Ремонт дорог & мостов: «итоги»", published_at=hours_ago(1))
    older = ArticleFactory(published_at=hours_ago(47))
    stale = ArticleFactory(published_at=hours_ago(49))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    scheduled = ArticleFactory(published_at=hours_ago(-2))
    withdrawn = ArticleFactory(published_at=hours_ago(3))
    apply(withdrawn, "unpublish", by=None, reason="Ошибка")
    withdrawn.save()
    found = entries(news_sitemap(client))
    assert list(found) == [loc(fresh), loc(older)]  # newest first
    published = timezone.localtime(fresh.published_at).isoformat(timespec="seconds")
    assert found[loc(fresh)] == (settings.SITE_NAME, "ru", published, fresh.title)
    assert published.endswith("+04:00")  # the office's zone, to the second
    for article in (stale, draft, scheduled, withdrawn):
        assert loc(article) not in client.get(URL).content.decode()


def test_is_listed_in_the_sitemap_index_that_robots_txt_names(client):
    ArticleFactory()
    index = etree.fromstring(client.get("/sitemap.xml").content)
    sections = [element.text for element in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert f"http://testserver{URL}" in sections
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").text


def test_without_news_for_two_days_it_lists_the_newest_article_without_news_tags(client):
    newest = ArticleFactory(published_at=hours_ago(72))
    ArticleFactory(published_at=hours_ago(96))
    document = news_sitemap(client)
    assert entries(document) == {}
    assert [u.findtext("sm:loc", namespaces=NS) for u in document.iterfind("sm:url", NS)] == [
        loc(newest)
    ]


def test_a_site_without_news_lists_its_home_page(client):
    document = news_sitemap(client)
    assert [u.findtext("sm:loc", namespaces=NS) for u in document.iterfind("sm:url", NS)] == [
        "http://testserver/"
    ]


def test_a_cached_news_sitemap_lets_an_article_go_when_it_turns_two_days_old(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    leaving = ArticleFactory(published_at=hours_ago(47.5))
    staying = ArticleFactory(published_at=hours_ago(1))
    client.get(URL)
    assert loc(leaving) in entries(news_sitemap(client))  # from the cache
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        found = entries(news_sitemap(client))
    assert loc(leaving) not in found
    assert loc(staying) in found


def test_runs_the_same_queries_for_1_and_30_articles(client, django_assert_num_queries):
    ArticleFactory(published_at=hours_ago(1))
    client.get(URL)
    with CaptureQueriesContext(connection) as one:
        client.get(URL)
    ArticleFactory.create_batch(29, published_at=hours_ago(2))
    with django_assert_num_queries(len(one)):
        assert len(entries(news_sitemap(client))) == 30
