"""The query language readers type, as data: PostgreSQL's "websearch" syntax.

Words must all occur, "quoted words" in that order, -word must not occur, «or» between
alternatives. Everything else a reader types (operators, quotes, SQL, markup) is reduced to
words here, before any database sees it; each implementation (``postgres``, ``scanned``)
reads the same ``Query``.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from toolkit.text import morph

QUERY_MAX_LENGTH = 200

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
WORD = re.compile(r"[^\W_]+")
_QUERY_PART = re.compile(
    r'(?P<negated>(?<!\S)-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\W_]+(?:-[^\W_]+)*))'
)
# Prepositions, conjunctions, particles, interjections, pronouns: PostgreSQL's stop words
# are of these kinds, and a reader's «и», «в», «или» should not decide a match.
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}


@lru_cache(maxsize=100_000)
def analyse_word(word):
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

    def clauses_sought(self):
        """Each word or phrase that must occur, as typed: where a snippet may start."""
        return [
            " ".join(clause.words)
            for clauses in self.alternatives
            for clause in clauses
            if not clause.negated
        ]

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
        words = tuple(WORD.findall(match["phrase"] if phrase else match["word"]))
        terms = tuple(
            (position, lemmas)
            for position, (lemmas, function_word) in enumerate(map(analyse_word, words))
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
