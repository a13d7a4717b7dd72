"""The search page's content is rendered by Jinja2 (issue 15): the same markup, no Django
template per widget or per result, local times, regions without a query of their own."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discovery.search.prepared import is_search, runnable
from discovery.search.views import SearchView
from tests.factories import ArticleFactory, region

pytestmark = pytest.mark.django_db

URL = "/search/"
WORD = "элеватор"


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def results(html):
    return html.split('class="search-results__list"', 1)[1].split("</ol>", 1)[0]


def test_no_django_template_renders_a_widget_or_a_result(client):
    for number in range(3):
        ArticleFactory(title=f"{WORD} {number}", regions=[region("tulskaya-oblast")])
    response = search(client, q=WORD, date_from="2020-01-01")
    names = [template.name for template in response.templates]
    assert "discovery/search.html" in names
    assert not [name for name in names if name.startswith("django/forms/")], names
    assert "includes/date_filters.html" not in names
    html = response.content.decode()
    assert html.count('class="search-result"') == 3
    assert '<input type="date" name="date_from" value="2020-01-01" id="id_date_from">' in html


def test_each_result_shows_its_regions_but_districts_in_the_search_query(client):
    article = ArticleFactory(
        title=WORD,
        regions=[
            region("tulskaya-oblast"),
            region("tsentralny-federalny-okrug"),
            region("ulyanovskaya-oblast"),
        ],
    )
    search(client, q=WORD)  # the filters' choices are built
    with CaptureQueriesContext(connection) as queries:
        html = results(search(client, q=WORD).content.decode())
    expected = [r.name for r in article.regions.all() if not r.is_district]
    assert len(expected) == 2
    assert re.findall(r'<span class="tag">([^<]*)</span>', html) == expected
    if connection.vendor == "postgresql":  # with the count and the page, no prefetch
        assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite prefetches the regions")
def test_the_search_statement_reads_a_results_region_ids_not_the_regions(client):
    """The page names them from its filters' choices: a join of the regions per result was a
    tenth of the statement's CPU."""
    ArticleFactory(title=WORD, regions=[region("tulskaya-oblast")])
    with CaptureQueriesContext(connection) as queries:
        html = results(search(client, q=WORD).content.decode())
    assert '<span class="tag">Тульская область</span>' in html
    (statement,) = [q["sql"] for q in queries.captured_queries if is_search(q["sql"])]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE name = %s",
            [runnable(statement).split()[1]],
        )
        (sql,) = cursor.fetchone()
    assert "articles_article_regions" in sql and "regions_region" not in sql


def test_filtered_news_without_words_show_their_regions_too(client):
    ArticleFactory(title="Без слов", regions=[region("tulskaya-oblast")])
    html = results(search(client, region="tulskaya-oblast").content.decode())
    assert '<span class="tag">Тульская область</span>' in html


def test_times_are_local_as_in_the_rest_of_the_site(client):
    published = timezone.make_aware(datetime.datetime(2024, 5, 6, 23, 30), datetime.UTC)
    ArticleFactory(title=WORD, published_at=published)
    html = results(search(client, q=WORD).content.decode())
    local = timezone.localtime(published)
    assert local.day == 7  # the office's zone is ahead of UTC: another day there
    assert f'<time datetime="{local.isoformat()}">7 мая 2024, {local:%H:%M}</time>' in html


def test_a_far_page_of_many_is_marked_current(client, monkeypatch):
    """The elided page list is built around the page shown, which it marks for screen readers."""
    monkeypatch.setattr(SearchView, "paginate_by", 1)
    for number in range(14):
        ArticleFactory(title=f"{WORD} {number}")
    html = search(client, q=WORD, page=9).content.decode()
    nav = html.split('aria-label="Страницы результатов поиска"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'aria-current="page"><span class="visually-hidden">Страница </span>(\d+)<',
                      nav) == ["9"]  # fmt: skip
    assert 'page=10"' in nav and 'page=8"' in nav
    assert '<span aria-hidden="true">…</span>' in nav
