"""On PostgreSQL the search statement is prepared once per connection, then only executed:
parsing and planning it was a third of the database's CPU per search (issue 15)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from discovery.search import prepared
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),  # each test may close its connection
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite scans in Python"),
]


def search(client, words):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", {"q": words}).content.decode()
    (statement,) = [q["sql"] for q in queries.captured_queries if prepared.is_search(q["sql"])]
    return html, statement


@pytest.fixture
def articles():
    ArticleFactory(title="Элеватор открыт после ремонта")
    ArticleFactory(title="Ледокол вышел в рейс")


def test_a_search_is_prepared_once_then_executed(client, articles):
    connection.close()  # a session of its own: nothing prepared yet
    html, first = search(client, "элеватор")
    assert first.startswith("PREPARE search_") and "EXECUTE search_" in first
    assert "<mark>Элеватор</mark> открыт" in html
    html, second = search(client, "ледокол")  # the same statement, other words
    assert second.startswith("EXECUTE search_") and "articles_searchdocument" not in second
    assert "<mark>Ледокол</mark> вышел" in html and "Элеватор" not in html


def test_a_new_connection_prepares_it_again(client, articles):
    search(client, "элеватор")
    connection.close()
    html, statement = search(client, "элеватор")
    assert statement.startswith("PREPARE search_")
    assert "<mark>Элеватор</mark> открыт" in html


def test_without_persistent_connections_it_is_sent_as_text(client, articles, monkeypatch):
    # As docs/deploy.md sets it behind PgBouncer, whose sessions are not the connection's.
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    html, statement = search(client, "элеватор")
    assert "PREPARE" not in statement and "EXECUTE" not in statement
    assert "<mark>Элеватор</mark> открыт" in html


def test_a_failed_execution_does_not_prepare_it_twice():
    """PREPARE and EXECUTE go together: when the EXECUTE fails, the statement stays prepared,
    and preparing it again would fail with «already exists»."""
    connection.close()
    sql, types = "SELECT 12 / %(n)s", {"n": "integer"}
    with connection.cursor() as cursor:
        with pytest.raises(Exception, match="division by zero"), transaction.atomic():
            prepared.execute(cursor, sql, {"n": 0}, types)
        prepared.execute(cursor, sql, {"n": 4}, types)
        assert cursor.fetchone() == (3,)


def test_the_generic_plan_parses_the_query_once_per_search(client, articles):
    """The words as parameters would be parsed (websearch_to_tsquery) for every document
    walked: they are parsed once, in the ``terms`` CTE."""
    search(client, "элеватор")
    _, statement = search(client, "элеватор")
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        try:
            cursor.execute(f"EXPLAIN (VERBOSE) {prepared.runnable(statement)}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET plan_cache_mode")
    assert "$1" in plan  # the generic plan
    assert plan.count("websearch_to_tsquery") == 2, plan  # the words and the words held
