"""Lists offer a bounded number of pages; the sitemap is an index of paginated sections."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles import sitemaps, views
from articles.models import Article
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def small_pages(monkeypatch, settings):
    """One article a page and at most 5 pages, so a few articles make a deep list."""
    settings.PAGE_CACHE_SECONDS = 0
    monkeypatch.setattr(views.BoundedPaginator, "max_pages", 5)
    for view in (views.HomeView, views.TopicDetailView, views.MonthArchive, views.ArchiveIndex):
        monkeypatch.setattr(view, "paginate_by", 1)


def articles(count, *, topic=None, start=None):
    start = start or timezone.now() - datetime.timedelta(hours=1)
    return [
        ArticleFactory(
            published_at=start - datetime.timedelta(minutes=n), topics=[topic] if topic else []
        )
        for n in range(count)
    ]


def test_a_page_past_the_last_offered_is_404_even_with_older_news(client):
    articles(8)
    assert client.get("/?page=5").status_code == 200
    assert client.get("/?page=6").status_code == 404
    assert client.get("/?page=last").status_code == 200


def test_the_count_stops_at_the_pages_offered(client):
    articles(8)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 1
    assert re.search(r"LIMIT 6\b", counts[0]), counts[0]  # 5 pages of 1, and one to tell more
    assert "ORDER BY" not in counts[0]


def test_the_last_page_offered_links_the_month_archive_of_its_oldest_article(client):
    topic = TopicFactory()
    shown = articles(8, topic=topic)
    oldest_shown = timezone.localtime(shown[4].published_at)
    archive = f"/news/{oldest_shown.year}/{oldest_shown.month:02d}/"
    for url in ("/?page=5", f"/topics/{topic.slug}/?page=5", "/news/?page=5"):
        html = client.get(url).content.decode()
        assert "Более ранние материалы — в архиве" in html, url
        assert f'href="{archive}"' in html, url
    assert "Более ранние материалы" not in client.get("/?page=4").content.decode()


def test_a_list_shorter_than_the_pages_offered_has_no_archive_link(client):
    articles(5)
    html = client.get("/?page=5").content.decode()
    assert "Более ранние материалы" not in html
    assert client.get("/?page=6").status_code == 404


def test_a_month_archive_pages_through_the_whole_month(client):
    start = timezone.make_aware(datetime.datetime(2024, 3, 20, 12))
    articles(8, start=start)
    assert client.get("/news/2024/03/?page=8").status_code == 200
    assert client.get("/news/2024/03/?page=9").status_code == 404


def test_pagination_shows_the_pages_around_the_current_one(client, monkeypatch):
    monkeypatch.setattr(views.BoundedPaginator, "max_pages", 20)
    articles(20)
    html = client.get("/?page=12").content.decode()
    assert re.search(r'href="\?page=12" aria-current="page"', html)
    assert 'href="?page=11"' in html and 'href="?page=13"' in html
    assert 'href="?page=1"' in html and 'href="?page=20"' in html


def test_years_with_news_skip_empty_years_and_follow_local_new_year():
    zone = timezone.get_current_timezone()
    for moment in (
        datetime.datetime(2019, 6, 1, 12),
        datetime.datetime(2021, 12, 31, 23, 30),  # local time: still 2021 here, 2021 in UTC too
        datetime.datetime(2023, 1, 1, 0, 30),  # 2023 here, 2022 in UTC
        datetime.datetime(2024, 5, 5, 9),
    ):
        ArticleFactory(published_at=timezone.make_aware(moment, zone))
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2020, 3, 3), zone),
                   status=Article.Status.DRAFT)  # fmt: skip
    expected = list(Article.objects.published().dates("published_at", "year", order="DESC"))
    assert views.years_with_news() == expected
    assert [d.year for d in expected] == [2024, 2023, 2021, 2019]


def test_sitemap_index_lists_every_page_of_the_articles_section(client, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)
    made = articles(5)
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    section = "http://testserver/sitemap-articles.xml"
    assert [loc for loc in locations if loc.startswith(section)] == [
        section, f"{section}?p=2", f"{section}?p=3",
    ]  # fmt: skip
    listed = []
    for page in (1, 2, 3):
        document = etree.fromstring(client.get(f"/sitemap-articles.xml?p={page}").content)
        listed += [loc.text for loc in document.iterfind("sm:url/sm:loc", SITEMAP_NS)]
    assert sorted(listed) == sorted(f"http://testserver{a.get_absolute_url()}" for a in made)
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
