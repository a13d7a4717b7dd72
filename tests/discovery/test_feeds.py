"""Feeds (RSS 2.0 and Atom), sitemap.xml and robots.txt: valid, complete, never a draft."""

import datetime
import html
from pathlib import Path

import feedparser
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Article
from articles.workflow import apply
from comments.models import Comment
from demo.comments import load_demo_comments
from demo.loader import SEED_TITLE, DemoLoader
from people.models import Person
from regions.models import Region
from tests.factories import (
    ArticleFactory,
    CoveredArticleFactory,
    PersonFactory,
    QuoteBlockFactory,
    TopicFactory,
    region,
)

# The sitemap schema with the news extension's (sitemap-news.xml's urls carry news:news).
SITEMAP_XSD = Path(__file__).parent / "data" / "sitemap-with-news.xsd"
SITEINDEX_XSD = Path(__file__).parent / "data" / "siteindex.xsd"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DISTRICT = "privolzhsky-federalny-okrug"
PERSON = "dmitry-milyaev"
TOPIC = "aviatsiya"


def feed_urls(*, district=DISTRICT, person=PERSON, topic=TOPIC):
    return [
        f"/feeds/{route}{kind}/"
        for route in ("", f"regions/{district}/", f"people/{person}/", f"topics/{topic}/")
        for kind in ("rss", "atom")
    ]


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def titles(feed):
    return [html.unescape(entry.title) for entry in feed.entries]


def entry_titled(feed, title):
    return next(entry for entry in feed.entries if html.unescape(entry.title) == title)


