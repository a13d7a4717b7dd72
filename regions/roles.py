"""The role a region's mention plays in its sentence, for ``regions.salience``: where
things happen or who acts, or named in passing (a route, a venue, where people and goods
come from or go, a model, a comparison, a birthplace) or as an attribute of someone or
something. Each rule reads only the mention's own line."""

from typing import NamedTuple

from toolkit.text import morph

from . import cues
from .recognition import mentions


class Words(NamedTuple):
    """The recogniser's tokens, and for each the index of the first token of its line: the
    headline, the lead and each paragraph end without a mark, and no rule reads across.
    ``cases`` and ``parts`` keep each token's grammatical cases and part of speech once read
    (``_cases``, ``_part``): several rules ask them of the same tokens."""

    tokens: list
    lemmas: list
    spans: list
    line: list
    cases: dict
    parts: dict


def read(text):
    words, found = mentions(text)
    line, first = [], 0
    for index, (start, _) in enumerate(words.spans):
        if index and "\n" in text[words.spans[index - 1][1] : start]:
            first = index
        line.append(first)
    return Words(*words, line, {}, {}), found


def back(words, start, count):
    """Positions of up to ``count`` tokens before ``start``, nearest first, on its line."""
    return range(start - 1, max(words.line[start], start - count) - 1, -1)


def _governing_preposition(words, mention):
    """The preposition the mention depends on and its position, looking past adjectives,
    nouns of place and the items before it in a list: «из приграничных районов Брянской
    области» → «из», «мастера из Вологды, Кирова, Рязани» → «из» for Рязань too."""
    tokens, position = words.tokens, mention.start - 1
    words_left, listed = 3, False
    while position >= words.line[mention.start] and words_left >= 0:
        token = tokens[position].lower()
        opens_line = position == words.line[mention.start]
        if token in cues.CONJUNCTIONS and not opens_line and tokens[position - 1][:1].isupper():
            listed, position = True, position - 2  # «…, Кирова, Рязани»: one more item
            continue
        if not token[0].isalpha():
            return None, position
        parses = morph().parse(token)
        if parses[0].tag.POS == "PREP":
            # A list reaches back only for the case it shares: not «из Москвы, Тульская…».
            if listed and "gent" not in _cases(words, mention):
                return None, position
            return token, position
        if parses[0].tag.POS not in ("ADJF", "PRTF") and not words.lemmas[position] & cues.PLACES:
            return None, position
        position, words_left = position - 1, words_left - 1
    return None, position


def in_passing(words, mention):
    """A route, a venue, where people or goods come from or go, a comparison, or the capital
    as the other side (see the module's docstring)."""
    tokens, lemmas = words.tokens, words.lemmas
    start, end = mention.start, mention.end
    before = [lemmas[i] for i in reversed(back(words, start, 4))]
    if _through(words, start):
        return True
    preposition, at = _governing_preposition(words, mention)
    if any(lemma & {"граница"} for lemma in before[-2:]):
        return True  # «на границе Оренбургской и Самарской областей»
    if preposition in cues.FROM:
        return True  # «туристы из Москвы», «завод из Нижегородской области», «до Брянска»
    cases = _cases(words, mention)
    if preposition in ("с", "со") and "gent" in cases and "ablt" not in cases:
        return True  # «рыба с Камчатки», «подрядчики со Ставрополья»; not «с Тулой»
    if start > words.line[start] and tokens[start - 1].lower() in cues.COMPARISON:
        return True  # «символ, как вологодское кружево для Вологодчины»
    if (
        preposition is not None
        and at > words.line[start]
        and tokens[at - 1].lower() in cues.COMPARISON
    ):
        return True  # «так же, как в Тульской области»
    if (
        preposition in cues.INTO
        and at == start - 1
        and "accs" in cases
        and cases <= {"nomn", "accs"}
    ):
        return True  # «рейсы в Новосибирск», «везти в Калугу»: where to, not where
    if _made_there(words, start):
        return True  # «на заводе в Усть-Катаве Челябинской области»
    if _compared(words, mention) or _venue(words, mention) or _model(words, mention):
        return True
    if _named_in_quotes(words, mention):
        return True  # «обыграли «Ростов»»: a team, a ship, a company named after a place
    if _visitors(words, mention):
        return True  # «Новосибирцы стали главными гостями Байкала»
    if _joins_later(words, mention) or _placed_behind(words, mention):
        return True
    if any(lemma & cues.NEIGHBOURS for lemma in before[-2:]):
        return True  # «в соседней Удмуртии»: the story's region is the other one
    if any(lemma & cues.BIRTH for lemma in (lemmas[at] for at in back(words, start, 6))):
        return True  # «композитор родился в 1840 году в Воткинске»: a birthplace
    at_venue = len(before) >= 2 and tokens[start - 1].lower() in ("в", "во", "на")
    if at_venue and any(lemma & cues.EVENTS for lemma in before[:-1]):
        return True
    if end == start + 1 and "москва" in lemmas[start]:
        moscow = {p.tag.case for p in morph().parse(tokens[start].lower())
                  if p.normal_form == "москва"}  # fmt: skip
        if moscow and moscow <= {"accs", "datv", "ablt"}:
            return True  # «просит Москву», «обратились к Москве», «спор с Москвой»
        if "gent" in moscow and before and before[-1] & cues.CENTRE_DECISIONS:
            return True  # «без решения Москвы»
        # «проект согласовали в Москве»: approved by the federal centre.
        return "loct" in moscow and any(lemma & cues.APPROVALS for lemma in before[:-1])
    return False


