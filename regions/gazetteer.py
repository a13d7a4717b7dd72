"""Towns, informal names, adjectives and demonyms of the subjects, and the rules for them.

The data is regions/data/gazetteer.json (its sources: regions/data/README.md), keyed by a
subject's ISO 3166-2 code, or by its slug for the six subjects without one; its
``municipalities`` name the municipalities in the database (regions/data/municipalities), keyed
by slug, and a name a municipality has is its, not its subject's. It is matched
against the lemmas ``regions.recognition`` computes for every word; these rules decide
when a match counts (a wrong region is worse than none):

1. **Names** (administrative centres, towns, informal names) count when capitalised as in
   the data, in any case, word by word: «в Туле», «на Сахалине», «из Подмосковья», «в
   Набережных Челнах» (not «Набережные челны»).
   A name's words are compared by their nominative readings only, so «Рост цен» is not
   Ростов, «Иванов» (a surname) is not Иваново and «Королева» is not Королёв.
2. **People**: a name right after a first name («Сергей Королёв», «Иван Грозный») or
   before a patronymic is a person, not a town.
3. **Context names** (``context``: also ordinary words or people's names — Орёл,
   Находка, Королёв, Пушкин, Чехов, Владимир, Шахты…) count only right after a
   preposition of place or «город»: «в Орле», «город Пушкин», «из Владимира»; never
   «Орёл парит», «Антон Чехов», «Владимир Путин» — nor «из Владимира Путина» (a surname
   follows). A dateline names its town too: «ВЛАДИМИР, 5 декабря.», «Орёл. 3 декабря».
4. **Ambiguous names** (``ambiguous``: Железногорск, Кировск, Троицк, Новгород, Мирный,
   Октябрьский, Алтай…) are read but tag nothing, so no shorter name inside them fires.
5. **Adjectives and demonyms** («брянский», «туляки») count in any case and number when
   written in lower case or in capitals, or capitalised at the start of a sentence or
   line. Capitalised inside a sentence they are part of a proper name («Ольга Орловская»,
   a «Москвич» car). An adjective before a street, station, time word or a flight
   («московское время», «Казанский вокзал», «на Тверском бульваре», «новосибирский рейс»:
   named by where it goes) does not count.
6. **Москва as the federal centre** is not the city: «Москва выделила», «отношения
   Татарстана и Москвы», «договорились с Москвой» (a political verb right after it, or a
   word of relations shortly before it in the sentence). After a preposition of place it
   is always the city: «в Москве прошло», «из Москвы».
"""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.json"

PLACE_PREPOSITIONS = frozenset(
    {"в", "во", "на", "из", "под", "по", "до", "около", "возле", "близ", "вблизи", "окрестностях"}
)
_TOWN_WORDS = frozenset({"город", "г", "городской", "горсовет"})
_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
_SENTENCE_END = frozenset({".", "!", "?", "…"})
_OPENING = frozenset({"«", '"', "—", "–", "-", "(", "„", "“"})

# Heads after which a city's adjective names a street, station or clock, not the region.
_NOT_A_REGION_AFTER = frozenset(
    {
        "время",
        "вокзал",
        "улица",
        "проспект",
        "шоссе",
        "переулок",
        "площадь",
        "бульвар",
        "набережная",
        "тракт",
        "район",
        "направление",
        "ворота",
        "период",
        "рысак",
        "рейс",
    }
)

