"""Search on PostgreSQL: full-text search in the ``russian`` configuration.

It reads the weighted documents that articles' migration 0005_search keeps in
``articles_searchdocument`` (title A, lead B, body C) and each body as plain text in
``articles_searchtext`` (0009_search_text), with ``articles_search_candidates()``
(0008_search_newest); the tables and functions stay with the articles they index.
"""

import datetime
import functools

from django.db import connection
from django.utils import timezone

from articles.models import Article, Block

from . import limits, prepared
from .filters import start_of
from .highlight import SNIPPET_WORDS, START, STOP, marked

CONFIG = "russian"
# created and kept current by migrations 0005_search, 0008_search_newest, 0009_search_text
DOCUMENTS = "articles_searchdocument"
TEXTS = "articles_searchtext"  # each article's body as plain text, what snippets are cut from
# ts_headline parses every word it is given: over whole texts it was a third of the statement's
# CPU. It is given EXCERPT characters from LEAD_IN before the first clause found instead, about
# SNIPPET_WORDS words (eight characters a word with its space), and they are the snippet: every
# word found marked, no fragments to choose (what choosing them over 600 characters cost was
# two thirds of the snippets' CPU).
EXCERPT, LEAD_IN = SNIPPET_WORDS * 8, SNIPPET_WORDS // 4 * 8
# That clause (a word, or a phrase's words in their order) is found by its lexemes: the Russian
# stemmer makes them by cutting endings off (and «ё» into «е»), so each starts a word of the
# text that it stands for. A phrase's words follow one another, with as many words between
# them as the stop words that the phrase held there («губернатор и правительство»): its first
# word alone is often found before the phrase («сельскохозяйственный», «"сельского
# хозяйства"»), and its excerpt would be headlined in vain before the whole text.
SOUGHT = r"""
    SELECT '\m(' || string_agg(clause.pattern, '|') || ')' AS pattern
    FROM unnest(%(clauses)s::text[]) AS held(words)
    CROSS JOIN LATERAL (
        SELECT string_agg(
            replace(lexeme, 'е', '[её]')
                || coalesce('\w*\W+' || repeat('\w+\W+', following - position - 1), ''),
            '' ORDER BY position
        ) AS pattern
        FROM (
            SELECT lexeme, position, lead(position) OVER (ORDER BY position) AS following
            FROM unnest(to_tsvector(%(config)s::regconfig, held.words)) word,
                unnest(word.positions) position
        ) words
    ) clause
"""


# The SQL types of the statement's parameters (it is prepared: see prepared.py).
TYPES = {
    "config": "regconfig", "words": "text", "held": "text", "start": "text",
    "all_options": "text", "text_options": "text",
    "clauses": "text[]", "now": "timestamptz", "date_from": "timestamptz",
    "date_to": "timestamptz", "regions": "bigint[]", "topic": "bigint", "person": "bigint",
    "sample": "integer", "walk_limit": "integer", "partial_limit": "integer",
    "candidate_limit": "integer", "ranked": "integer", "kept": "integer",
    "limit": "bigint", "offset": "bigint",
}  # fmt: skip


