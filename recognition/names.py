"""People as press stories name them: «Вячеслав Гладков», «Алексея Русских», «губернатора
Тульской области Дмитрия Миляева», «Воробьев» alone, «она».

pymorphy3 tags first names (Name), patronymics (Patr) and the commoner surnames (Surn); a word
written with a capital after a first name is taken as a surname whatever its tag («Русских»,
«Шапша» are not in the dictionary as surnames). Names and titles are brought to the nominative
(«Алексея Русских» → «Алексей Русских»; «губернатора Тульской области» → «губернатор Тульской
области») so that they can be compared with the people the office already has.
"""

import functools
import re
from dataclasses import dataclass

from toolkit.text import morph as _analyser


class _Cached:
    """The analyser with its answers kept: a story repeats its words, and names and titles
    are parsed several times each."""

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 (one instance, for the process)
    def parse(self, word):
        return _analyser().parse(word)


_CACHED = _Cached()


def morph():
    return _CACHED


WORD = re.compile(r"[А-ЯЁа-яёA-Za-z][А-ЯЁа-яёA-Za-z-]*(?:\.[а-яё]\.)?")
PRONOUNS = {"он": "masc", "она": "femn"}
# Titles kept as written: their head is already a genitive after an abbreviation.
ACTING = ("и.о.", "и. о.", "врио", "вр.и.о.", "исполняющий обязанности", "исполняющая обязанности")
# Heads of a region, as stories vary them in one story: «губернатор» … «глава региона» …
# «руководитель края».
REGION_HEADS = {"губернатор", "глава", "руководитель", "врио", "и.о.", "мэр", "президент"}


@dataclass
class Name:
    first: str  # nominative, "" when only the surname is known
    last: str  # nominative
    gender: str = ""  # "masc", "femn" or "" when unknown
    patronymic: str = ""
    case: str = "nomn"  # the case the story named them in

    def __post_init__(self):
        # pymorphy's grammemes refuse comparison with anything but a grammeme («она» against
        # a man named before raised ValueError): keep plain strings.
        self.gender = str(self.gender) if self.gender else ""
        self.case = str(self.case) if self.case else "nomn"

    @property
    def full(self):
        return " ".join(part for part in (self.first, self.last) if part)

    @property
    def key(self):
        """The surname as compared: its dictionary lemma, case and «ё» folded."""
        return surname_key(self.last)


@functools.lru_cache(maxsize=10_000)
def surname_key(surname):
    parses = [p for p in morph().parse(surname) if "Surn" in p.tag]
    word = parses[0].normal_form if parses else surname
    return word.casefold().replace("ё", "е")


def capitalised(word):
    return word[:1].isupper() and not word.isupper()


def _name_parses(word, case=None):
    return [
        p for p in morph().parse(word)
        if "Name" in p.tag and p.tag.number == "sing" and (case is None or p.tag.case == case)
    ]  # fmt: skip


def is_first_name(word):
    return capitalised(word) and bool(_name_parses(word))


def is_patronymic(word):
    return capitalised(word) and any("Patr" in p.tag for p in morph().parse(word))


def is_surname(word):
    """A capitalised word that may be a surname on its own («Воробьев», «Гладкова»)."""
    return capitalised(word) and any("Surn" in p.tag for p in morph().parse(word))


def _nominative(word, parse):
    if parse is not None and parse.tag.case == "nomn":
        return word  # as the story spells it («Воробьев», not the dictionary's «Воробьёв»)
    inflected = parse.inflect({"nomn"}) if parse is not None else None
    if inflected is None:
        return word
    result = inflected.word
    return "-".join(part.capitalize() for part in result.split("-"))


def read_name(words, case=None, prefer=()):
    """A Name from ``words`` (first name, perhaps a patronymic, surname) in any case.

    ``case`` is the case the construction calls for («по словам» → "gent"), None when the
    words alone decide. Returns None unless the first word is a first name.
    """
    if len(words) < 2 or not is_first_name(words[0]):
        return None
    last_word = words[-1]
    options = []
    for first in _name_parses(words[0], case):
        gender, first_case = first.tag.gender, first.tag.case
        surnames = [
            p for p in morph().parse(last_word)
            if "Surn" in p.tag and p.tag.case == first_case and p.tag.gender == gender
        ]  # fmt: skip
        score = first.score + (surnames[0].score if surnames else 0)
        if prefer:  # the case of a title in apposition: «губернатора … Валерия Лимаренко»
            score += 0.6 if first_case in prefer else 0
        else:
            score += 0.5 if first_case == (case or "nomn") else 0
        options.append((score, first, surnames[0] if surnames else None))
    if not options:
        return None
    _, first, surname = max(options, key=lambda option: option[0])
    if surname is not None:
        last = _nominative(last_word, surname)
    elif first.tag.case == "nomn":
        last = last_word  # as written: a surname the dictionary does not decline
    else:
        last = _undecline(last_word, first.tag.gender)
    patronymic = ""
    if len(words) == 3:
        parses = [p for p in morph().parse(words[1]) if "Patr" in p.tag]
        patronymic = _nominative(words[1], parses[0]) if parses else words[1]
    return Name(_nominative(words[0], first), last, first.tag.gender, patronymic, first.tag.case)


