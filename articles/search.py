"""Search of published articles by the words of their title, lead and body, in any word form.

On PostgreSQL: full-text search in the ``russian`` configuration over the weighted documents
that migration 0005_search keeps in ``articles_searchdocument`` (title A, lead B, body C). On
SQLite, the demo database: the same behaviour in Python, comparing pymorphy3 lemmas.

Both read one query syntax, PostgreSQL's "websearch": words must all occur, "quoted words"
in that order, -word must not occur, «or» between alternatives. Everything else a reader
types (operators, quotes, SQL, markup) is reduced to words before any database sees it.
"""

import datetime
import html
import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from toolkit.text import morph

from .models import Article, Block

QUERY_MAX_LENGTH = 200
CONFIG = "russian"
# created and kept current by migrations 0005_search, 0008_search_newest, 0009_search_text
DOCUMENTS = "articles_searchdocument"
TEXTS = "articles_searchtext"  # each article's body as plain text, what snippets are cut from
SNIPPET_WORDS = 30
# Results are ranked among the newest this many matches; more are announced, not ranked.
RANKED_LIMIT = 1000
# How much one search may read on PostgreSQL (see PostgresResults): the newest documents
# walked at most, the first of them that tell how common the words are, the documents holding
# the words read at most from the GIN index, and the newest documents searched when neither
# way can find the newest matches within its limit.
WALK_LIMIT = 10_000
WALK_SAMPLE = 1000
CANDIDATE_LIMIT = 10_000
PARTIAL_LIMIT = 5000

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(
    r'(?P<negated>(?<!\S)-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\W_]+(?:-[^\W_]+)*))'
)
# Prepositions, conjunctions, particles, interjections, pronouns: PostgreSQL's stop words
# are of these kinds, and a reader's «и», «в», «или» should not decide a match.
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}
# ts_headline and our own snippets mark matches with these; escaping leaves them alone.
_START, _STOP = "\x02", "\x03"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")


@lru_cache(maxsize=100_000)
def _analyse_word(word):
    """(every lemma the word may be a form of, whether it is a function word)."""
    word = word.lower().replace("ё", "е")
    parses = morph().parse(word)
    lemmas = {parse.normal_form.replace("ё", "е") for parse in parses}
    return frozenset(lemmas | {word}), bool(parses) and parses[0].tag.POS in _FUNCTION_WORDS


@dataclass(frozen=True)
class Clause:
    """Words that must occur (or, negated, must not), in this order if a phrase."""

    words: tuple  # as typed, for PostgreSQL
    terms: tuple  # (position in the phrase, lemmas) of each word that is not a function word
    negated: bool
    phrase: bool

    def as_websearch(self):
        text = f'"{" ".join(self.words)}"' if self.phrase else self.words[0]
        return f"-{text}" if self.negated else text


@dataclass(frozen=True)
class Query:
    """A reader's query: its text as shown back, and alternatives of clauses that must all hold."""

    text: str
    alternatives: tuple
    truncated: bool = False

    def __bool__(self):
        return bool(self.alternatives)

    def as_websearch(self):
        """The query again in websearch syntax, of words only: safe for websearch_to_tsquery."""
        return " or ".join(
            " ".join(clause.as_websearch() for clause in clauses) for clauses in self.alternatives
        )

    def as_candidates(self):
        """The words that must occur, in websearch syntax, without order or exclusions: what
        the GIN index answers without reading a document (every match holds them)."""
        return " or ".join(
            " ".join(" ".join(clause.words) for clause in clauses if not clause.negated)
            for clauses in self.alternatives
        )

    def lemmas(self):
        """Lemmas of the words sought: what snippets mark."""
        sought = set()
        for clauses in self.alternatives:
            for clause in clauses:
                if not clause.negated:
                    sought.update(*(lemmas for _, lemmas in clause.terms))
        return frozenset(sought)