class PostgresResults:
    """The newest matches ranked, a page of them headlined; bounded work whatever the words.

    Which matches are the newest RANKED_LIMIT + 1 is found one of two ways, each bounded:

    - the walk: documents newest first, each tested, until RANKED_LIMIT + 1 match, at most
      WALK_LIMIT documents. Cheap for common words, which match early;
    - the candidates: the documents holding all the words sought (what the GIN index answers
      without reading a document), read in no order with their dates, at most
      CANDIDATE_LIMIT of them. Complete, and cheap for rarer words.

    The first WALK_SAMPLE documents of the walk choose: enough matches there for the walk to
    find its RANKED_LIMIT + 1 within WALK_LIMIT, and the walk goes on; else the candidates,
    if there are at most CANDIDATE_LIMIT by the sample's share of them. When neither way can
    (a phrase of common words, words common each but seldom together, an exclusion that
    leaves few of a common word's matches), only the newest PARTIAL_LIMIT documents are
    searched, and ``searched_newest`` says so: the page tells the reader to narrow by date.

    All of it happens in the one query that also counts, ranks the newest matches and brings
    the page (``prepare()`` says which page; another costs a query of its own).
    """

    def __init__(self, query, *, regions=None, topic=None, person=None, date_from=None,
                 date_to=None):  # fmt: skip
        self.text = query.as_websearch()
        self.candidates = query.as_candidates()
        self.clauses = query.clauses_sought()
        conditions, params = ["published_at <= %(now)s"], {"now": timezone.now()}
        if date_from is not None:
            conditions.append("published_at >= %(date_from)s")
            params["date_from"] = start_of(date_from)
        if date_to is not None and date_to < datetime.date.max:
            conditions.append("published_at < %(date_to)s")
            params["date_to"] = start_of(date_to + datetime.timedelta(1))
        # As filter_articles (Article.objects.in_region(), quoting()): the region's (and its
        # subjects') articles, the topic's, the person's quotes; here in SQL without the
        # articles table, which the documents stand for (tests/discovery/test_search.py runs
        # the filters on both databases).
        # «IS TRUE» keeps each from being made a join, which the planner would follow with a
        # sort of the whole filtered archive: a hash of the filter's articles is tested
        # instead, and the walk stays newest first through the index.
        regions_of, topics_of = (Article.regions.through._meta.db_table,
                                 Article.topics.through._meta.db_table)  # fmt: skip
        self._by_articles = False
        for name, value, articles in [
            ("regions", regions, f"FROM {regions_of} WHERE region_id = ANY(%(regions)s)"),
            ("topic", topic, f"FROM {topics_of} WHERE topic_id = %(topic)s"),
            ("person", person, f"FROM {Block._meta.db_table} WHERE person_id = %(person)s"),
        ]:
            if value is not None:
                conditions.append(f"(article_id IN (SELECT article_id {articles})) IS TRUE")
                params[name] = list(value) if name == "regions" else value
                self._by_articles = True
        self._where = (" AND ".join(conditions), params)
        self._found = None
        self._prepared = (0, 0)
        self._pages = {}

    def prepare(self, start, stop):
        """The slice a Paginator will ask for after the count: fetched with it."""
        if self._found is None:
            self._prepared = (start, stop)

    def count(self):
        if self._found is None:
            self._fetch(*self._prepared)
        return min(self._found, limits.RANKED_LIMIT)

    @property
    def more(self):
        """More matches than were ranked: the page says so and suggests narrowing by date."""
        self.count()
        return self._found > limits.RANKED_LIMIT

    @property
    def searched_newest(self):
        """How many of the newest documents were searched, when only they were (older ones
        may match too); None when every match was found."""
        self.count()
        return self._searched_newest

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        start, stop = index.start or 0, index.stop
        for (first, last), page in self._pages.items():
            if first == start and stop <= last:
                return page[: stop - start]
        return self._fetch(start, stop)

    def _fetch(self, start, stop):
        table, fields = Article._meta.db_table, Article._meta.concrete_fields
        regions_of = Article.regions.through._meta.db_table
        columns = ", ".join(f'article."{field.column}"' for field in fields)
        where, params = self._where
        # The queries once per execution (initplans of ``terms``): as parameters of a
        # prepared statement's generic plan, they would be parsed again for every row.
        query, held = "(SELECT words FROM terms)", "(SELECT held FROM terms)"
        same = self.candidates == self.text  # no phrase, no exclusion: a candidate is a match
        whole = "coalesce(article.lead, '') || ' ' || coalesce(text.body, '')"  # what it says
        candidate = "hit" if same else f"document @@ {held}"
        newest = f"""
            SELECT article_id, published_at{{}} FROM {DOCUMENTS} WHERE {where}
            ORDER BY published_at DESC, article_id DESC
            LIMIT %(walk_limit)s
        """
        if self._by_articles:
            # Filtered: through the index alone, and a document read only for the articles
            # that pass (most do not, and a document is a page of the table).
            walked = f"""
                SELECT article_id, published_at, document, document @@ {query} AS hit
                FROM ({newest.format("")}) newest
                CROSS JOIN LATERAL (
                    SELECT document FROM {DOCUMENTS} d WHERE d.article_id = newest.article_id
                ) d
            """
        else:
            walked = newest.format(f", document, document @@ {query} AS hit")
        sql = f"""
            WITH terms AS MATERIALIZED (
                SELECT websearch_to_tsquery(%(config)s, %(words)s) AS words,
                    websearch_to_tsquery(%(config)s, %(held)s) AS held
            ),
            sought AS MATERIALIZED ({SOUGHT}),
            walk AS (
                -- A match's rank is taken while its document is at hand.
                SELECT article_id, published_at, hit, {candidate} AS candidate,
                    CASE WHEN hit THEN ts_rank(document, {query}) END AS rank
                FROM ({walked}) walk
            ),
            sample AS MATERIALIZED (
                SELECT count(*) AS walked, count(*) FILTER (WHERE hit) AS hits,
                    count(*) FILTER (WHERE candidate) AS candidates
                FROM (SELECT hit, candidate FROM walk LIMIT %(sample)s) sample
            ),
            way AS MATERIALIZED (
                SELECT CASE
                    WHEN walked < %(sample)s OR hits * %(walk_limit)s >= %(kept)s * walked
                        THEN 'walk'
                    WHEN candidates * (
                        SELECT greatest(reltuples, 0) FROM pg_class
                        WHERE oid = '{DOCUMENTS}'::regclass
                    ) <= %(candidate_limit)s * walked
                        THEN 'candidates'
                    ELSE 'partial'
                END AS way
                FROM sample
            ),
            candidates AS MATERIALIZED (
                SELECT * FROM articles_search_candidates(
                    {held},
                    {"NULL" if same else query},  -- NULL: every candidate is a match
                    %(candidate_limit)s + 1
                )
                WHERE (SELECT way FROM way) = 'candidates'
            ),
            settled AS MATERIALIZED (
                SELECT CASE
                    WHEN way = 'candidates'
                        AND (SELECT count(*) FROM candidates) > %(candidate_limit)s
                        THEN 'partial'
                    ELSE way
                END AS way
                FROM way
            ),
            newest AS MATERIALIZED (
                (
                    SELECT article_id, published_at, rank FROM walk
                    WHERE hit AND (SELECT way FROM way) = 'walk'
                    LIMIT %(kept)s
                ) UNION ALL (
                    SELECT article_id, published_at, rank
                    FROM (SELECT * FROM walk LIMIT %(partial_limit)s) newest
                    WHERE hit AND (SELECT way FROM settled) = 'partial'
                    LIMIT %(kept)s
                ) UNION ALL (
                    SELECT article_id, published_at, NULL FROM candidates
                    WHERE hit AND {where} AND (SELECT way FROM settled) = 'candidates'
                    ORDER BY published_at DESC, article_id DESC
                    LIMIT %(kept)s
                )
            ),
            found AS MATERIALIZED (
                SELECT count(*) AS found, (SELECT way FROM settled) AS way, CASE
                    WHEN count(*) > %(ranked)s OR (SELECT way FROM settled) = 'candidates'
                        THEN NULL
                    WHEN (SELECT way FROM settled) = 'walk' THEN (SELECT count(*) FROM walk)
                    ELSE (SELECT count(*) FROM (SELECT FROM walk LIMIT %(partial_limit)s) w)
                END AS searched
                FROM newest
            ),
            ranked AS (
                SELECT article_id, published_at, coalesce(rank, (
                    SELECT ts_rank(d.document, {query}) FROM {DOCUMENTS} d
                    WHERE d.article_id = newest.article_id
                )) AS rank
                FROM (
                    SELECT * FROM newest
                    ORDER BY published_at DESC, article_id DESC
                    LIMIT %(ranked)s
                ) newest
                ORDER BY rank DESC, published_at DESC, article_id DESC
                LIMIT %(limit)s OFFSET %(offset)s
            )
            SELECT found.found, found.way, found.searched, {columns}, ranked.rank,
                ts_headline(%(config)s::regconfig, article.title, {query}, %(all_options)s),
                -- The whole text's when the excerpt holds no match: «сельскохозяйственный»
                -- was found before the phrase «"сельского хозяйства"».
                CASE WHEN NOT snippet.excerpted OR strpos(snippet.text, %(start)s) > 0
                    THEN snippet.text
                    ELSE ts_headline(
                        %(config)s::regconfig, snippet.whole, {query}, %(text_options)s
                    )
                END,
                -- Its regions, which the page names (SearchView): a join of the regions per
                -- result was a tenth of the statement's CPU.
                ARRAY(
                    SELECT region_id FROM {regions_of} WHERE article_id = ranked.article_id
                )
            FROM found
            LEFT JOIN (
                ranked
                JOIN {table} article ON article.id = ranked.article_id
                LEFT JOIN {TEXTS} text ON text.article_id = ranked.article_id
                CROSS JOIN {_snippet(whole, query)}
            ) ON true
            ORDER BY ranked.rank DESC, ranked.published_at DESC, ranked.article_id DESC
        """
        params = {
            **params,
            "config": CONFIG,
            "start": START,
            "clauses": self.clauses,
            "words": self.text,
            "held": self.candidates,
            "sample": limits.WALK_SAMPLE,
            "walk_limit": limits.WALK_LIMIT,
            "partial_limit": limits.PARTIAL_LIMIT,
            "candidate_limit": limits.CANDIDATE_LIMIT,
            "ranked": limits.RANKED_LIMIT,
            "kept": limits.RANKED_LIMIT + 1,
            # Never past the ranked: a page number of twenty digits is no bigint.
            "limit": min(max(stop - start, 0), limits.RANKED_LIMIT),
            "offset": min(start, limits.RANKED_LIMIT),
            "all_options": _headline_options(HighlightAll=True),  # titles and excerpts
            "text_options": _headline_options(
                MaxWords=SNIPPET_WORDS // 2,
                MinWords=SNIPPET_WORDS // 4,
                MaxFragments=2,
                FragmentDelimiter=" … ",
            ),
        }
        with connection.cursor() as cursor:
            prepared.execute(cursor, sql, params, TYPES)
            rows = cursor.fetchall()
        self._found, way, searched = rows[0][:3]
        limit = {"walk": limits.WALK_LIMIT, "partial": limits.PARTIAL_LIMIT}.get(way)
        self._searched_newest = searched if searched is not None and searched == limit else None
        page = []
        for _, _, _, *values, rank, title, text, region_ids in rows:
            if values[0] is None:  # no page here, only the count
                continue
            article = Article.from_db(connection.alias, [f.attname for f in fields], values)
            article.rank = rank
            article.search_title = marked(title)
            article.search_snippet = marked(text)
            article.region_ids = region_ids
            page.append(article)
        self._pages[(start, stop)] = page
        return page


