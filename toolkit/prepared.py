"""Statements prepared once per PostgreSQL session, then executed by name.

PostgreSQL parses, analyses and plans a statement every time it is sent as text. For the
search statement (a dozen CTEs) that was about a third of the database's CPU per search; for
the short queries of an article page it is most of their cost (the blocks of an article:
0.20 ms of the database's CPU as text, 0.055 ms prepared; issue 15). Prepared, a statement
is planned once per connection and kept as a generic plan: the connections are persistent
(CONN_MAX_AGE), so nearly every request only executes it.

``PREPARE`` and its first ``EXECUTE`` go in one round trip, so a page keeps its query count.
A prepared statement lives as long as its session and outlives a rolled back transaction;
Django's reconnection gives a new session, known here by its new connection object. Without
persistent connections (``CONN_MAX_AGE`` 0, as docs/deploy.md asks behind PgBouncer in
transaction mode, where a session's statements are not the connection's), or on another
database than PostgreSQL, the statement is sent as text: a prepared statement would not
outlive the request, or would not be found.
"""

import hashlib
import itertools
import re

KEPT = 100  # statements prepared per session at most; more are sent as text
NAMED = re.compile(r"%\((\w+)\)s")
POSITIONAL = re.compile(r"%%|%s")


def execute(cursor, sql, params, *, prefix, types=None):
    """Execute ``sql`` with ``params`` as a statement prepared on ``cursor``'s connection, if
    it persists. Either ``%(name)s`` placeholders, ``params`` a dict and ``types[name]`` their
    SQL types; or ``%s`` placeholders as Django's compiler writes them (a literal ``%`` as
    ``%%``), ``params`` a sequence, their types inferred by PostgreSQL from where they stand.
    ``prefix`` names the statements (``EXECUTE search_…``)."""
    db = cursor.db
    if db.vendor != "postgresql" or not db.settings_dict.get("CONN_MAX_AGE"):
        cursor.execute(sql, params)
        return
    if isinstance(params, dict):
        names = list(dict.fromkeys(NAMED.findall(sql)))
        signature = ", ".join(types[name] for name in names)
        values = [params[name] for name in names]
        numbered = NAMED.sub(lambda match: f"${names.index(match[1]) + 1}", sql)
        numbered = numbered.replace("%", "%%")
    else:
        values, signature, numbers = list(params), "", itertools.count(1)
        numbered = POSITIONAL.sub(
            lambda match: match[0] if match[0] == "%%" else f"${next(numbers)}", sql
        )
    digest = hashlib.blake2b(f"{signature}\n{sql}".encode(), digest_size=10).hexdigest()
    statement = f"{prefix}_{digest}"
    known = _statements(db)
    if statement not in known["prepared"] and len(known["prepared"]) >= KEPT:
        cursor.execute(sql, params)  # a session keeps a bounded number (about ten are used)
        return
    if statement in known.get("unknown", ()):
        # An execution failed after its PREPARE was sent: whether it stayed is asked once.
        known["unknown"].discard(statement)
        if _held(cursor, statement):
            known["prepared"].add(statement)
    placeholders = ", ".join(["%s"] * len(values))
    run = f"EXECUTE {statement} ({placeholders})" if values else f"EXECUTE {statement}"
    if statement in known["prepared"]:
        try:
            cursor.execute(run, values)
            return
        except Exception as error:
            if _sqlstate(error) not in GONE:
                raise  # a timeout, a bad value, a lost connection: the query's own error
            # Gone (DEALLOCATE, DISCARD ALL by a pooler) or made stale by a migration: dropped
            # if still there and prepared anew, now when no transaction waits on the error,
            # else on the next execution; the connection does not fail every request until
            # it is recycled.
            known["prepared"].discard(statement)
            if db.in_atomic_block:
                known.setdefault("stale", set()).add(statement)
                raise
            _drop(cursor, statement)
    elif statement in known.get("stale", ()):
        known["stale"].discard(statement)
        _drop(cursor, statement)
    declared = f" ({signature})" if signature else ""
    try:
        cursor.execute(f"PREPARE {statement}{declared} AS {numbered};\n{run}", values)
    except Exception as error:
        if _sqlstate(error) == DUPLICATE and not db.in_atomic_block:
            # The session holds it and this process did not know (a pooler's session that
            # another client prepared it in): the name is the SQL's digest, so it is the same.
            known["prepared"].add(statement)
            cursor.execute(run, values)
            return
        known.setdefault("unknown", set()).add(statement)
        raise
    known["prepared"].add(statement)


# SQLSTATEs of a prepared statement gone from the session (invalid_sql_statement_name) or whose
# plan a migration made stale («cached plan must not change result type», feature_not_supported);
# and of one the session already holds (duplicate_prepared_statement).
GONE = {"26000", "0A000"}
DUPLICATE = "42P05"


def _sqlstate(error):
    """The SQLSTATE of a database error, as psycopg gives it under Django's wrapper."""
    return getattr(error, "pgcode", None) or getattr(error.__cause__, "pgcode", None)


def _held(cursor, statement):
    """Whether this session holds ``statement``."""
    cursor.execute("SELECT EXISTS (SELECT FROM pg_prepared_statements WHERE name = %s)",
                   [statement])  # fmt: skip
    return cursor.fetchone()[0]


def _drop(cursor, statement):
    """DEALLOCATE ``statement`` if this session still holds it."""
    if _held(cursor, statement):
        cursor.execute(f"DEALLOCATE {statement}")


def _statements(db):
    """The statements prepared in ``db``'s current session (a DatabaseWrapper's connection)."""
    session = db.connection
    kept = getattr(db, "_prepared_statements", None)
    if kept is None or kept[0] is not session:
        kept = (session, {"prepared": set()})
        db._prepared_statements = kept
    return kept[1]
