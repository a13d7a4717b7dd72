"""The search statement prepared once per database connection, then executed by name.

PostgreSQL parses, analyses and plans a statement every time it is sent as text; for the
search statement (a dozen CTEs) that was about a third of the database's CPU per search
(issue 15). Prepared, it is planned once per connection and kept as a generic plan: the
connections are persistent (CONN_MAX_AGE), so nearly every search only executes it.

``PREPARE`` and its first ``EXECUTE`` go in one round trip, so a page keeps its one query.
A prepared statement lives as long as its session and outlives a rolled back transaction;
Django's reconnection gives a new session, known here by its new connection object. Without
persistent connections (``CONN_MAX_AGE`` 0, as docs/deploy.md asks behind PgBouncer in
transaction mode, where a session's statements are not the connection's) the statement is
sent as text: a prepared statement would not outlive the request, or would not be found.
"""

import hashlib
import re

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def execute(cursor, sql, params, types):
    """Execute ``sql`` (``%(name)s`` placeholders, ``types[name]`` their SQL types) with
    ``params`` as a statement prepared on ``cursor``'s connection, if it persists."""
    if not cursor.db.settings_dict.get("CONN_MAX_AGE"):
        cursor.execute(sql, params)
        return
    names = list(dict.fromkeys(PLACEHOLDER.findall(sql)))
    signature = ", ".join(types[name] for name in names)
    digest = hashlib.blake2b(f"{signature}\n{sql}".encode(), digest_size=10).hexdigest()
    statement = f"search_{digest}"
    known = _statements(cursor.db)
    if statement in known.get("unknown", ()):
        # An execution failed after its PREPARE was sent: whether it stayed is asked once.
        known["unknown"].discard(statement)
        if _held(cursor, statement):
            known["prepared"].add(statement)
    run = f"EXECUTE {statement} ({', '.join(['%s'] * len(names))})"
    values = [params[name] for name in names]
    if statement in known["prepared"]:
        try:
            cursor.execute(run, values)
            return
        except Exception:
            # Gone (DEALLOCATE, DISCARD ALL by a pooler) or made stale by a migration: dropped
            # if still there and prepared anew, now when no transaction waits on the error,
            # else on the next search; the connection does not fail every search until recycled.
            known["prepared"].discard(statement)
            if cursor.db.in_atomic_block:
                known.setdefault("stale", set()).add(statement)
                raise
            _drop(cursor, statement)
    elif statement in known.get("stale", ()):
        known["stale"].discard(statement)
        _drop(cursor, statement)
    numbered = PLACEHOLDER.sub(lambda match: f"${names.index(match[1]) + 1}", sql)
    prepare = f"PREPARE {statement} ({signature}) AS {numbered.replace('%', '%%')}"
    try:
        cursor.execute(f"{prepare};\n{run}", values)
    except Exception:
        known.setdefault("unknown", set()).add(statement)
        raise
    known["prepared"].add(statement)


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
    kept = getattr(db, "_search_statements", None)
    if kept is None or kept[0] is not session:
        kept = (session, {"prepared": set()})
        db._search_statements = kept
    return kept[1]


def runnable(sql):
    """A captured search statement as it can run again on its connection (under EXPLAIN):
    its EXECUTE without the PREPARE that came first; a statement sent as text as it is."""
    start = sql.rfind("EXECUTE search_")
    return sql if start < 0 else sql[start:]


def is_search(sql):
    """Whether a captured statement is the search statement, prepared or sent as text."""
    return "EXECUTE search_" in sql or "articles_searchdocument" in sql