def _undecline(word, gender):
    """The nominative of a surname pymorphy does not know, by the usual endings."""
    lower = word.lower()
    if gender == "masc" and re.search(r"(ов|ев|ёв|ин|ын)(а|у|ым|е)$", lower):
        return re.sub(r"(а|у|ым|е)$", "", word)
    if gender == "femn" and re.search(r"(ов|ев|ёв|ин|ын)(ой|у)$", lower):
        return re.sub(r"(ой|у)$", "а", word)
    return word


# A surname's nominative endings, and the feminine ones among them.
SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ова|ева|ёва|ина|ына|ская|цкая|енко)$")
FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая)$")


def read_unknown_name(words, case="nomn", gender=None):
    """A Name for two capitalised words that look like a first name the dictionary lacks and
    a surname («Дарима Балданова», «Гульназ Хайруллиной» after «по словам»), else None. The
    first name stays as written; the surname is put in the nominative by its ending."""
    if len(words) != 2:
        return None
    first, last = words
    if not all(capitalised(word) and word.replace("-", "").isalpha() for word in words):
        return None
    if is_first_name(last) or any({"Geox", "Orgn"} & p.tag.grammemes for p in morph().parse(first)):
        return None  # «Кубани Вениамин», «Хакасии Валентин»: a place, then a first name
    lower = last.lower()
    if case == "nomn":
        if not SURNAME.search(lower):
            return None
        gender = gender or ("femn" if FEMININE_SURNAME.search(lower) else "masc")
        return Name(first, last, gender)
    if re.search(r"(ов|ев|ёв|ин|ын)ой$", lower):
        gender = "femn"
    elif re.search(r"(ов|ев|ёв|ин|ын)(а|у|ым|е)$", lower):
        gender = "masc"
    else:
        return None
    return Name(first, _undecline(last, gender), gender, case=case)


def read_surname(word):
    """«Воробьева» (genitive) → «Воробьев»; a surname as a Name without a first name."""
    parses = [p for p in morph().parse(word) if "Surn" in p.tag]
    if not parses:
        return Name("", word)
    parse = parses[0]
    return Name("", _nominative(word, parse), parse.tag.gender)


def nominative_title(words):
    """«губернатора Тульской области» → «губернатор Тульской области».

    The words up to and including the head noun agree with it and are put in the nominative;
    what follows is a genitive phrase that stays. Titles after «и.о.» and «врио» stay whole.
    """
    text = " ".join(words)
    if text.lower().startswith(ACTING):
        return text
    acting = [i for i, word in enumerate(words[:2]) if word.lower().startswith("исполняющ")]
    if acting:  # «временно исполняющего обязанности губернатора»: only the participle changes
        index = acting[0]
        parses = [p for p in morph().parse(words[index].lower()) if p.tag.POS == "PRTF"]
        inflected = parses[0].inflect({"nomn"}) if parses else None
        result = list(words)
        result[index] = inflected.word if inflected else words[index]
        return " ".join(result)
    result = list(words)
    parsed = []  # (index, parse) of the words up to and including the head noun
    for index, word in enumerate(words):
        every = morph().parse(word.lower().rstrip(","))
        parses = [p for p in every if p.tag.POS in {"NOUN", "ADJF", "PRTF"}]
        if not parses or every[0].tag.POS in {"PREP", "CONJ", "PRCL"}:
            break  # «уполномоченный по правам…»: «по» is not «ПО», a neuter noun
        following = words[index + 1 : index + 2]
        adjectives = [p for p in parses if p.tag.POS in {"ADJF", "PRTF"}]
        person = any(p.tag.POS == "NOUN" and "anim" in p.tag for p in parses)
        if (
            adjectives
            and following
            and (_instrumental_only(following[0]) or not _agrees(adjectives, following[0]))
        ):
            # «заведующей отделением», «нападающего команды»: the post itself.
            parsed.append((index, adjectives[0]))
            break
        if adjectives and not person and following and _has_noun(following[0]):
            parses = adjectives  # «главного врача»: «главного» agrees, it is not «главное»
        parsed.append((index, parses[0]))
        if parses[0].tag.POS == "NOUN":
            break
    gender = parsed[-1][1].tag.gender if parsed and parsed[-1][1].tag.POS == "NOUN" else None
    for index, parse in parsed:
        wanted = {"nomn"} if parse.tag.POS == "NOUN" else {"nomn", "sing"}
        inflected = parse.inflect(wanted | ({gender} if gender and wanted != {"nomn"} else set()))
        inflected = inflected or parse.inflect(wanted)
        if inflected is not None:
            word = words[index]
            word_out = inflected.word + ("," if word.endswith(",") else "")
            result[index] = word_out.capitalize() if capitalised(word) else word_out
    return " ".join(result)


