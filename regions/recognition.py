"""Recognising the Russian regions a text mentions.

``find_regions(text)`` finds federal subjects and federal districts named in a text in
any grammatical case and number: «в Тульской области», «Ульяновская область»,
«Губернаторы Ульяновской и Тульской областей» (two adjectives sharing one plural head
noun), «в Республике Татарстан», «Татарстана», «Москвы», «ПФО», «Центрального
федерального округа», «Югры».

How it works: every word is lemmatised with pymorphy3 (the set of normal forms of all
its parses) and compared with lemma patterns precomputed from the region names. A
pattern is a *frame* — an optional generic lead («республика») and an optional generic
tail («область», «край», «автономный округ», «федеральный округ», …) — around a
distinctive *core* («тульский», «татарстан», «москва»). Several cores joined by «и»,
«или» or a comma may share one frame: «Ульяновской и Тульской областей», «Приволжского
и Центрального федеральных округов», «республик Коми и Карелия». The first word of every
core must be capitalised, so «московское время» or «центральный вход» never count, and
a lone generic word («области», «региона», «области образования») is never a region.

Towns, informal names, adjectives and demonyms come from the gazetteer
(``regions.gazetteer``, whose docstring states the rules): «в Туле», «из Подмосковья»,
«брянского губернатора», «туляков». At each word the longest mention wins; an official
name wins over a gazetteer name of the same length.

Decisions:

* A city names its subject (issue 14): «в Туле» is the Тульская область, «в
  Димитровграде» the Ульяновская. «Москва» as the federal centre («Москва выделила»,
  «отношения Татарстана и Москвы») is not the city.
* Bare «Алтай» (mountains; republic or krai?), «Коми» (a people), «Алания» (a football
  club) are too ambiguous on their own; they count only with «Республика».
* District abbreviations come from ``Region.short_name`` and must be written in
  capitals, as must a few subjects' (ХМАО, ЯНАО, ДНР, ЛНР, КБР, КЧР).
* A municipality (of the subjects with a data file: regions/data/municipalities) is named
  only as the gazetteer has it («в Щёкине», «Щёкинского района»), never by its region
  name on its own («Ефремов» is a surname too), and names its subject with it: «в
  Щёкинском районе» is that municipality and the Тульская область.

The region table is read with one query the first time it is needed and cached per
process (``clear_cache()`` forgets it).
"""

import itertools
import re
from functools import lru_cache
from typing import NamedTuple

from toolkit.text import morph

from . import gazetteer
from .models import Region

# Generic words framing a region's distinctive core, as lemma sequences.
_TAILS = (
    ("народный", "республика"),
    ("автономный", "область"),
    ("автономный", "округ"),
    ("федеральный", "округ"),
    ("область",),
    ("край",),
    ("республика",),
)
_LEADS = (("республика",),)

# Bare cores that are too ambiguous without their lead/tail.
_NO_BARE = {"Республика Алтай", "Республика Коми"}

# Capitalised abbreviations of subjects (informal names are in the gazetteer).
_ABBREVIATIONS = {
    "ХМАО": "Ханты-Мансийский автономный округ — Югра",
    "ЯНАО": "Ямало-Ненецкий автономный округ",
    "ДНР": "Донецкая Народная Республика",
    "ЛНР": "Луганская Народная Республика",
    "КБР": "Кабардино-Балкарская Республика",
    "КЧР": "Карачаево-Черкесская Республика",
}

_CONJUNCTIONS = {"и", "или", ","}
_TOKEN = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*|[^\w\s]")


@lru_cache(maxsize=50000)
def _lemmas(word):
    """All normal forms of a word (lower case), plus the word itself."""
    lower = word.lower().replace("ё", "е")
    forms = {parse.normal_form.replace("ё", "е") for parse in morph().parse(lower)}
    forms.add(lower)
    parts = lower.split("-")
    if 1 < len(parts) <= 4:
        # pymorphy3 inflects only the last part: «Каменске-Уральском» → «каменске-уральский».
        part_forms = [
            {p.normal_form.replace("ё", "е") for p in morph().parse(part)} | {part}
            for part in parts
        ]
        forms.update("-".join(combination) for combination in itertools.product(*part_forms))
    return frozenset(forms)