def _snippet(text, query):
    """SQL, a LATERAL subquery: ``text`` headlined over an excerpt (``snippet.text``), and
    whether it was (``snippet.excerpted``). The excerpt is the snippet, every word found in it
    marked, «… » where it cuts the text (as the scanned implementation's snippets). The whole
    text, in fragments, when it is short or when the words are not found (a lexeme that does
    not start a word, a locale that cannot fold the case).
    Each step is fenced (OFFSET 0): inlined, each use would compute it again."""
    piece = "cut.piece"
    end = f"CASE WHEN cut.cut_end THEN {EXCERPT} - strpos(reverse({piece}), ' ') ELSE {EXCERPT} END"
    begin = f"CASE WHEN cut.start > 1 AND strpos({piece}, ' ') BETWEEN 1 AND {LEAD_IN} "
    begin += f"THEN strpos({piece}, ' ') + 1 ELSE 1 END"
    return f"""LATERAL (
        SELECT cut.whole, cut.excerpted, CASE WHEN cut.excerpted
            THEN CASE WHEN cut.start > 1 THEN '… ' ELSE '' END || ts_headline(
                    %(config)s::regconfig, substr(left({piece}, {end}), {begin}), {query},
                    %(all_options)s
                ) || CASE WHEN cut.cut_end THEN ' …' ELSE '' END
            ELSE ts_headline(%(config)s::regconfig, cut.whole, {query}, %(text_options)s)
        END AS text
        FROM (
            SELECT found.whole, found.excerpted, found.start,
                substr(found.whole, found.start, {EXCERPT}) AS piece,
                found.start + {EXCERPT} <= found.length AS cut_end
            FROM (
                SELECT whole, length, at > 0 AND length > {EXCERPT} AS excerpted,
                    greatest(at - {LEAD_IN}, 1) AS start
                FROM (
                    SELECT whole, length(whole) AS length, coalesce(
                        regexp_instr(whole, (SELECT pattern FROM sought), 1, 1, 0, 'i'), 0
                    ) AS at
                    FROM (SELECT {text} AS whole) whole
                    OFFSET 0
                ) at
                OFFSET 0
            ) found
            OFFSET 0
        ) cut
        OFFSET 0
    ) snippet"""


@functools.cache  # the same few options on every search
def _headline_options(**options):
    """ts_headline's options, with the marks of the words found, as SearchHeadline writes them."""
    options = {"StartSel": START, "StopSel": STOP, **options}
    return ", ".join(
        connection.ops.compose_sql(f"{name}=%s", [value]) for name, value in options.items()
    )