def acts(words, mention):
    """Whether the mention is its sentence's subject or the genitive of its authorities."""
    tokens, lemmas = words.tokens, words.lemmas
    on_line = mention.start > words.line[mention.start]
    previous = tokens[mention.start - 1].lower() if on_line else ""
    if previous and any(p.tag.POS == "PREP" for p in morph().parse(previous)):
        return False
    cases = _cases(words, mention)
    if cases and "nomn" in cases:
        return True
    return bool(cases and "gent" in cases and on_line and lemmas[mention.start - 1]
                & cues.AUTHORITIES)  # fmt: skip


def attribute(words, mention):
    """Whether the region is named as an attribute of someone or something, not as where
    the news happens or who makes it: a noun's genitive or adjective in an oblique case
    («для автозаводов Татарстана», «лекарства томских фармацевтов», «обыграли пензенцев»),
    whom something is for («стройматериалы для Сахалина»), or a participle's place
    («композитора, родившегося в Воткинске», «раньше работавший в Красноярске») or of a
    clause «, который …» («бюро, которое проектировало школы в Казани»). The subject
    («Дагестанские борцы выиграли»), where it happens («В Чайковском пройдёт») and its
    authorities («Глава Новокузнецка») are not attributes."""
    if _in_relative_clause(words, mention.start):
        return True  # «бюро, которое раньше проектировало школы в Казани»
    noun = _qualified(words, mention)
    if (
        noun is not None
    ):  # «казанские строители», «петербургский «Зенит»», not «брянский губернатор»
        return not words.lemmas[noun] & cues.OWN_VOICE
    preposition, at = _governing_preposition(words, mention)
    if preposition == "для":
        return True  # «линия для сахалинских строителей»: whom it is for
    if preposition is not None:
        return any(_part(words, position) == "PRTF" for position in back(words, at, 2))
    cases = _cases(words, mention)
    if not cases or "nomn" in cases or authorities_of(words, mention):
        return False
    # An adjective qualifies its own noun («капитан пензенской команды»): not the subject's.
    last = morph().parse(words.tokens[mention.end - 1].lower())[0]
    return last.tag.POS == "ADJF" or not _of_the_subject(words, mention.start)


def _of_the_subject(words, start):
    """Whether ``start`` follows the noun opening its sentence, in the nominative: «Жители
    Тулы получат», «Волейболисты Саранска обыграли» (the region acts through its people)."""
    noun = start - 1
    if noun < words.line[start] or not words.tokens[noun][:1].isalpha():
        return False
    opens = noun == words.line[start] or words.tokens[noun - 1] in cues.SENTENCE_ENDS | cues.QUOTES
    parses = morph().parse(words.tokens[noun].lower())
    return opens and any(p.tag.POS == "NOUN" and p.tag.case == "nomn" for p in parses)