class _Table:
    """Region patterns: ``frames[(lead, tail)]`` maps a first-word lemma to ``(core, region)``s."""

    def __init__(self, regions):
        self.regions = {region.pk: region for region in regions}
        self.by_key = {region.code or region.slug: region for region in regions}
        municipalities = {region.slug for region in regions if region.is_municipality}
        self.gazetteer = gazetteer.Gazetteer(
            gazetteer.load(), morph(), municipalities=municipalities
        )
        self.by_name = {region.name: region for region in regions}
        self.frames = {}
        self.abbreviations = {}
        for region in regions:
            if region.is_municipality:
                continue  # named through the gazetteer only
            for name in self._names(region):
                self._add(name, region)
            if region.short_name:
                self.abbreviations[region.short_name] = region
        self.frames = {frame: _by_first_lemma(cores) for frame, cores in self.frames.items()}
        for abbreviation, name in _ABBREVIATIONS.items():
            if name in self.by_name:
                self.abbreviations[abbreviation] = self.by_name[name]

    def named(self, key):
        """The regions a gazetteer key names: a subject, or a municipality and its subject."""
        region = self.by_key[key]
        if region.is_municipality:
            return [region, self.regions[region.parent_id]]
        return [region]

    @staticmethod
    def _names(region):
        """Full name parts: «X — Y» gives «X»; «Республика Саха (Якутия)» gives «… Саха»."""
        main = re.sub(r"\s*\(.*?\)", "", region.name).split(" — ")[0]
        return [main]

    def _add(self, name, region):
        words = _TOKEN.findall(name)
        lemmas = [_lemmas(word) for word in words]
        lead, tail = (), ()
        for candidate in _LEADS:
            if len(lemmas) > len(candidate) and _matches(lemmas, 0, candidate):
                lead = candidate
                break
        for candidate in _TAILS:
            start = len(lemmas) - len(candidate)
            if start > len(lead) and _matches(lemmas, start, candidate):
                tail = candidate
                break
        core = tuple(lemmas[len(lead) : len(lemmas) - len(tail)])
        self.frames.setdefault((lead, tail), []).append((core, region))
        if lead and not tail and region.name not in _NO_BARE:
            self.frames.setdefault(((), ()), []).append((core, region))


def _by_first_lemma(cores):
    """``{lemma: [(core, region)]}`` for every lemma of each core's first word."""
    index = {}
    for core, region in cores:
        for lemma in core[0]:
            index.setdefault(lemma, []).append((core, region))
    return index


def _matches(lemmas, start, sequence):
    """Whether the words from ``start`` have the given lemmas (a tuple of strings)."""
    if start + len(sequence) > len(lemmas):
        return False
    return all(word in lemmas[start + i] for i, word in enumerate(sequence))


@lru_cache(maxsize=1)
def _table():
    return _Table(list(Region.objects.all()))


def clear_cache():
    """Forget the cached region table (after the regions themselves change)."""
    _table.cache_clear()


def _match_core(tokens, lemmas, start, cores):
    """The longest core starting at ``start``: ``(end, region)`` or ``None``."""
    if start >= len(tokens) or not tokens[start][0].isupper():
        return None
    best = None
    candidates = {}  # cores are indexed by the lemmas of their first word
    for lemma in sorted(lemmas[start]):
        for entry in cores.get(lemma, ()):
            candidates.setdefault(id(entry), entry)
    for core, region in candidates.values():
        end = start + len(core)
        if end > len(tokens) or (best is not None and end <= best[0]):
            continue
        if all(lemmas[start + i] & core[i] for i in range(len(core))):
            best = (end, region)
    return best


