"""The words found, marked: the search results' titles and snippets as escaped HTML.

PostgreSQL's ts_headline and the scanned implementation's own snippets mark matches with
START and STOP; ``marked()`` turns them into <mark> after escaping the rest.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .query import WORD, analyse_word

SNIPPET_WORDS = 30
# ts_headline and our own snippets mark matches with these; escaping leaves them alone.
START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def marked(text):
    """Escaped ``text`` with the spans between START and STOP in <mark>."""
    text = _MARKED.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(text.replace(START, "").replace(STOP, ""))  # escaped above


def mark_words(text, lemmas, start=0, end=None):
    """``text[start:end]`` with the words of ``lemmas`` between START and STOP."""
    end = len(text) if end is None else end
    pieces, last = [], start
    for match in WORD.finditer(text, start, end):
        if not analyse_word(match.group())[0].isdisjoint(lemmas):
            pieces += [text[last : match.start()], START, match.group(), STOP]
            last = match.end()
    pieces.append(text[last:end])
    return "".join(pieces)


def snippet(text, lemmas):
    """About SNIPPET_WORDS words of ``text`` around where most of the words sought are."""
    words = list(WORD.finditer(text))
    if not words:
        return ""
    found = [i for i, w in enumerate(words) if not analyse_word(w.group())[0].isdisjoint(lemmas)]
    lead_in = SNIPPET_WORDS // 4
    first = max(
        (max(0, i - lead_in) for i in found),
        key=lambda start: sum(start <= i < start + SNIPPET_WORDS for i in found),
        default=0,
    )
    last = min(len(words), first + SNIPPET_WORDS) - 1
    marked_text = mark_words(text, lemmas, words[first].start(), words[last].end())
    return ("… " if first else "") + marked_text + (" …" if last < len(words) - 1 else "")