def parse_query(text):
    """The query a reader typed, cleaned and capped at QUERY_MAX_LENGTH characters."""
    text = " ".join(_CONTROL_CHARACTERS.sub(" ", text or "").split())
    truncated = len(text) > QUERY_MAX_LENGTH
    if truncated:  # at the last whole word, if there is one
        head = text[: QUERY_MAX_LENGTH + 1]
        text = head.rsplit(" ", 1)[0] if " " in head else text[:QUERY_MAX_LENGTH]
    alternatives, clauses = [], []
    for match in _QUERY_PART.finditer(text):
        if match["word"] and match["word"].lower() == "or" and not match["negated"]:
            alternatives.append(clauses)
            clauses = []
            continue
        phrase = match["phrase"] is not None
        words = tuple(_WORD.findall(match["phrase"] if phrase else match["word"]))
        terms = tuple(
            (position, lemmas)
            for position, (lemmas, function_word) in enumerate(map(_analyse_word, words))
            if not function_word
        )
        if terms:
            clauses.append(Clause(words, terms, bool(match["negated"]), phrase or len(words) > 1))
    alternatives.append(clauses)
    # A query of exclusions only would list nearly everything: it is no query.
    usable = tuple(
        tuple(clauses) for clauses in alternatives if any(not c.negated for c in clauses)
    )
    return Query(text=text, alternatives=usable, truncated=truncated)


def filter_articles(
    articles, *, regions=None, topic=None, person=None, date_from=None, date_to=None
):
    """Articles of regions (ids: a district with its subjects), a topic, quoting a person (ids),
    by date."""
    if regions is not None:
        articles = articles.in_region(regions)
    if topic is not None:
        articles = articles.filter(topics=topic)
    if person is not None:
        articles = articles.quoting(person)
    if date_from is not None:
        articles = articles.filter(published_at__gte=_start_of(date_from))
    if date_to is not None and date_to < datetime.date.max:
        articles = articles.filter(published_at__lt=_start_of(date_to + datetime.timedelta(1)))
    return articles


def _start_of(date):
    """The first moment of ``date`` here; dates beyond any news are brought within range."""
    date = min(max(date, datetime.date(1900, 1, 1)), datetime.date(9000, 1, 1))
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))


def search(query, **filters):
    """Published articles matching ``query`` and ``filters`` (as filter_articles takes them),
    best first: a sequence a Paginator pages through.

    Each article of a page comes with ``search_title`` and ``search_snippet``: escaped HTML
    with the words found in <mark>. On PostgreSQL the count and a page take one query; on
    SQLite counting takes two (titles and blocks, scanned once per request); then the page's
    regions and topics one each.
    """
    if connection.vendor == "postgresql":
        return PostgresResults(query, **filters)
    return ScannedResults(filter_articles(Article.objects.published(), **filters), query)