def _match_frame(tokens, lemmas, start, lead, tail, cores):
    """«lead core (conj core)* tail» at ``start``: ``(end, [regions])`` or ``None``."""
    if not _matches(lemmas, start, lead):
        return None
    position = start + len(lead)
    first = _match_core(tokens, lemmas, position, cores)
    if first is None:
        return None
    chain = [first]
    while True:
        end = chain[-1][0]
        if end < len(tokens) and tokens[end].lower() in _CONJUNCTIONS:
            following = _match_core(tokens, lemmas, end + 1, cores)
            if following is not None:
                chain.append(following)
                continue
        break
    if not lead and not tail:
        chain = chain[:1]
    # The longest chain followed by the tail wins («Орловская, Тульская область»
    # falls back to shorter chains when the tail is not after the last core).
    for length in range(len(chain), 0, -1):
        end = chain[length - 1][0]
        if _matches(lemmas, end, tail):
            return end + len(tail), [region for _, region in chain[:length]]
    return None


class Tokens(NamedTuple):
    """A text split as the recogniser reads it: words and marks, their lemmas and offsets."""

    tokens: list
    lemmas: list
    spans: list


class Mention(NamedTuple):
    """Regions named at ``tokens[start:end]`` (several for «Ульяновской и Тульской»)."""

    regions: list
    start: int
    end: int


def mentions(text):
    """The text's tokens and every mention of a region in it, in order."""
    table = _table()
    text = text or ""
    spans = [match.span() for match in _TOKEN.finditer(text)]
    tokens = [text[start:end] for start, end in spans]
    lemmas = [_lemmas(token) if token[0].isalnum() else frozenset() for token in tokens]
    starts = gazetteer.sentence_starts(text, spans)
    found = []
    position = 0
    while position < len(tokens):
        end, regions = _match_at(table, tokens, lemmas, position, starts[position])
        if regions:
            found.append(Mention(regions, position, end))
        position = end
    return Tokens(tokens, lemmas, spans), found


def find_regions(text):
    """Regions (subjects and districts) the text mentions, in order of first mention."""
    found = {}
    for mention in mentions(text)[1]:
        for region in mention.regions:
            found.setdefault(region.pk, region)
    return list(found.values())


def _match_at(table, tokens, lemmas, position, sentence_start):
    """The longest mention at ``position``: ``(end, [regions])``; ``(position + 1, [])``
    when there is none. Official names win over gazetteer names of the same length."""
    best = None
    abbreviation = table.abbreviations.get(tokens[position])
    if abbreviation is not None:
        best = (position + 1, [abbreviation])
    for (lead, tail), cores in table.frames.items():
        match = _match_frame(tokens, lemmas, position, lead, tail, cores)
        if match is not None and (best is None or match[0] > best[0]):
            best = match
    name = table.gazetteer.match_name(tokens, lemmas, position)
    if name is not None and (best is None or name[0] > best[0]):
        end, key = name
        best = (end, [] if key is None else table.named(key))
    if best is None:
        key = table.gazetteer.match_word(tokens, lemmas, position, sentence_start=sentence_start)
        return position + 1, [] if key is None else table.named(key)
    end, regions = best
    if (
        end == position + 1
        and "москва" in lemmas[position]
        and gazetteer.means_federal_centre(tokens, lemmas, position)
    ):
        return end, []
    return best


def with_districts(regions):
    """The regions with the regions above each (a subject's federal district, a
    municipality's subject and its district) right after it, no duplicates.

    Order: as given; the regions above one follow its first appearance unless they are
    already in the list.
    """
    table = _table()
    result = {}
    for region in regions:
        result.setdefault(region.pk, region)
        while region.parent_id is not None:
            region = table.regions.get(region.parent_id) or region.parent
            result.setdefault(region.pk, region)
    return list(result.values())