def _instrumental_only(word):
    """A noun that can only be in the instrumental: what «заведующая», «управляющий» govern."""
    nouns = [p for p in morph().parse(word.lower().rstrip(",")) if p.tag.POS == "NOUN"]
    return bool(nouns) and all(p.tag.case == "ablt" for p in nouns)


def _agrees(adjectives, word):
    """Whether one of an adjective's parses agrees with ``word`` as a noun it qualifies (or
    ``word`` is no noun): «главного врача», not «нападающего команды»."""
    nouns = [p for p in morph().parse(word.lower().rstrip(",")) if p.tag.POS == "NOUN"]
    return not nouns or any(
        a.tag.case == n.tag.case
        and a.tag.number == n.tag.number
        and (a.tag.number == "plur" or _same_gender(a.tag, n.tag))
        for a in adjectives
        for n in nouns
    )


def _same_gender(adjective, noun):
    """«глава» and «судья» take either gender (Ms-f); a gender-less form takes any."""
    if adjective.gender is None or noun.gender is None or "Ms-f" in noun:
        return True
    return adjective.gender == noun.gender


def _has_noun(word):
    return any(p.tag.POS == "NOUN" for p in morph().parse(word.lower().rstrip(",")))


def title_head(title):
    """The lemma of a title's first noun: «главы региона» → «глава»."""
    for word in title.split():
        lowered = word.lower()
        if lowered in ("и.о.", "врио"):
            return lowered
        parses = [p for p in morph().parse(lowered) if p.tag.POS == "NOUN"]
        if parses:
            return parses[0].normal_form
    return ""


@dataclass
class Mention:
    """A person named in the story, where, and with what title if one came with the name."""

    name: Name
    title: str
    position: int


def find_mentions(text):
    """Every «Имя [Отчество] Фамилия» of ``text`` in order, with the title words before it."""
    mentions = []
    tokens = [(match.group(), match.start()) for match in WORD.finditer(text)]
    index = 0
    while index < len(tokens):
        word, start = tokens[index]
        if index + 1 >= len(tokens):
            break
        if not is_first_name(word):
            unknown = _unknown_after_title(text, tokens, index)
            if unknown is not None:
                mentions.append(unknown)
                index += 2
            else:
                index += 1
            continue
        length = 3 if index + 2 < len(tokens) and is_patronymic(tokens[index + 1][0]) else 2
        words = [token for token, _ in tokens[index : index + length]]
        if not capitalised(words[-1]) or _gap(text, tokens, index, length):
            index += 1
            continue
        title_words = _words_before(text, start)
        name = read_name(words, prefer=_head_cases(title_words))
        if name is None:
            index += 1
            continue
        title = _title_in_case(title_words, name.case)
        title = _restore(nominative_title(title.split())) if title else ""
        mentions.append(Mention(name, title, start))
        index += length
    return mentions


def _unknown_after_title(text, tokens, index):
    """A Mention of a first name the dictionary lacks and a surname right after a title
    («Заведующая детским садом Алсу Галиева пришла…»), else None."""
    word, start = tokens[index]
    if not capitalised(word) or _gap(text, tokens, index, 2):
        return None
    title_words = _words_before(text, start)
    if not title_words or not is_title(title_words):
        return None
    # In the title's case: «Заведующая детским садом Алсу Галиева», «министра … Гульназ
    # Хайруллиной».
    nominative = bool(_title_in_case(title_words, "nomn"))
    case = "nomn" if nominative else min(_head_cases(title_words), default="gent")
    name = read_unknown_name([word, tokens[index + 1][0]], case)
    if name is None:
        return None
    title = _title_in_case(title_words, name.case)
    return Mention(name, _restore(nominative_title(title.split())) if title else "", start)


def _gap(text, tokens, index, length):
    """Whether anything but a space separates the words of a would-be name."""
    for (word, start), (_, following) in zip(
        tokens[index : index + length - 1], tokens[index + 1 : index + length], strict=True
    ):
        if text[start + len(word) : following].strip():
            return True
    return False