def marked(text):
    """Escaped ``text`` with the spans between _START and _STOP in <mark>."""
    text = _MARKED.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # escaped above


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
        conditions, params = ["published_at <= %(now)s"], {"now": timezone.now()}
        if date_from is not None:
            conditions.append("published_at >= %(date_from)s")
            params["date_from"] = _start_of(date_from)
        if date_to is not None and date_to < datetime.date.max:
            conditions.append("published_at < %(date_to)s")
            params["date_to"] = _start_of(date_to + datetime.timedelta(1))
        # As filter_articles (Article.objects.in_region(), quoting()): the region's (and its
        # subjects') articles, the topic's, the person's quotes; here in SQL without the
        # articles table, which the documents stand for (tests/articles/test_search.py runs
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
        return min(self._found, RANKED_LIMIT)

    @property
    def more(self):
        """More matches than were ranked: the page says so and suggests narrowing by date."""
        self.count()
        return self._found > RANKED_LIMIT

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
        columns = ", ".join(f'article."{field.column}"' for field in fields)
        where, params = self._where
        query = "websearch_to_tsquery(%(config)s::regconfig, %(words)s)"
        same = self.candidates == self.text  # no phrase, no exclusion: a candidate is a match
        candidate = "hit" if same else "document @@ websearch_to_tsquery(%(config)s, %(held)s)"
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
            WITH walk AS (
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
                    websearch_to_tsquery(%(config)s, %(held)s),
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
                ts_headline(%(config)s::regconfig, article.title, {query}, %(title_options)s),
                ts_headline(
                    %(config)s::regconfig,
                    coalesce(article.lead, '') || ' ' || coalesce(text.body, ''),
                    {query},
                    %(text_options)s
                )
            FROM found
            LEFT JOIN (
                ranked
                JOIN {table} article ON article.id = ranked.article_id
                LEFT JOIN {TEXTS} text ON text.article_id = ranked.article_id
            ) ON true
            ORDER BY ranked.rank DESC, ranked.published_at DESC, ranked.article_id DESC
        """
        params = {
            **params,
            "config": CONFIG,
            "words": self.text,
            "held": self.candidates,
            "sample": WALK_SAMPLE,
            "walk_limit": WALK_LIMIT,
            "partial_limit": PARTIAL_LIMIT,
            "candidate_limit": CANDIDATE_LIMIT,
            "ranked": RANKED_LIMIT,
            "kept": RANKED_LIMIT + 1,
            # Never past the ranked: a page number of twenty digits is no bigint.
            "limit": min(max(stop - start, 0), RANKED_LIMIT),
            "offset": min(start, RANKED_LIMIT),
            "title_options": _headline_options(HighlightAll=True),
            "text_options": _headline_options(
                MaxWords=SNIPPET_WORDS // 2,
                MinWords=SNIPPET_WORDS // 4,
                MaxFragments=2,
                FragmentDelimiter=" … ",
            ),
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        self._found, way, searched = rows[0][:3]
        limit = {"walk": WALK_LIMIT, "partial": PARTIAL_LIMIT}.get(way)
        self._searched_newest = searched if searched is not None and searched == limit else None
        page = []
        for _, _, _, *values, rank, title, text in rows:
            if values[0] is None:  # no page here, only the count
                continue
            article = Article.from_db(connection.alias, [f.attname for f in fields], values)
            article.rank = rank
            article.search_title = marked(title)
            article.search_snippet = marked(text)
            page.append(article)
        prefetch_related_objects(page, "regions")  # what the page shows of each result
        self._pages[(start, stop)] = page
        return page


def _headline_options(**options):
    """ts_headline's options, with the marks of the words found, as SearchHeadline writes them."""
    options = {"StartSel": _START, "StopSel": _STOP, **options}
    return ", ".join(
        connection.ops.compose_sql(f"{name}=%s", [value]) for name, value in options.items()
    )


@dataclass
class _Hit:
    pk: int
    title: str
    text: str  # lead and body, what the snippet is cut from
    rank: float
    published_at: datetime.datetime


class ScannedResults:
    """Articles matched in Python, for SQLite: fine for the demo's few hundred articles.

    A second implementation of the query language, kept on purpose (docs/decisions/0004):
    ``make run`` serves the demo on SQLite with nothing to configure, and SQLite has no
    full-text search for Russian word forms, so without it a search for «область» would not
    find «Тульской области». The search tests run against both implementations,
    so they cannot drift apart unnoticed. Not for production: it reads every published
    article per search."""

    searched_newest = None  # every article is scanned

    weights = {"title": 1.0, "lead": 0.4, "body": 0.2}  # ts_rank's defaults for A, B, C

    def __init__(self, articles, query):
        self.articles = articles
        self.query = query
        self._hits = None

    def prepare(self, start, stop):
        """Nothing to prepare: the count and every page come from one scan."""

    def hits(self):
        if self._hits is None:
            texts = bodies(self.articles)
            hits = []
            rows = self.articles.values_list("pk", "title", "lead", "published_at")
            for pk, title, lead, published_at in rows:
                body = texts.get(pk, "")
                rank = self.rank({"title": title, "lead": lead, "body": body})
                if rank:
                    hits.append(_Hit(pk, title, f"{lead} {body}", rank, published_at))
            # As on PostgreSQL: only the newest RANKED_LIMIT matches are ranked.
            hits.sort(key=lambda hit: (hit.published_at, hit.pk), reverse=True)
            self._more = len(hits) > RANKED_LIMIT
            hits = hits[:RANKED_LIMIT]
            hits.sort(key=lambda hit: (hit.rank, hit.published_at, hit.pk), reverse=True)
            self._hits = hits
        return self._hits

    def rank(self, fields):
        """0 if the article does not match; else more for words in heavier fields."""
        analysed = {name: _analyse_text(text) for name, text in fields.items()}
        best = 0.0
        for clauses in self.query.alternatives:
            rank = 0.0
            for clause in clauses:
                found = {name: _occurrences(clause, *analysed[name]) for name in fields}
                if clause.negated:
                    if any(found.values()):
                        break
                    continue
                if not any(found.values()):
                    break
                weight = max(self.weights[name] for name, count in found.items() if count)
                rank += weight + min(sum(found.values()), 10) / 1000
            else:
                best = max(best, rank)
        return best

    @property
    def more(self):
        self.hits()
        return self._more

    def count(self):
        return len(self.hits())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        hits = self.hits()[index]
        if not hits:
            return []
        chosen = Article.objects.filter(pk__in=[hit.pk for hit in hits])
        articles = chosen.prefetch_related("regions").in_bulk()  # what the page shows of each
        lemmas = self.query.lemmas()
        page = []
        for hit in hits:
            article = articles[hit.pk]
            article.search_title = marked(_mark_words(hit.title, lemmas))
            article.search_snippet = marked(_snippet(hit.text, lemmas))
            page.append(article)
        return page


def bodies(articles):
    """{article id: its body as search reads it} for ``articles`` (a queryset), in one query.

    The Python twin of ``articles_search_body()`` (migration 0005_search), which PostgreSQL's
    triggers run; tests/articles/test_search_text.py checks the two give the same text."""
    blocks = Block.objects.filter(article__in=articles.values("pk")).values_list(
        "article_id", "kind", "text", "quote", "person_title",
        "person__first_name", "person__last_name",
    ).order_by("article_id", "position", "pk")  # fmt: skip
    parts = {}
    for article_id, *block in blocks:
        parts.setdefault(article_id, []).append(_block_text(*block))
    return {article_id: " ".join(texts) for article_id, texts in parts.items()}


@lru_cache(maxsize=50_000)
def _block_text(kind, text, quote, person_title, first_name, last_name):
    """A block as migration 0005_search writes it into the body: a quote with its speaker."""
    if kind == Block.Kind.QUOTE:
        parts = [first_name, last_name, person_title and f"({person_title}):", f"«{quote}»"]
        return " ".join(part for part in parts if part)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", text)).split())


@lru_cache(maxsize=20_000)
def _analyse_text(text):
    """The lemmas of each word of ``text`` in order, and all of them together."""
    words = tuple(_analyse_word(word)[0] for word in _WORD.findall(text))
    return words, frozenset().union(*words)


def _occurrences(clause, words, lemmas):
    """How many times the clause's words (in order, for a phrase) occur in ``words``."""
    if any(term.isdisjoint(lemmas) for _, term in clause.terms):
        return 0
    (first, head), *rest = clause.terms
    starts = [index for index, word in enumerate(words) if not word.isdisjoint(head)]
    return sum(
        all(
            0 <= start + position - first < len(words)
            and not words[start + position - first].isdisjoint(term)
            for position, term in rest
        )
        for start in starts
    )


def _mark_words(text, lemmas, start=0, end=None):
    """``text[start:end]`` with the words of ``lemmas`` between _START and _STOP."""
    end = len(text) if end is None else end
    pieces, last = [], start
    for match in _WORD.finditer(text, start, end):
        if not _analyse_word(match.group())[0].isdisjoint(lemmas):
            pieces += [text[last : match.start()], _START, match.group(), _STOP]
            last = match.end()
    pieces.append(text[last:end])
    return "".join(pieces)


def _snippet(text, lemmas):
    """About SNIPPET_WORDS words of ``text`` around where most of the words sought are."""
    words = list(_WORD.finditer(text))
    if not words:
        return ""
    found = [i for i, w in enumerate(words) if not _analyse_word(w.group())[0].isdisjoint(lemmas)]
    lead_in = SNIPPET_WORDS // 4
    first = max(
        (max(0, i - lead_in) for i in found),
        key=lambda start: sum(start <= i < start + SNIPPET_WORDS for i in found),
        default=0,
    )
    last = min(len(words), first + SNIPPET_WORDS) - 1
    snippet = _mark_words(text, lemmas, words[first].start(), words[last].end())
    return ("… " if first else "") + snippet + (" …" if last < len(words) - 1 else "")
