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


def test_a_statement_deallocated_under_it_is_prepared_again_not_failed_for_good(client, articles):
    """A pooler's DISCARD ALL, an operator's DEALLOCATE: the next search prepares it anew, not
    a 500 on every search until the connection is recycled."""
    connection.close()
    search(client, "элеватор")
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "элеватор"})
    assert response.status_code == 200
    assert "<mark>Элеватор</mark> открыт" in response.content.decode()
    statements = [q["sql"] for q in queries.captured_queries if prepared.is_search(q["sql"])]
    assert statements[0].startswith("EXECUTE search_")  # failed: gone
    assert statements[-1].startswith("PREPARE search_")  # so prepared anew, at once
    html, statement = search(client, "ледокол")
    assert statement.startswith("EXECUTE search_")


def test_a_statement_gone_inside_a_transaction_is_prepared_again_by_the_next_search():
    connection.close()
    sql, types = "SELECT 12 / %(n)s", {"n": "integer"}
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, {"n": 4}, types)
        cursor.execute("DEALLOCATE ALL")
        with pytest.raises(Exception, match="does not exist"), transaction.atomic():
            prepared.execute(cursor, sql, {"n": 4}, types)
        prepared.execute(cursor, sql, {"n": 6}, types)
        assert cursor.fetchone() == (2,)