# «Москва» as the federal centre: verbs of a government after it, relations before it.
_FEDERAL_VERBS = frozenset(
    {
        "выделить",
        "выделять",
        "направить",
        "перечислить",
        "одобрить",
        "согласовать",
        "поддержать",
        "пообещать",
        "обещать",
        "отказать",
        "отказаться",
        "потребовать",
        "требовать",
        "настаивать",
        "заявить",
        "решить",
        "признать",
        "ответить",
        "предложить",
        "разрешить",
        "запретить",
        "финансировать",
        "компенсировать",
        "урезать",
        "дать",
        "согласиться",
        "договориться",
    }
)
_FEDERAL_RELATIONS = frozenset(
    {
        "отношение",
        "взаимоотношение",
        "между",
        "переговоры",
        "договориться",
        "договариваться",
        "согласовать",
        "согласовывать",
        "диалог",
        "спор",
        "торг",
        "противостояние",
        "претензия",
        # «без решения Москвы», «при поддержке Москвы», «конкурируем с Москвой»
        "решение",
        "поддержка",
        "помощь",
        "одобрение",
        "согласие",
        "конкурировать",
        "соперничать",
    }
)
_SKIPPED_BEFORE_VERB = frozenset({"не", "уже", "официально", "пока", "всё", "все", "же", "тоже"})


def load():
    """The gazetteer as stored: ``subjects``, ``context`` and ``ambiguous``."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _is_capitalised(token):
    return token[:1].isupper()


class Gazetteer:
    """Names and words of the gazetteer, indexed by lemma, for ``regions.recognition``."""

    def __init__(self, data, morph, *, municipalities=None):
        """``municipalities``: the keys of those in the database (None: all in the data)."""
        self._morph = morph
        context = set(data["context"])
        # first word's lemma → [(core, folded words, capitalised words, key or None, needs context)]
        self.names = {}
        self.words = {}  # lemma → (key, is an adjective)
        claimed = set()  # names a municipality has: no longer its subject's
        for key, municipality in data.get("municipalities", {}).items():
            if municipalities is not None and key not in municipalities:
                continue
            for name in municipality["names"]:
                self._add_name(name, key, name in context)
                claimed.add(self._fold(name))
        for key, subject in data["subjects"].items():
            for name in [subject["centre"], *subject["towns"], *subject["informal"]]:
                if self._fold(name) not in claimed:
                    self._add_name(name, key, name in context)
            for adjective in subject["adjectives"]:
                self.words[self._fold(adjective)] = (key, True)
            for demonym in subject["demonyms"]:
                self.words[self._fold(demonym)] = (key, False)
        for name in data["ambiguous"]:
            self._add_name(name, None, False)

    @staticmethod
    def _fold(word):
        return word.lower().replace("ё", "е")

    def _name_lemmas(self, word):
        """Lemmas of a name's word read as a nominative place: no surnames, no possessives."""
        folded = self._fold(word)
        lemmas = {folded}
        for parse in self._morph.parse(folded):
            grammemes = parse.tag.grammemes
            if parse.tag.case == "nomn" and not grammemes & (_PERSON_TAGS | {"Poss"}):
                lemmas.add(self._fold(parse.normal_form))
        return frozenset(lemmas)

    def _add_name(self, name, key, needs_context):
        words = tuple(self._fold(word) for word in name.split())
        core = tuple(self._name_lemmas(word) for word in name.split())
        capitals = tuple(_is_capitalised(word) for word in name.split())
        for lemma in core[0]:
            self.names.setdefault(lemma, []).append((core, words, capitals, key, needs_context))

    def match_name(self, tokens, lemmas, position):
        """The longest name at ``position``: ``(end, key)`` (key None: ambiguous) or None.

        Two names of different subjects on the same words («в Пушкине»: Пушкин or
        Пушкино?) are ambiguous, unless only one of them is written exactly as it is.
        """
        if not _is_capitalised(tokens[position]):
            return None
        found = {}  # (end, written exactly) → keys
        candidates = {entry for lemma in lemmas[position] for entry in self.names.get(lemma, ())}
        for core, words, capitals, key, needs_context in candidates:
            end = position + len(core)
            if end > len(tokens):
                continue
            if not all(lemmas[position + i] & core[i] for i in range(len(core))):
                continue
            if not all(
                _is_capitalised(tokens[position + i]) for i in range(1, len(core)) if capitals[i]
            ):
                continue  # «Красный луч лазера» is not Красный Луч
            if self._is_person(tokens, position, end, strict=needs_context):
                continue
            if needs_context and not (
                self._after_place_word(tokens, lemmas, position) or _dateline(tokens, position, end)
            ):
                continue
            exact = words == tuple(self._fold(token) for token in tokens[position:end])
            found.setdefault((end, exact), set()).add(key)
        if not found:
            return None
        end, exact = max(found)
        keys = found[end, exact]
        return end, (next(iter(keys)) if len(keys) == 1 else None)

    def _is_person(self, tokens, start, end, *, strict):
        """A first name before, or a patronymic (strict: or any surname) after the words."""
        previous = tokens[start - 1] if start > 0 else ""
        if _is_capitalised(previous) and "Name" in self._morph.parse(previous.lower())[0].tag:
            return True
        if end < len(tokens) and _is_capitalised(tokens[end]):
            wanted = {"Patr", "Surn"} if strict else {"Patr"}
            parses = self._morph.parse(tokens[end].lower())
            if any(wanted & parse.tag.grammemes for parse in parses[:2]):
                return True
        return False

    @staticmethod
    def _after_place_word(tokens, lemmas, position):
        if position == 0:
            return False
        previous = tokens[position - 1].lower()
        return previous in PLACE_PREPOSITIONS or bool(lemmas[position - 1] & _TOWN_WORDS)

    def match_word(self, tokens, lemmas, position, *, sentence_start):
        """An adjective or demonym at ``position``: its key, or None (rule 5)."""
        token = tokens[position]
        if _is_capitalised(token) and not token.isupper() and not sentence_start:
            return None
        for lemma in lemmas[position]:
            found = self.words.get(lemma)
            if found is None:
                continue
            key, is_adjective = found
            following = lemmas[position + 1] if position + 1 < len(tokens) else frozenset()
            if is_adjective and following & _NOT_A_REGION_AFTER:
                return None
            return key
        return None


