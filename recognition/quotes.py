"""Quotes in press stories as they are really written, beyond the office's three-line format.

The styles read (each with the speaker resolved from the story when the attribution names
them only by surname, title or pronoun):

- quote, then attribution: «…», — отметил губернатор Белгородской области Вячеслав Гладков.
  (also "…" - заявил …, and a quote interrupted by its attribution: «…, — сказал он. — …»);
- attribution, then quote: Как заявил Сергей Собянин, "…" / По словам министра …, «…» /
  Вячеслав Гладков отметил: «…»;
- a dash paragraph: — …, — отметил Владимир Путин. — …;
- a paragraph without quotation marks that ends «…, — заявил Воробьев.»;
- a transcript: Олег Николаев, Глава Чувашии: ….

Indirect speech («Миляев отметил, что …») is not a quote, and a quote whose speaker cannot be
named from the story stays a paragraph: the editor sees it and may make it a quote by hand.
"""

import itertools
import re
from typing import NamedTuple

from . import names, titles
from .names import morph
from .plaintext import Quote
from .speakers import WINDOW, Context

OPEN, CLOSE = '«„“"', '»“”"'
QUOTED = re.compile(r"«(?:[^«»]|«[^«»]*»)+»|„[^„“”]+[“”]|“[^“”]+”|\"[^\"]+\"")
DASH = r"[—–-]"
# Speech verbs by lemma; a past or present form of any of them opens an attribution.
_SPEECH_LEMMAS = """
    отметить отмечать подчеркнуть подчёркивать подчеркивать сказать говорить заявить заявлять
    добавить добавлять сообщить сообщать рассказать рассказывать пояснить пояснять уточнить
    уточнять заметить замечать напомнить напоминать резюмировать констатировать акцентировать
    признаться признать поделиться делиться прокомментировать комментировать высказаться
    ответить отвечать подытожить считать указать указывать призвать объяснить объяснять
    заверить пообещать обещать спросить предложить заключить продолжить выразить обратить
    уверенный убеждённый убежденный убедить уверить поблагодарить отреагировать
    процитировать говориться рассуждать
"""
SPEECH = frozenset(_SPEECH_LEMMAS.split())
AFTER_QUOTE = re.compile(rf"^\s*([,.!?…]?)\s*{DASH}\s+(?P<attr>.+)$", re.S)
SENTENCE_START = r"(?:^|[.!?]\s+)"
# The end of a sentence, not of «и.о.»: a mark followed by a capital, a quote or a dash.
SENTENCE_END = re.compile(r"[.!?…](?=\s+[А-ЯЁA-Z«\"—–-]|\s*$)")
MAX_QUOTED = 200  # quoted phrases looked at in one paragraph: a real one has a few
LEAD_IN = [
    (re.compile(SENTENCE_START + r"(?:А\s+)?[Кк]ак\s+(?P<verb>\w+)\s+(?P<who>[^:]{2,200}),\s*$"),
     "nomn"),
    (re.compile(SENTENCE_START + r"[Пп]о\s+словам\s+(?P<who>[^:]{2,200}),\s*$"), "gent"),
]  # fmt: skip
DASH_PARAGRAPH = re.compile(
    rf"^{DASH}\s*(?P<q1>.+?)(?P<p>[,!?…])\s*{DASH}\s*(?P<attr>.+?)"
    rf"(?:[.:]\s*{DASH}\s+(?P<q2>.+)|\.?\s*$)",
    re.S,
)
TAIL_ATTRIBUTION = re.compile(
    r"^(?P<q1>[^«»\"]{20,}?)(?P<p>[,!?…])\s*[—–]\s+(?P<attr>[^—–«»\"]+?)\.?\s*$", re.S
)
# Whom the speaker told, between the verb and the title: not part of the title.
ADDRESSEE = re.compile(
    r"^(?:(?:нашему|нашим)\s+)?(?:корреспондент(?:у|ам)|журналист(?:у|ам)|репорт[её]р(?:у|ам))"
    r"(?:\s+(?:агентства|издания|газеты|телеканала|радио|портала))?\s+"
    r"|^(?:(?:нашему\s+)?(?:агентству|изданию|газете|телеканалу|порталу|радиостанции)\s+)?"
    r"(?:ТАСС|РИА\s+Новости|Интерфаксу|«[^»]{1,40}»)\s+(?=[а-яё])"
    r"|^(?:нашему\s+)?(?:агентству|изданию|газете|телеканалу|порталу|радиостанции)\s+"
)
# Words that open what follows the speaker's name: where, when, to whom they said it.
AFTER_THE_SPEAKER = re.compile(r"\s(?:на|в|во|по|перед|журналистам|в ходе|во время)\s")
TRANSCRIPT = re.compile(
    r"^(?P<name>[А-ЯЁ][а-яё-]+(?:\s+[А-ЯЁ][а-яё-]+){1,2})(?:,\s*(?P<title>[^:]{3,150}))?:"
    r"\s+(?P<q>\S.+)$",
    re.S,
)