def _in_relative_clause(words, start):
    """Whether ``start`` is in a clause «, который …», up to 8 words back in its sentence."""
    for at in back(words, start, 9):
        token = words.tokens[at]
        if token in cues.SENTENCE_ENDS or token in cues.DASHES:
            return False
        if "который" in words.lemmas[at]:
            return at > words.line[start] and words.tokens[at - 1] == ","
    return False


def authorities_of(words, mention):
    """Whether the mention is the genitive of authorities: «представители Ямала»."""
    start = mention.start
    return (start > words.line[start] and bool(words.lemmas[start - 1] & cues.AUTHORITIES)
            and "gent" in _cases(words, mention))  # fmt: skip


def governs(words, mention):
    """Whether the mention is the genitive of authorities opening their sentence («Власти
    Хабаровского края пообещали…», «Правительство Калужской области выделит…»)."""
    start, tokens = mention.start, words.tokens
    if start == words.line[start] or not words.lemmas[start - 1] & cues.AUTHORITIES:
        return False
    # Capitalised, it opens the sentence; «…сказал губернатор Калужской области» is a title.
    return tokens[start - 1][:1].isupper() and "gent" in _cases(words, mention)


def _cases(words, mention):
    """The grammatical cases every word of the mention may be in. Several rules ask it of
    one mention: each token is parsed for its cases once per story."""
    cases = None
    for at in range(mention.start, mention.end):
        token = words.tokens[at].lower()
        if token in cues.CONJUNCTIONS or not token[0].isalpha():
            continue
        if at not in words.cases:
            words.cases[at] = frozenset(p.tag.case for p in morph().parse(token))
        cases = words.cases[at] if cases is None else cases & words.cases[at]
    return set(cases or ())


def _part(words, at):
    """The part of speech of the token at ``at`` (its likeliest parse), read once per story."""
    if at not in words.parts:
        words.parts[at] = morph().parse(words.tokens[at].lower())[0].tag.POS
    return words.parts[at]


def _through(words, start):
    """A route: «через Красноярский край», «через переходы в Забайкалье»."""
    for at in back(words, start, 5):
        if not words.tokens[at][0].isalpha():
            return False
        if words.lemmas[at] & cues.ROUTE:
            return True
    return False


def _made_there(words, start):
    """Whether the place named at ``start`` is where something was made: «на заводе в
    Усть-Катаве Челябинской области», «на верфи «Звезда» в Большом Камне в Приморье». A
    factory or a company stands before the preposition, with only names and places between."""
    tokens, into = words.tokens, False
    for at in back(words, start, 8):
        token = tokens[at].lower()
        if token in cues.QUOTES:
            continue
        if not token[0].isalpha():
            return False
        if token in cues.INTO:
            into = True
            continue
        if into and words.lemmas[at] & cues.MAKERS:
            return True
        if _part(words, at) in cues.CLAUSE_WORDS:
            return False
    return False


def _compared(words, mention):
    """Whether the sentence brings the region in for comparison before naming it: «Для
    сравнения, на Таймыре в Красноярском крае зимники только намораживают», «Похожее
    соглашение раньше заключили Татарстан и Чувашия»."""
    tokens, lemmas = words.tokens, words.lemmas
    for at in back(words, mention.start, 24):
        if tokens[at] in cues.SENTENCE_ENDS:
            return False
        if "сравнение" in lemmas[at] or lemmas[at] & cues.LIKENESS:
            return True
        if tokens[at].lower() == "же" and at and "такой" in lemmas[at - 1]:
            return True  # «собираются открыть такие же центры в Нижнем Новгороде»
        if tokens[at].lower() == "отличие" and at and tokens[at - 1].lower() == "в":
            return True
    return False


