"""Search results page by page: on PostgreSQL the count comes with the page in one query."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discovery.search import limits
from discovery.search.prepared import is_search
from discovery.search.query import parse_query
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

URL = "/search/"
WORD = "элеватор"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite scans in Python: no such query"
)


def search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    searches = [q["sql"] for q in queries if is_search(q["sql"])]
    return response.content.decode(), searches


def found_titles(html):
    titles = re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def twelve():
    """Twelve matches, best first: more of the word, then newer."""
    now = timezone.now()
    return [
        ArticleFactory(
            title=" ".join([WORD] * (12 - number) + [f"№{number}"]),
            published_at=now - datetime.timedelta(hours=number + 1),
        ).title
        for number in range(12)
    ]


@postgresql_only
@pytest.mark.parametrize(
    ("page", "shown"),
    [(None, slice(0, 10)), ("1", slice(0, 10)), ("2", slice(10, 12)), ("abc", slice(0, 10))],
)
def test_the_count_and_the_page_come_in_one_query(client, twelve, page, shown):
    params = {"q": WORD} if page is None else {"q": WORD, "page": page}
    html, searches = search(client, **params)
    assert "Найдено: 12 материалов<" in html
    assert found_titles(html) == twelve[shown]
    assert len(searches) == 1, searches


@postgresql_only
def test_no_match_is_one_query_too(client, twelve):
    html, searches = search(client, q="ледокол")
    assert "Ничего не найдено" in html
    assert len(searches) == 1


@pytest.mark.parametrize("page", ["99", "-1", "0", "9" * 25])
def test_a_page_past_the_end_shows_the_last(client, twelve, page):
    html, searches = search(client, q=WORD, page=page)
    assert found_titles(html) == twelve[10:]
    assert 'aria-current="page"><span class="visually-hidden">Страница </span>2<' in html
    if connection.vendor == "postgresql":
        assert len(searches) == 2  # the count with a page that is not there, then the last


def test_ranking_stays_among_the_newest_matches_on_every_page(client, monkeypatch):
    """RANKED_LIMIT as before: the count says «больше», pages rank only the newest."""
    monkeypatch.setattr(limits, "RANKED_LIMIT", 11)
    now = timezone.now()
    oldest_best = ArticleFactory(
        title=f"{WORD} {WORD} {WORD}", published_at=now - datetime.timedelta(days=30)
    )
    for number in range(11):
        ArticleFactory(
            title=f"{WORD} {number}", published_at=now - datetime.timedelta(hours=number)
        )
    first, _ = search(client, q=WORD)
    second, _ = search(client, q=WORD, page=2)
    assert "Найдено: больше 11 материалов<" in first
    shown = found_titles(first) + found_titles(second)
    assert len(shown) == 11 and oldest_best.title not in shown


def test_the_candidates_of_a_query_are_its_words_without_order_or_exclusions():
    query = parse_query('"губернатор области" -завод бизнес-миссия or Миляев')
    assert query.as_websearch() == '"губернатор области" -завод "бизнес миссия" or Миляев'
    assert query.as_candidates() == "губернатор области бизнес миссия or Миляев"
    assert parse_query("губернатор").as_candidates() == "губернатор"