class Attribution(NamedTuple):
    """Who an attribution names («губернатор Иван Петров», «он», «глава минсельхоза») and
    the gender its verb shows («подчеркнула»: "femn"), None for a present tense."""

    who: str
    gender: str | None


def _attribution(text):
    """The speech verb's gender and the words after it, from an attribution («отметил он,
    …»), or None when it opens with no speech verb."""
    words = text.split(None, 1)
    if not words:
        return None
    verb = words[0].strip(",.:")
    speech = [p for p in morph().parse(verb.lower())
              if p.normal_form in SPEECH and p.tag.POS in {"VERB", "ADJS", "PRTS"}]  # fmt: skip
    if not speech:
        return None
    rest = words[1] if len(words) > 1 else ""
    rest = SENTENCE_END.split(rest, maxsplit=1)[0]  # «… — отметил он. Работы идут …»
    rest = ADDRESSEE.sub("", rest, count=1)  # «сказал корреспонденту агентства директор …»
    named = names.find_mentions(rest)
    head = rest.split(",", 1)[0]
    if named and named[0].position >= len(head) and _apposition(rest[: named[0].position]):
        # «— пояснила автор проекта, ландшафтный архитектор Елена Горшкова, …»
        comma = rest.find(",", named[0].position)
        rest = rest[:comma] if comma >= 0 else rest
    else:
        # «…, — сказал он журналистам», «— отметила Иванова, выступая на сессии»: up to a
        # comma.
        rest, named = head, [m for m in named if m.position < len(head)]
    # «сказал он на совещании», «— отметил Иван Петров в Туле»: up to the circumstances, but
    # not inside a title before the name («начальник ГУ МЧС России по Курганской области
    # Денис Ильин», «полпред Президента в ПФО Игорь Комаров»).
    after = named[0].position if named else 0
    circumstances = AFTER_THE_SPEAKER.search(rest, after)
    who = rest[: circumstances.start() if circumstances else None].strip(" .")
    genders = {p.tag.gender for p in speech if p.tag.gender}
    return Attribution(who, genders.pop() if len(genders) == 1 else None)


def _apposition(text):
    """Whether the words before a name are titles in a row, comma after comma: «автор
    проекта, ландшафтный архитектор»."""
    parts = text.split(",")
    return 1 < len(parts) <= 3 and all(titles.is_title(part.split()) for part in parts)


def _quote(context, who, position, text, sentence, confidence, case="nomn"):
    """A Quote of ``text`` by the speaker ``who`` (an Attribution, or a name's words) names,
    or None when it names no one the story knows."""
    if isinstance(who, Attribution):
        who, gender = who
    else:
        gender = None
    resolved = context.resolve(who, position, case, gender=gender)
    text = _clean(text)
    if resolved is None or len(text) < 3:
        return None
    name, title, certainty = resolved
    title = title or context.titles.get((name.first, name.last), "")
    return Quote(
        first_name=name.first, last_name=name.last, title=title, text=text,
        sentence=sentence.strip(), confidence=round(confidence * certainty, 2),
    )  # fmt: skip


def _clean(text):
    return " ".join(text.strip().strip(OPEN + CLOSE).strip(" ,").split())