def sentence_starts(text, spans):
    """For each token span, whether it opens a sentence or a line (opening quotes skipped)."""
    starts = []
    opening = True
    previous_end = 0
    for start, end in spans:
        token = text[start:end]
        if "\n" in text[previous_end:start]:
            opening = True
        starts.append(opening)
        if token in _SENTENCE_END:
            opening = True
        elif not (opening and token in _OPENING):
            opening = False
        previous_end = end
    return starts


_MONTHS = ("январ", "феврал", "март", "апрел", "мая", "май", "июн", "июл", "август", "сентябр",
           "октябр", "ноябр", "декабр")  # fmt: skip


def _dateline(tokens, start, end):
    """«ВЛАДИМИР, 5 декабря.», «Орёл. 3 декабря»: the town an agency story was filed from,
    in capitals or opening a sentence, then a day and a month closed by a mark or a year."""
    opens = start == 0 or tokens[start - 1] in _SENTENCE_END
    return (
        (tokens[start].isupper() or opens)
        and end + 3 < len(tokens)
        and tokens[end] in (",", ".")
        and tokens[end + 1].isdigit()
        and len(tokens[end + 1]) <= 2
        and tokens[end + 2].lower().startswith(_MONTHS)
        and (tokens[end + 3] in (".", ",", "—", "–", "-") or tokens[end + 3].isdigit())
    )


def means_federal_centre(tokens, lemmas, position):
    """Whether «Москва» at ``position`` stands for the federal government (rule 6)."""
    if position > 0 and tokens[position - 1].lower() in PLACE_PREPOSITIONS:
        return False
    for index in range(position - 1, max(position - 6, -1), -1):
        if tokens[index] in _SENTENCE_END:
            break
        if lemmas[index] & _FEDERAL_RELATIONS:
            return True
    index = position + 1
    while index < len(tokens) and tokens[index].lower() in _SKIPPED_BEFORE_VERB:
        index += 1
    return index < len(tokens) and bool(lemmas[index] & _FEDERAL_VERBS)
