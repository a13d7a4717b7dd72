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

from toolkit.text import morph

from .titles import (
    capitalised,
    head_cases,
    is_title,
    nominative_title,
    title_in_case,
)

WORD = re.compile(r"[А-ЯЁа-яёA-Za-z][А-ЯЁа-яёA-Za-z-]*(?:\.[а-яё]\.)?")
PRONOUNS = {"он": "masc", "она": "femn"}


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
# A surname's endings in any case: whether a word is worth reading as one at all.
SURNAME_SHAPE = re.compile(r"(?:ов|ев|ёв|ин|ын)(?:а|у|ым|е|ой|ы)?$|(?:ский|цкий|ская|цкая|енко)$")
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
        name = read_name(words, prefer=head_cases(title_words))
        if name is None:
            index += 1
            continue
        title = title_in_case(title_words, name.case)
        title = _restore(nominative_title(title.split())) if title else ""
        mentions.append(Mention(name, title, start))
        index += length
    return mentions


def _unknown_after_title(text, tokens, index):
    """A Mention of a first name the dictionary lacks and a surname right after a title
    («Заведующая детским садом Алсу Галиева пришла…»), else None."""
    word, start = tokens[index]
    surname = tokens[index + 1][0]
    # Cheap checks first: the title before is looked for only after a lower-case word or a
    # place («глава Республики Калмыкия Бату Хасиков»), and only when the next word may be a
    # surname (a run of capitalised words is not).
    before = tokens[index - 1][0] if index else ""
    if not capitalised(word) or not SURNAME_SHAPE.search(surname.lower()):
        return None
    if not before.islower() and not any("Geox" in p.tag for p in morph().parse(before.lower())):
        return None
    if _gap(text, tokens, index, 2):
        return None
    title_words = _words_before(text, start)
    if not title_words or not is_title(title_words):
        return None
    # In the title's case: «Заведующая детским садом Алсу Галиева», «министра … Гульназ
    # Хайруллиной».
    nominative = bool(title_in_case(title_words, "nomn"))
    case = "nomn" if nominative else min(head_cases(title_words), default="gent")
    name = read_unknown_name([word, surname], case)
    if name is None:
        return None
    title = title_in_case(title_words, name.case)
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