def sitemap_documents(client, *, news=True):
    """The section sitemaps (every page of each) that the index /sitemap.xml lists; ``news``:
    with the news sitemap, which repeats the articles of the last two days by design."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = etree.fromstring(response.content)
    documents = []
    for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS):
        if not news and loc.text.endswith("/sitemap-news.xml"):
            continue
        section = client.get(loc.text.removeprefix("http://testserver"))
        assert section.status_code == 200, loc.text
        documents.append(etree.fromstring(section.content))
    return documents


def sitemap_locations(client, *, news=True):
    return [
        loc.text
        for document in sitemap_documents(client, news=news)
        for loc in document.iterfind("sm:url/sm:loc", SITEMAP_NS)
    ]


class DemoFeedsTest(TestCase):
    """The feeds, sitemap and robots.txt of the demo newsroom, with a draft and a scheduled
    story tagged with everything the seed story is tagged with."""

    @classmethod
    def setUpTestData(cls):
        DemoLoader().load()
        cls.seed = Article.objects.get(title=SEED_TITLE)
        load_demo_comments(cls.seed)
        milyaev = Person.objects.get(slug=PERSON)
        cls.hidden = [
            ArticleFactory(title="Черновик о секретном заводе", status=Article.Status.DRAFT,
                           published_at=None),
            ArticleFactory(title="Запланированное о секретном заводе",
                           published_at=timezone.now() + datetime.timedelta(hours=1)),
        ]  # fmt: skip
        for article in cls.hidden:
            article.regions.set(cls.seed.regions.all())
            article.topics.set(cls.seed.topics.all())
            QuoteBlockFactory(article=article, person=milyaev, quote="Секретная цитата")

    def test_every_feed_is_valid_and_lists_the_seed_story(self):
        for url in feed_urls():
            feed = parse(self.client.get(url))
            assert feed.version == ("atom10" if url.endswith("atom/") else "rss20"), url
            assert SEED_TITLE in titles(feed), url
            assert feed.feed.link.startswith("http://testserver/"), url

    def test_items_carry_the_full_lead_local_dates_and_the_office_as_author(self):
        for url in ("/feeds/rss/", "/feeds/atom/"):
            response = self.client.get(url)
            entry = entry_titled(parse(response), SEED_TITLE)
            assert html.unescape(entry.summary) == self.seed.lead
            assert entry.link == f"http://testserver{self.seed.get_absolute_url()}"
            assert entry.author == settings.SITE_NAME
            # 14:30 in Ulyanovsk (UTC+4), as the demo dates it.
            assert entry.published_parsed[:5] == (2026, 11, 26, 10, 30)
            expected = "26 Nov 2026 14:30:00 +0400" if "rss" in url else "2026-11-26T14:30:00+04:00"
            assert expected in response.content.decode()

    def test_cover_is_an_enclosure_with_absolute_url_size_and_type(self):
        for url in ("/feeds/rss/", "/feeds/atom/"):
            entry = entry_titled(parse(self.client.get(url)), SEED_TITLE)
            [enclosure] = entry.enclosures
            assert enclosure.href == f"http://testserver{self.seed.cover.url}"
            assert enclosure.type == "image/jpeg"
            assert int(enclosure.length) == self.seed.cover.size > 0

    def test_article_without_cover_has_no_enclosure(self):
        bare = Article.objects.published().filter(cover="").first()
        entry = entry_titled(parse(self.client.get("/feeds/rss/")), bare.title)
        assert entry.enclosures == []

    def test_drafts_and_scheduled_articles_are_in_no_feed(self):
        for url in feed_urls():
            content = self.client.get(url).content.decode()
            assert "секретном заводе" not in content, url

    def test_no_commenter_email_or_comment_in_any_feed(self):
        comments = list(Comment.objects.all())
        assert comments
        for url in feed_urls():
            content = self.client.get(url).content.decode()
            for comment in comments:
                assert comment.user_email not in content, url
                assert comment.comment not in content, url

    def test_district_feed_includes_its_subjects_news_once(self):
        subject_only = ArticleFactory(title="Только об Ульяновской области",
                                      regions=[region("ulyanovskaya-oblast")])  # fmt: skip
        ArticleFactory(title="Об области и её округе сразу",
                       regions=[region("ulyanovskaya-oblast"), region(DISTRICT)])  # fmt: skip
        district = titles(parse(self.client.get(f"/feeds/regions/{DISTRICT}/rss/")))
        assert subject_only.title in district
        assert district.count("Об области и её округе сразу") == 1
        other = titles(parse(self.client.get("/feeds/regions/sibirsky-federalny-okrug/rss/")))
        assert subject_only.title not in other

    def test_person_and_topic_feeds_list_only_their_articles(self):
        person_feed = titles(parse(self.client.get(f"/feeds/people/{PERSON}/rss/")))
        assert person_feed == [SEED_TITLE]
        aviation = Article.objects.published().filter(topics__slug=TOPIC)
        topic_feed = titles(parse(self.client.get(f"/feeds/topics/{TOPIC}/atom/")))
        assert sorted(topic_feed) == sorted(article.title for article in aviation)

    def test_unknown_subject_is_a_404(self):
        for url in feed_urls(district="net-takogo", person="net-takogo", topic="net-takoy")[2:]:
            assert self.client.get(url).status_code == 404, url

    def test_unchanged_feed_answers_304_to_etag_and_to_date(self):
        for url in feed_urls():
            first = self.client.get(url)
            assert first.headers["ETag"] and first.headers["Last-Modified"], url
            by_etag = self.client.get(url, headers={"if-none-match": first.headers["ETag"]})
            assert by_etag.status_code == 304, url
            assert by_etag.content == b""
            by_date = self.client.get(
                url, headers={"if-modified-since": first.headers["Last-Modified"]}
            )
            assert by_date.status_code == 304, url

    def test_publication_and_withdrawal_change_the_feed_validators(self):
        url = f"/feeds/regions/{DISTRICT}/rss/"
        first = self.client.get(url)
        validators = {
            "if-none-match": first.headers["ETag"],
            "if-modified-since": first.headers["Last-Modified"],
        }
        later = timezone.now() + datetime.timedelta(minutes=5)
        with time_machine.travel(later, tick=False):
            ArticleFactory(title="Новая новость округа", published_at=later,
                           regions=[region(DISTRICT)])  # fmt: skip
            for name, value in validators.items():
                changed = self.client.get(url, headers={name: value})
                assert changed.status_code == 200, name
                assert "Новая новость округа" in changed.content.decode()
            validators = {
                "if-none-match": changed.headers["ETag"],
                "if-modified-since": changed.headers["Last-Modified"],
            }
        with time_machine.travel(later + datetime.timedelta(minutes=5), tick=False):
            article = Article.objects.get(title="Новая новость округа")
            apply(article, "unpublish", by=None, reason="Ошибка в заголовке")
            article.save()
            for name, value in validators.items():
                withdrawn = self.client.get(url, headers={name: value})
                assert withdrawn.status_code == 200, name
                assert "Новая новость округа" not in withdrawn.content.decode()

    def test_sitemap_is_valid_and_lists_the_public_site(self):
        index = etree.fromstring(self.client.get("/sitemap.xml").content)
        index_schema = etree.XMLSchema(etree.parse(SITEINDEX_XSD))
        assert index_schema.validate(index), index_schema.error_log
        schema = etree.XMLSchema(etree.parse(SITEMAP_XSD))
        documents = sitemap_documents(self.client)
        for document in documents:
            assert schema.validate(document), schema.error_log
        locations = sitemap_locations(self.client)
        base = "http://testserver"
        assert f"{base}{self.seed.get_absolute_url()}" in locations
        assert {f"{base}/", f"{base}/regions/", f"{base}/people/", f"{base}/news/"} <= set(
            locations
        )
        assert f"{base}/people/{PERSON}/" in locations
        assert f"{base}/topics/{TOPIC}/" in locations
        assert f"{base}/regions/tulskaya-oblast/" in locations
        assert f"{base}/regions/{DISTRICT}/" in locations
        for article in self.hidden:
            assert f"{base}{article.get_absolute_url()}" not in locations
        sections = sitemap_locations(self.client, news=False)
        assert len(sections) == len(set(sections))
        seed = [
            lastmod
            for document in documents
            for lastmod in document.xpath(
                "//sm:url[sm:loc=$loc]/sm:lastmod/text()",
                namespaces=SITEMAP_NS,
                loc=f"{base}{self.seed.get_absolute_url()}",
            )
        ]
        newest = max(self.seed.published_at, self.seed.updated_at)
        assert seed == [timezone.localdate(newest).isoformat()]

    def test_sitemap_leaves_out_regions_and_topics_without_news(self):
        locations = set(sitemap_locations(self.client))
        empty = Region.objects.exclude(articles__status=Article.Status.PUBLISHED).exclude(
            subjects__articles__status=Article.Status.PUBLISHED
        )
        assert empty.exists()
        for place in empty:
            assert f"http://testserver{place.get_absolute_url()}" not in locations
        lonely = TopicFactory(name="Тема без новостей")
        assert f"http://testserver{lonely.get_absolute_url()}" not in set(
            sitemap_locations(self.client)
        )

    def test_robots_txt_closes_admin_and_previews_and_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Disallow: /admin/" in lines
        assert "Disallow: /preview/" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines


def make_items(count, *, person, topic):
    """``count`` published articles with covers, in a subject of the district, quoting
    ``person``, on ``topic``."""
    start = timezone.now() - datetime.timedelta(hours=2)
    for number in range(count):
        article = CoveredArticleFactory(
            published_at=start + datetime.timedelta(minutes=number),
            regions=[region("ulyanovskaya-oblast")],
            topics=[topic, TopicFactory()],
        )
        QuoteBlockFactory(article=article, person=person)


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(8))
def test_feeds_run_the_same_queries_for_1_and_20_items(client, django_assert_num_queries, index):
    """Guards the N+1 of each item's regions, topics and cover."""
    person = PersonFactory(first_name="Пётр", last_name="Цитатов")
    topic = TopicFactory(name="Промышленность")
    url = feed_urls(person=person.slug, topic=topic.slug)[index]
    make_items(1, person=person, topic=topic)
    client.get(url)  # warm up: the Site cache
    with CaptureQueriesContext(connection) as one:
        assert len(parse(client.get(url)).entries) == 1
    make_items(20, person=person, topic=topic)
    with django_assert_num_queries(len(one)):
        feed = parse(client.get(url))
    assert len(feed.entries) == 20  # the latest 20 of 21
    assert all(entry.enclosures for entry in feed.entries)
    assert len(one) <= 6


@pytest.mark.django_db
def test_feed_validators_read_no_further_than_the_feed(client):
    """The archive may hold 100,000 articles: only the feed's own rows and the (few) withdrawn
    ones are read, never an aggregate over every article."""
    ArticleFactory.create_batch(3)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/feeds/rss/").status_code == 200
    on_articles = [q["sql"] for q in captured if 'FROM "articles_article"' in q["sql"]]
    assert on_articles
    for sql in on_articles:
        only_withdrawn = "\"status\" = 'withdrawn'" in sql and " OR " not in sql
        assert " LIMIT " in sql or only_withdrawn, sql