def _sentence_start(paragraph, position):
    floor = max(0, position - WINDOW)
    cut = max(paragraph.rfind(mark, floor, position) for mark in (". ", "! ", "? ", "… "))
    return floor if cut < 0 else cut + 2


def _sentence_end(paragraph, position):
    match = SENTENCE_END.search(paragraph, position, position + WINDOW)
    return match.end() if match else min(len(paragraph), position + WINDOW)


def _whole_paragraph(paragraph, context, offset):
    """A paragraph that is one quote (a dash paragraph, a tail attribution, a transcript) as
    its items, the narrative sentences before the quote first; None when it is not one."""
    match = DASH_PARAGRAPH.match(paragraph)
    if match and (who := _attribution(match["attr"])) is not None:
        text = match["q1"] + ("." if match["p"] == "," else match["p"])
        if match["q2"]:
            text += " " + match["q2"]
        quote = _quote(context, who, offset, text, paragraph, 0.95)
        return None if quote is None else [quote]
    match = TAIL_ATTRIBUTION.match(paragraph)
    if match and (who := _attribution(match["attr"])) is not None:
        quote = _quote(context, who, offset, match["q1"] + ".", paragraph, 0.8)
        return None if quote is None else _after_narrative(quote)
    match = TRANSCRIPT.match(paragraph)
    if match and any(
        read(match["name"].split()) for read in (names.read_name, names.read_unknown_name)
    ):
        quote = _quote(context, match["name"], offset, match["q"], paragraph, 0.95)
        if quote is None:
            return None
        speaker = (quote.first_name, quote.last_name)
        if match["title"]:
            quote.title = titles.nominative_title(match["title"].split())
            context.titles.setdefault(speaker, quote.title)
        else:  # «Игорь Кобзев: …» after «Игорь Кобзев, губернатор Иркутской области: …»
            quote.title = context.titles.get(speaker, quote.title)
        return [quote]
    return None


def _after_narrative(quote):
    """«Позже губернатор встретился с жителями. Дороги будут…, — заявил Петров.»: the
    sentences up to the last that speaks of the speaker stay the story's own text."""
    ends = [m.end() for m in SENTENCE_END.finditer(quote.text)][:-1]
    cut = 0
    for end in ends:
        if _speaks_of(quote.text[cut:end], quote):
            cut = end
    if not cut:
        return [quote]
    narrative, quote.text = quote.text[:cut].strip(), quote.text[cut:].strip()
    # «…спроектирована. — Экспертиза пройдена…, — сказал он.»: the dash opened the quote.
    quote.text = re.sub(rf"^{DASH}\s+", "", quote.text)
    return [narrative, quote]


def _speaks_of(sentence, quote):
    """Whether a sentence speaks of the quote's speaker in the third person: by surname,
    by the head of their title, or as «он»/«она» opening it."""
    words = names.WORD.findall(sentence)
    if words and words[0] in ("Он", "Она"):
        return True
    last = quote.last_name.casefold()
    if any(word.casefold().startswith(last[: max(4, len(last) - 2)]) for word in words):
        return True
    head = titles.title_head(quote.title) if quote.title else ""
    heads = titles.REGION_HEADS if head in titles.REGION_HEADS else {head}
    return bool(head) and any(
        p.normal_form in heads for word in words for p in morph().parse(word.lower())[:1]
    )


def _dash_after_narrative(paragraph, context, offset):
    """«Директор рассказал о планах. – Цех заработает…, – сказала она. – …»: a dash quote
    that starts after a sentence of the story's own."""
    cuts = re.finditer(rf"[.!?…]\s+(?={DASH}\s)", paragraph)
    for cut in itertools.islice(cuts, 3):  # a sentence or three of narrative, not a page
        rest = paragraph[cut.end() :]
        if DASH_PARAGRAPH.match(rest):
            quotes = _whole_paragraph(rest, context, offset + cut.end())
            if quotes:
                return [paragraph[: cut.end()].strip(), *quotes]
    return None


