"""The search statement prepared once per database connection, then executed by name
(toolkit/prepared.py): parsing and planning its dozen CTEs was about a third of the
database's CPU per search (issue 15)."""

from toolkit import prepared


def execute(cursor, sql, params, types):
    """Execute ``sql`` (``%(name)s`` placeholders, ``types[name]`` their SQL types) with
    ``params`` as a statement prepared on ``cursor``'s connection, if it persists."""
    prepared.execute(cursor, sql, params, prefix="search", types=types)


def runnable(sql):
    """A captured search statement as it can run again on its connection (under EXPLAIN):
    its EXECUTE without the PREPARE that came first; a statement sent as text as it is."""
    start = sql.rfind("EXECUTE search_")
    return sql if start < 0 else sql[start:]


def is_search(sql):
    """Whether a captured statement is the search statement, prepared or sent as text."""
    return "EXECUTE search_" in sql or "articles_searchdocument" in sql