def _words_before(text, start):
    """The words that may be a title right before a name: «губернатор Белгородской области»,
    «министр курортов, туризма и олимпийского наследия Краснодарского края», «полномочный
    представитель Президента в Приволжском федеральном округе»."""
    head = _QUOTED_NAME.sub(_as_one_word, text[max(0, start - 400) : start])
    head = _PARENTHESISED.sub(_as_one_word, head)
    before = re.split(r"[.;:!?«»\"—–()\n]", head)[-1].split()
    words = []
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        lowered = word.lower().rstrip(",")
        if word.startswith((_OPEN, _PAREN_OPEN)) or (words and word.isupper() and len(word) > 1):
            words.insert(0, word)  # «директор МУП «Тагильский трамвай» Андрей Зуев»
            continue
        if (
            lowered == "и"
            and words
            and (read_name(before[max(0, index - 2) : index]) is not None or is_title(words[:1]))
        ):
            # «глава Чувашии Олег Николаев и губернатор …», «губернатор Пензенской области и
            # глава Мордовии …»: the title before «и» is someone else's.
            break
        if (
            lowered in ("и.о.", "врио")
            or (words and lowered in ("по", "и", "в", "при", "из"))
            or (lowered == "временно" and words and words[0].lower().startswith("исполняющ"))
        ):
            words.insert(0, word)
            continue
        parsed = morph().parse(lowered)[0]
        if parsed.tag.POS is None and word[:1].isupper() and word.isalpha():
            words.insert(0, word)  # a name the dictionary lacks: «Глава Республики Марий Эл»
            continue
        if parsed.tag.POS not in {"NOUN", "ADJF", "PRTF"}:
            break
        words.insert(0, word)
    return words


# A quoted name inside a title («директор МУП «Тагильский трамвай»») is read as one word.
_QUOTED_NAME = re.compile(r"«[^«»\n.!?]{1,60}»")
# So is a capitalised name in parentheses: «Глава Республики Саха (Якутия) Айсен Николаев».
_PARENTHESISED = re.compile(r"\((?=[А-ЯЁ])[^()«»\n.!?]{1,40}\)")
_OPEN, _CLOSE, _JOIN = "\u2039", "\u203a", "\u2060"
_PAREN_OPEN, _PAREN_CLOSE = "\u2045", "\u2046"
_MARKS = {"«": (_OPEN, _CLOSE), "(": (_PAREN_OPEN, _PAREN_CLOSE)}


def _as_one_word(match):
    opening, closing = _MARKS[match.group()[0]]
    inner = match.group()[1:-1].replace(" ", _JOIN)
    return f"{opening}{inner}{closing}"


def _restore(title):
    for mark, (opening, closing) in _MARKS.items():
        title = title.replace(opening, mark).replace(closing, ")" if mark == "(" else "»")
    return title.replace(_JOIN, " ")


def _head_cases(words):
    """The cases the first noun of would-be title words may be in."""
    for word in words:
        nouns = [p for p in morph().parse(word.lower()) if p.tag.POS == "NOUN"]
        if nouns:
            return {p.tag.case for p in nouns}
    return set()


def _title_in_case(words, case):
    """The title is in apposition, so it starts with a word in the name's case («на
    совещании губернатор Иван Иванов»: «совещании» is not part of it)."""

    def starts_title(word):
        lowered = word.lower().rstrip(",")
        parses = morph().parse(lowered)
        return lowered in ("и.о.", "врио") or (
            len(lowered) > 1
            and parses[0].tag.POS != "PREP"
            and any(p.tag.POS in {"NOUN", "ADJF"} and p.tag.case == case for p in parses)
        )

    words = list(words)
    for start, word in enumerate(words):
        if word.lower() == "временно" and words[start + 1 : start + 2]:
            opens = starts_title(words[start + 1])  # «временно исполняющий обязанности …»
        else:
            opens = starts_title(word)
        # «Ход работ губернатор … обсудил»: «ход» opens no title, «губернатор» does.
        if opens and is_title(words[start:]):
            return " ".join(words[start:])
    return ""


def is_title(words):
    """Whether words name a post: their first noun is a person («губернатор», «глава»), not
    «словам» or «завершение» that happened to stand before a name."""
    for word in words:
        lowered = word.lower().rstrip(",")
        if lowered in ("и.о.", "врио"):
            return True
        nouns = [p for p in morph().parse(lowered) if p.tag.POS == "NOUN"]
        if nouns:
            return any("anim" in p.tag for p in nouns)
    return False
