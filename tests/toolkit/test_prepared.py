"""On PostgreSQL the article page's compiled queries (toolkit/compiled.py) are prepared once
per connection, then only executed (toolkit/prepared.py): parsing and planning them was most
of their cost to the database (issue 15). The search's own tests cover the named form and
the recovery from a statement gone under it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, QuoteBlockFactory
from toolkit import prepared

pytestmark = [
    pytest.mark.django_db(transaction=True),  # each test may close its connection
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statements"),
]


def run(sql, params):
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params, prefix="test")
        return cursor.fetchall()


def test_django_s_placeholders_and_literal_percent_signs():
    sql = "SELECT %s::int + 1, '100%%', %s::text"
    with CaptureQueriesContext(connection) as queries:
        assert run(sql, [4, "a%s"]) == [(5, "100%", "a%s")]
        assert run(sql, [6, "b"]) == [(7, "100%", "b")]
    first, second = (query["sql"] for query in queries.captured_queries)
    assert first.startswith("PREPARE test_") and "$1" in first and "$2" in first
    assert second.startswith("EXECUTE test_") and "SELECT" not in second


def test_the_article_page_executes_its_prepared_queries(client):
    article = QuoteBlockFactory(article=ArticleFactory()).article
    other = QuoteBlockFactory(article=ArticleFactory()).article
    client.get(article.get_absolute_url())  # prepares, if no earlier request on it has
    with CaptureQueriesContext(connection) as queries:
        response = client.get(other.get_absolute_url(), HTTP_COOKIE="")
    assert response.status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    assert any(sql.startswith("EXECUTE compiled_") for sql in statements), statements
    assert not any("PREPARE" in sql for sql in statements), statements


def test_without_persistent_connections_it_is_sent_as_text(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    with CaptureQueriesContext(connection) as queries:
        assert run("SELECT %s::int", [3]) == [(3,)]
    assert queries.captured_queries[0]["sql"] == "SELECT 3::int"
