"""Search of published articles by the words of their title, lead and body, in any word form.

One job per module, as Wagtail's ``wagtail.search`` keeps its query classes apart from its
backends:

- ``query``: the query language readers type (PostgreSQL's "websearch"), parsed into a
  ``Query`` that both implementations read;
- ``postgres``: full-text search in the ``russian`` configuration, bounded work per search;
- ``prepared``: its statement prepared once per database connection;
- ``scanned``: the same behaviour in Python for SQLite, the demo's database;
- ``highlight``: the words found, marked in titles and snippets;
- ``filters``: region, topic, person quoted and dates; ``limits``: how much a search reads;
- ``choices``, ``forms``, ``views``: the search page.
"""

from django.db import connection

from articles.models import Article

from .filters import filter_articles
from .postgres import PostgresResults
from .scanned import ScannedResults


def search(query, **filters):
    """Published articles matching ``query`` and ``filters`` (as filter_articles takes them),
    best first: a sequence a Paginator pages through.

    Each article of a page comes with ``search_title`` and ``search_snippet``: escaped HTML
    with the words found in <mark>, and ``region_ids`` on PostgreSQL (the search page names
    them from its filters' choices), where the count, a page and its regions take one query.
    On SQLite counting takes two (titles and blocks, scanned once per request), then the page
    and its regions one each.
    """
    if connection.vendor == "postgresql":
        return PostgresResults(query, **filters)
    return ScannedResults(filter_articles(Article.objects.published(), **filters), query)
