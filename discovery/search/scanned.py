"""Search on SQLite, the demo's database: the query language matched in Python on pymorphy3
lemmas, with the ranking and snippets PostgreSQL would give.

A second implementation of the query language, kept on purpose (docs/decisions/0004): ``make
run`` serves the demo on SQLite with nothing to configure, and SQLite has no full-text search
for Russian word forms, so without it a search for «область» would not find «Тульской
области». The search tests run against both implementations, so they cannot drift apart
unnoticed.
"""

import datetime
import html
import re
from dataclasses import dataclass
from functools import lru_cache

from articles.models import Article, Block

from . import limits
from .highlight import mark_words, marked, snippet
from .query import WORD, analyse_word


@dataclass
class _Hit:
    pk: int
    title: str
    text: str  # lead and body, what the snippet is cut from
    rank: float
    published_at: datetime.datetime


class ScannedResults:
    """Articles matched in Python, for SQLite: fine for the demo's few hundred articles.
    Not for production: it reads every published article per search."""

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
            self._more = len(hits) > limits.RANKED_LIMIT
            hits = hits[: limits.RANKED_LIMIT]
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
            article.search_title = marked(mark_words(hit.title, lemmas))
            article.search_snippet = marked(snippet(hit.text, lemmas))
            page.append(article)
        return page


def bodies(articles):
    """{article id: its body as search reads it} for ``articles`` (a queryset), in one query.

    The Python twin of ``articles_search_body()`` (migration 0005_search), which PostgreSQL's
    triggers run; tests/discovery/test_search_text.py checks the two give the same text."""
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
    words = tuple(analyse_word(word)[0] for word in WORD.findall(text))
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
