"""What pages tell search engines, link previews and feed readers; the share links."""

import datetime
import json
from urllib.parse import parse_qs, quote, urlsplit

import lxml.html
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from demo.loader import SEED_TITLE, DemoLoader
from tests.factories import (
    ArticleFactory,
    CoveredArticleFactory,
    QuoteBlockFactory,
    TopicFactory,
    region,
)

BASE = "http://testserver"
UTC_PLUS_4 = datetime.timedelta(hours=4)
QUOTED = {"Миляев Дмитрий Вячеславович", "Артемьева Наталья", "Русских Алексей Юрьевич"}


def document(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml.html.fromstring(response.content.decode())


def meta(doc):
    """``{property or name: content}`` of the <meta> elements in <head>."""
    found = {}
    for element in doc.xpath("/html/head/meta[@property or @name]"):
        found.setdefault(element.get("property") or element.get("name"), element.get("content"))
    return found


def feed_links(doc):
    return {
        (link.get("type"), link.get("href"))
        for link in doc.xpath("/html/head/link[@rel='alternate']")
    }


def jsonld(doc):
    """``{@type: data}`` of the page's JSON-LD scripts."""
    scripts = doc.xpath("//script[@type='application/ld+json']")
    data = [json.loads(script.text) for script in scripts]
    return {item["@type"]: item for item in data}


def has_offset(value):
    return datetime.datetime.fromisoformat(value).utcoffset() == UTC_PLUS_4


class DemoMetadataTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        DemoLoader().load()
        cls.seed = Article.objects.get(title=SEED_TITLE)
        cls.url = f"{BASE}{cls.seed.get_absolute_url()}"

    def test_article_page_has_canonical_open_graph_and_twitter_card(self):
        doc = document(self.client, self.seed.get_absolute_url())
        assert doc.xpath("/html/head/link[@rel='canonical']/@href") == [self.url]
        tags = meta(doc)
        assert tags["og:type"] == "article"
        assert tags["og:url"] == self.url
        assert tags["og:title"] == SEED_TITLE
        assert tags["og:description"].startswith(self.seed.lead[:60])
        assert tags["og:image"] == f"{BASE}{self.seed.cover.url}"
        assert tags["og:image:alt"] == self.seed.cover_alt
        assert tags["og:locale"] == "ru_RU"
        assert tags["og:site_name"] == settings.SITE_NAME
        assert tags["twitter:card"] == "summary_large_image"
        # Twitter/X falls back to Open Graph: the title, lead and photo are not repeated.
        assert "twitter:title" not in tags and "twitter:image" not in tags
        assert has_offset(tags["article:published_time"])
        assert len(doc.xpath("/html/head/meta[@name='description']")) == 1

    def test_every_page_links_the_news_feeds_and_its_own(self):
        everywhere = {
            ("application/rss+xml", "/feeds/rss/"),
            ("application/atom+xml", "/feeds/atom/"),
        }
        own = {
            "/": set(),
            self.seed.get_absolute_url(): set(),
            "/regions/tulskaya-oblast/": {"/feeds/regions/tulskaya-oblast/"},
            "/people/dmitry-milyaev/": {"/feeds/people/dmitry-milyaev/"},
            "/topics/aviatsiya/": {"/feeds/topics/aviatsiya/"},
        }
        for url, prefixes in own.items():
            links = feed_links(document(self.client, url))
            expected = everywhere | {
                (f"application/{kind}+xml", f"{prefix}{kind}/")
                for prefix in prefixes
                for kind in ("rss", "atom")
            }
            assert links == expected, url
            for _, href in links:
                assert self.client.get(href).status_code == 200, href

    def test_list_pages_are_websites_with_their_own_titles_and_canonical(self):
        cases = {
            "/": settings.SITE_NAME,
            "/regions/tulskaya-oblast/": "Новости Тульской области",
            "/people/dmitry-milyaev/": "Миляев Дмитрий Вячеславович",
            "/topics/aviatsiya/": "Авиация — новости",
        }
        for url, title in cases.items():
            doc = document(self.client, f"{url}?utm_source=vk")
            tags = meta(doc)
            assert tags["og:type"] == "website", url
            assert tags["og:title"] == title, url
            assert tags["og:url"] == f"{BASE}{url}", url
            assert doc.xpath("/html/head/link[@rel='canonical']/@href") == [f"{BASE}{url}"]
            assert tags["twitter:card"] == "summary", url
            assert jsonld(doc) == {}, url

    def test_second_page_of_a_list_is_its_own_canonical(self):
        doc = document(self.client, "/?page=2")
        assert doc.xpath("/html/head/link[@rel='canonical']/@href") == [f"{BASE}/?page=2"]

    def test_article_jsonld_is_a_news_article_with_dates_publisher_and_quoted_people(self):
        data = jsonld(document(self.client, self.seed.get_absolute_url()))
        news = data["NewsArticle"]
        assert news["@context"] == "https://schema.org"
        assert news["headline"] == SEED_TITLE
        assert news["url"] == news["mainEntityOfPage"]["@id"] == self.url
        assert news["datePublished"] == "2026-11-26T14:30:00+04:00"
        assert has_offset(news["dateModified"])
        assert news["dateModified"] >= news["datePublished"]
        assert news["image"] == [f"{BASE}{self.seed.cover.url}"]
        assert news["publisher"]["name"] == settings.SITE_NAME
        assert news["publisher"]["logo"]["url"] == f"{BASE}/static/img/emblem.svg"
        assert news["author"]["name"] == settings.SITE_NAME
        people = news["mentions"]
        assert {person["name"] for person in people} == QUOTED
        assert len(people) == 3
        assert all(person["@type"] == "Person" for person in people)
        assert f"{BASE}/people/dmitry-milyaev/" in {person["url"] for person in people}
        assert {place["name"] for place in news["about"]} == {
            "Ульяновская область",
            "Тульская область",
            "Тула",  # the city, a municipality the story names
            "Приволжский федеральный округ",
            "Центральный федеральный округ",
        }

    def test_article_breadcrumbs_lead_home_then_to_a_region(self):
        trail = jsonld(document(self.client, self.seed.get_absolute_url()))["BreadcrumbList"]
        items = trail["itemListElement"]
        assert [item["position"] for item in items] == [1, 2, 3]
        assert items[0] == {"@type": "ListItem", "position": 1, "name": "Главная",
                            "item": f"{BASE}/"}  # fmt: skip
        assert items[1]["name"] in {"Ульяновская область", "Тульская область"}
        assert items[1]["item"].startswith(f"{BASE}/regions/")
        assert items[2]["name"] == SEED_TITLE
        assert items[2]["item"] == self.url

    def test_share_links_are_plain_links_with_encoded_address_and_title(self):
        doc = document(self.client, self.seed.get_absolute_url())
        links = doc.xpath("//section[@class='share']//a")
        assert [link.text for link in links] == ["ВКонтакте", "Одноклассники", "Telegram"]
        hosts = [urlsplit(link.get("href")).netloc for link in links]
        assert hosts == ["vk.com", "connect.ok.ru", "t.me"]
        for link in links:
            href = link.get("href")
            assert f"url={quote(self.url, safe='')}" in href
            assert quote(SEED_TITLE, safe="") in href
            query = parse_qs(urlsplit(href).query)
            assert query["url"] == [self.url]
            assert SEED_TITLE in query.get("title", []) + query.get("text", [])
            assert link.get("target") == "_blank"
            assert set(link.get("rel").split()) == {"noopener", "noreferrer"}
            assert link.text_content().endswith(" (откроется в новом окне)")
            assert link.xpath("span[@class='visually-hidden']")
        assert not doc.xpath("//section[@class='share']//img | //section[@class='share']//script")
        # The page fetches nothing from the networks: only links, which load nothing by themselves.
        fetched = doc.xpath("//*[self::img or self::script or self::iframe or self::source]/@src"
                            " | //source/@srcset | //link/@href")  # fmt: skip
        assert [url for url in fetched if "//" in url and not url.startswith(BASE)] == []


def test_title_cannot_break_out_of_the_jsonld_script(client, db):
    title = "Опасный </script><script>alert(1)</script> заголовок & «кавычки»"
    article = ArticleFactory(title=title, regions=[region("tulskaya-oblast")])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    doc = lxml.html.fromstring(html)
    assert not doc.xpath("//script[not(@type='application/ld+json')]")
    data = jsonld(doc)
    assert data["NewsArticle"]["headline"] == title
    assert data["BreadcrumbList"]["itemListElement"][-1]["name"] == title
    assert meta(doc)["og:title"] == title


def test_share_links_encode_reserved_characters(client, db):
    article = ArticleFactory(title="Тула & Ульяновск: итоги? #1 100%")
    doc = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    [vk] = doc.xpath("//section[@class='share']//a[text()='ВКонтакте']")
    href = vk.get("href")
    assert "title=%D0%A2%D1%83%D0%BB%D0%B0%20%26%20" in href
    assert "%3F%20%231%20100%25" in href
    assert parse_qs(urlsplit(href).query)["title"] == [article.title]
    assert f"url={quote(BASE, safe='')}%2Fnews%2F" in href


def test_preview_has_no_share_links_structured_data_or_article_card(editor_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Черновик")
    doc = lxml.html.fromstring(editor_client.get(draft.get_preview_url()).content.decode())
    assert not doc.xpath("//section[@class='share']")
    assert jsonld(doc) == {}
    assert meta(doc)["og:type"] == "website"


def test_article_without_cover_has_a_small_card_and_no_image(client, db):
    article = ArticleFactory()
    doc = lxml.html.fromstring(client.get(article.get_absolute_url()).content.decode())
    tags = meta(doc)
    assert tags["twitter:card"] == "summary"
    assert "og:image" not in tags
    assert "image" not in jsonld(doc)["NewsArticle"]


def test_article_metadata_runs_no_query_per_quote_or_region(client, db, django_assert_num_queries):
    """Guards the N+1 of the JSON-LD's quoted people and regions."""
    article = CoveredArticleFactory(regions=[region("tulskaya-oblast")], topics=[TopicFactory()])
    QuoteBlockFactory(article=article)
    client.get(article.get_absolute_url())  # warm up
    with CaptureQueriesContext(connection) as one:
        client.get(article.get_absolute_url())
    for _ in range(10):
        QuoteBlockFactory(article=article)
    article.regions.add(region("ulyanovskaya-oblast"), region("privolzhsky-federalny-okrug"))
    with django_assert_num_queries(len(one)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert len(jsonld(lxml.html.fromstring(html))["NewsArticle"]["mentions"]) == 11
