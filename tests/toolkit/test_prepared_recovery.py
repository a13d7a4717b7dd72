"""toolkit/prepared.py on PostgreSQL when things go wrong: a statement gone or made stale
under it is prepared anew; one the session already holds is used; a query's own error (a
timeout, a lost connection) is raised as it is, never run twice; a session keeps a bounded
number of statements (from a review of issue 15's work)."""

import time

import pytest
from django.db import connection, connections, transaction
from django.db.utils import InterfaceError, OperationalError
from django.test.utils import CaptureQueriesContext

from toolkit import prepared

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statements"),
]


def run(sql, params):
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params, prefix="probe")
        return cursor.fetchall()


@pytest.fixture
def table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE probe_t (id int, name varchar(10))")
        cursor.execute("INSERT INTO probe_t VALUES (1, 'a')")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS probe_t")


def test_a_column_type_changed_by_a_migration_outside_a_transaction(table):
    sql = "SELECT id, name FROM probe_t WHERE id = %s"
    assert run(sql, [1]) == [(1, "a")]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE probe_t ALTER COLUMN name TYPE varchar(20)")
    with CaptureQueriesContext(connection) as queries:
        assert run(sql, [1]) == [(1, "a")]
    assert queries.captured_queries[-1]["sql"].startswith("PREPARE probe_")


def test_a_column_type_changed_by_a_migration_inside_a_transaction(table):
    """Guard (passes), as documented: inside a transaction the stale statement fails it once;
    the next execution, outside, drops it and prepares it anew."""
    sql = "SELECT id, name FROM probe_t WHERE id = %s"
    assert run(sql, [1]) == [(1, "a")]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE probe_t ALTER COLUMN name TYPE varchar(20)")
    with pytest.raises(Exception, match="cached plan"), transaction.atomic():
        run(sql, [1])
    assert run(sql, [1]) == [(1, "a")]


def test_deallocate_all_by_a_pooler(table):
    sql = "SELECT id, name FROM probe_t WHERE id = %s"
    assert run(sql, [1]) == [(1, "a")]
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert run(sql, [1]) == [(1, "a")]


def test_a_failing_first_execution_then_a_good_one():
    sql = "SELECT 1 / %s"
    for _ in range(2):
        with pytest.raises(Exception, match="division by zero"):
            run(sql, [0])
    assert run(sql, [1]) == [(1,)]


def test_prepared_statement_already_in_the_session_but_not_known():
    """As behind PgBouncer in transaction mode with CONN_MAX_AGE > 0: another client's
    session already holds the statement under the same name."""
    sql = "SELECT %s::int + 1"
    assert run(sql, [1]) == [(2,)]
    connection._prepared_statements = None  # what this client knows, lost (another client)
    assert run(sql, [2]) == [(3,)]


def test_many_distinct_statements_are_bounded():
    for n in range(300):
        assert run(f"SELECT %s::int + {n}", [1]) == [(n + 1,)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        count = cursor.fetchone()[0]
    assert count <= prepared.KEPT, count


def test_a_timed_out_execution_is_not_run_twice():
    sql = "SELECT pg_sleep(%s)"
    run(sql, [0])
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 300")
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        with pytest.raises(Exception, match="statement timeout"):
            run(sql, [1])
        took = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
    assert len(queries.captured_queries) == 1 and took < 0.6, (queries.captured_queries, took)


def test_a_lost_connection_surfaces_as_a_database_outage():
    sql = "SELECT %s::int"
    run(sql, [1])
    pid = connection.connection.get_backend_pid()
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    with pytest.raises((OperationalError, InterfaceError)) as raised:
        run(sql, [2])
    assert "cursor already closed" not in str(raised.value)
    connection.close()
