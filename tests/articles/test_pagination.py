"""Lists offer a bounded number of pages; the sitemap is an index of paginated sections."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles import views
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
    # All the news: counted along the newest-first index, as the page reads it.
    assert "ORDER BY" in counts[0]


def test_a_list_narrowed_by_a_join_is_counted_unordered(client):
    topic = TopicFactory()
    articles(8, topic=topic)
    with CaptureQueriesContext(connection) as queries:
        client.get(topic.get_absolute_url())
    [count] = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert re.search(r"LIMIT 6\b", count), count
    assert "ORDER BY" not in count  # driven from the topic's side, not the newest-first index


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
    assert Article.objects.periods_with_news("year") == expected
    assert [d.year for d in expected] == [2024, 2023, 2021, 2019]


def test_sitemap_index_lists_a_section_per_month_with_news(client):
    zone = timezone.get_current_timezone()
    moments = [  # local times: the last evening of October 2024 is still October
        datetime.datetime(2024, 10, 31, 23, 30),
        datetime.datetime(2024, 11, 1, 0, 30),
        datetime.datetime(2024, 11, 15, 12, 0),
        datetime.datetime(2023, 1, 10, 9, 0),
    ]
    made = [ArticleFactory(published_at=timezone.make_aware(m, zone)) for m in moments]
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2022, 5, 5), zone),
                   status=Article.Status.DRAFT)  # fmt: skip
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    months = [loc for loc in locations if "/sitemap-articles-" in loc]
    assert months == [
        "http://testserver/sitemap-articles-2024-11.xml",
        "http://testserver/sitemap-articles-2024-10.xml",
        "http://testserver/sitemap-articles-2023-01.xml",
    ]

    def listed(section):
        document = etree.fromstring(client.get(f"/sitemap-{section}.xml").content)
        return [loc.text for loc in document.iterfind("sm:url/sm:loc", SITEMAP_NS)]

    url = "http://testserver{}".format
    assert listed("articles-2024-11") == [url(made[1].get_absolute_url()),
                                          url(made[2].get_absolute_url())]  # fmt: skip
    assert listed("articles-2024-10") == [url(made[0].get_absolute_url())]
    assert listed("articles-2023-01") == [url(made[3].get_absolute_url())]


@pytest.mark.parametrize(
    "section", ["articles-2022-05", "articles-2024-13", "articles-2024-1", "articles", "nothing"]
)
def test_a_sitemap_section_without_news_or_not_a_month_is_404(client, section):
    zone = timezone.get_current_timezone()
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2024, 11, 5), zone))
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2022, 5, 5), zone),
                   status=Article.Status.DRAFT)  # fmt: skip
    assert client.get("/sitemap-articles-2024-11.xml").status_code == 200
    assert client.get(f"/sitemap-{section}.xml").status_code == 404


def test_months_with_news_skip_empty_months_and_follow_local_midnight():
    zone = timezone.get_current_timezone()
    for moment in (datetime.datetime(2024, 3, 1, 0, 10), datetime.datetime(2024, 2, 29, 23, 50),
                   datetime.datetime(2023, 12, 31, 23, 59)):  # fmt: skip
        ArticleFactory(published_at=timezone.make_aware(moment, zone))
    expected = list(Article.objects.published().dates("published_at", "month", order="DESC"))
    assert Article.objects.periods_with_news("month") == expected
    assert [(d.year, d.month) for d in expected] == [(2024, 3), (2024, 2), (2023, 12)]