def _inline(paragraph, context, offset):
    """Quotes in quotation marks inside a paragraph: (start, end, Quote) of each."""
    found = []
    for match in itertools.islice(QUOTED.finditer(paragraph), MAX_QUOTED):
        inner = match.group()[1:-1]
        after = AFTER_QUOTE.match(paragraph[match.end() : match.end() + WINDOW])
        start = _sentence_start(paragraph, match.start())
        if after and (who := _attribution(after["attr"])) is not None:
            end = _sentence_end(paragraph, match.end())
            quote = _interrupted(inner, context, offset + start) or _quote(
                context, who, offset + start, inner, paragraph[start:end], 0.95
            )
        else:
            quote, end = _led_in(paragraph, match, context, offset, start)
        if quote is not None:
            found.append((start, end, quote))
    return found


def _interrupted(inner, context, position):
    """«Часть одна, — сказал он. — Часть другая» inside one pair of quotation marks."""
    match = re.match(
        rf"^(?P<q1>.+?)(?P<p>[,!?…])\s*{DASH}\s*(?P<attr>.+?)[.:]\s*{DASH}\s+(?P<q2>.+)$",
        inner,
        re.S,
    )
    if not match or (who := _attribution(match["attr"])) is None:
        return None
    text = f"{match['q1']}{'.' if match['p'] == ',' else match['p']} {match['q2']}"
    return _quote(context, who, position, text, inner, 0.95)


def _led_in(paragraph, match, context, offset, start):
    lead = paragraph[start : match.start()]
    if re.search(r"\bчто\s*$", lead):
        return None, 0  # «отметил, что "…"»: a phrase quoted inside indirect speech
    leads = [(found["who"], found.groupdict().get("verb"), case)
             for pattern, case in LEAD_IN if (found := pattern.search(lead))]  # fmt: skip
    if lead.rstrip().endswith(":"):
        leads.append(_subject_before_colon(lead.rstrip()[:-1]))
    for who, verb, case in leads:
        if not who or (verb and not _is_speech(verb)):
            continue
        who = ADDRESSEE.sub("", who, count=1)  # «Как заявил агентству директор …»
        end = _sentence_end(paragraph, match.end())
        quote = _quote(context, who, offset + start, match.group()[1:-1],
                       paragraph[start:end], 0.9, case)  # fmt: skip
        if quote is not None:
            return quote, end
    return None, 0


def _is_speech(verb):
    return any(p.normal_form in SPEECH for p in morph().parse(verb.lower()))


def _subject_before_colon(lead):
    """«Вячеслав Гладков отметил на совещании: «…»» → ("Вячеслав Гладков", "отметил")."""
    words = lead.split()
    for index, word in enumerate(words):
        verb = word.strip(",")
        if index and _is_speech(verb):
            # «Иван Петров рассказал, что …, и добавил: «…»»; «Подписывая документ, Иван
            # Петров сказал:»: the part with the name.
            who = " ".join(words[:index])
            parts = [part for part in who.split(",") if names.find_mentions(part)]
            pronouns = [word for word in words[:index] if word in names.PRONOUNS]
            if not parts and pronouns:
                return pronouns[0], verb, "nomn"  # «На открытии она показала … и сказала:»
            return (parts[0].strip() if parts else who), verb, "nomn"
    return None, None, "nomn"


def recognise(story, *, title=""):
    """The story with every recognised quote in its body as a Quote; the rest unchanged."""
    text = "\n".join([title, story.lead, *(i for i in story.body if isinstance(i, str))])
    context = Context(text)
    body, offset = [], len(title) + len(story.lead) + 2
    for item in story.body:
        if not isinstance(item, str):
            body.append(item)
            continue
        body.extend(_paragraph(item, context, offset))
        offset += len(item) + 1
    story.body = body
    return story


def _paragraph(paragraph, context, offset):
    whole = _whole_paragraph(paragraph, context, offset)
    if whole is not None:
        return whole
    items, cursor = [], 0
    for start, end, quote in _inline(paragraph, context, offset):
        if start < cursor:
            continue
        if paragraph[cursor:start].strip():
            items.append(paragraph[cursor:start].strip())
        items.append(quote)
        cursor = end
    if not cursor and (split := _dash_after_narrative(paragraph, context, offset)):
        return split
    if paragraph[cursor:].strip():
        items.append(paragraph[cursor:].strip())
    return items