def _venue(words, mention):
    """«во Владивостоке, где проходило совещание»: where the parties met, not where the
    story happens."""
    tokens, lemmas, end = words.tokens, words.lemmas, mention.end
    if [token.lower() for token in tokens[end : end + 2]] != [",", "где"]:
        return False
    return any(lemmas[at] & cues.GATHERINGS for at in range(end + 2, min(len(tokens), end + 6)))


def _qualified(words, mention):
    """The noun a place's adjective qualifies, when the mention is one («казанские
    строители», «петербургский «Зенит»»), past other adjectives and quotation marks; else
    None. A town named like an adjective («Заречный») is capitalised inside its sentence."""
    start = mention.start
    token = words.tokens[start]
    opens = start == words.line[start] or words.tokens[start - 1] in cues.SENTENCE_ENDS
    if mention.end != start + 1 or not (token[:1].islower() or opens):
        return None
    if _part(words, start) != "ADJF":
        return None
    for at in range(mention.end, min(len(words.tokens), mention.end + 4)):
        if words.line[at] != words.line[start]:
            return None
        if words.tokens[at] in cues.QUOTES:
            continue
        if not words.tokens[at][:1].isalpha():
            return None
        pos = _part(words, at)
        if pos != "ADJF":
            return at if pos == "NOUN" or words.tokens[at - 1] in cues.QUOTES else None
    return None


def _model(words, mention):
    """A model to follow from elsewhere: «по примеру Татарстана», «опираясь на опыт
    Кузбасса», «по казанской схеме»."""
    start = mention.start
    if start > words.line[start] and words.lemmas[start - 1] & cues.MODELS:
        return "gent" in _cases(words, mention)
    noun = _qualified(words, mention)
    return noun is not None and bool(words.lemmas[noun] & cues.MODELS)


def _visitors(words, mention):
    """People of the region who come as guests, their own word in the sentence after them:
    «Новосибирцы стали главными гостями Байкала», «петербуржцы — самые частые туристы»."""
    start = mention.start
    if mention.end != start + 1:
        return False
    noun = _qualified(words, mention)
    if noun is not None:  # «Нижегородские гости провели в Москве два дня»
        return bool(words.lemmas[noun] & cues.VISITORS)
    parse = morph().parse(words.tokens[start].lower())[0]
    if parse.tag.POS != "NOUN" or parse.tag.animacy != "anim":
        return False
    for at in range(mention.end, min(len(words.tokens), mention.end + 5)):
        if words.line[at] != words.line[start] or words.tokens[at] in cues.SENTENCE_ENDS:
            return False
        if words.lemmas[at] & cues.VISITORS:
            return True
    return False


def _joins_later(words, mention):
    """A region that may join later: «Камчатка присоединится позже», «К маршруту может
    присоединиться Плёс». The verb in the future, or after «может», «планирует»."""
    ahead = range(mention.end, min(len(words.tokens), mention.end + 8))
    for positions in (ahead, back(words, mention.start, 5)):
        for at in positions:
            if (
                words.line[at] != words.line[mention.start]
                or words.tokens[at] in cues.SENTENCE_ENDS
            ):
                break
            if words.lemmas[at] & cues.JOINING:
                tag = morph().parse(words.tokens[at].lower())[0].tag
                modal = at and words.lemmas[at - 1] & cues.MODALS
                return "futr" in tag or bool(tag.POS == "INFN" and modal)
    return False


def _placed_behind(words, mention):
    """A rival placed behind the winner: «второе место у Северной Осетии», «Второе место
    заняла команда Северной Осетии»."""
    for at in back(words, mention.start, 5):
        if words.tokens[at] in cues.SENTENCE_ENDS:
            return False
        if "место" in words.lemmas[at] and at and words.lemmas[at - 1] & cues.PLACINGS:
            return True
    return False


def _named_in_quotes(words, mention):
    """A place's name alone in quotation marks names a team, a ship or a company: «обыграли
    «Ростов»», «сверстников из «Краснодара»»."""
    start, end = mention.start, mention.end
    return (
        start > words.line[start]
        and words.tokens[start - 1] in cues.QUOTES
        and end < len(words.tokens)
        and words.tokens[end] in cues.QUOTES
    )
