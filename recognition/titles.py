"""Titles as press stories give them before a name: «губернатора Тульской области» → «губернатор
Тульской области», «заведующей отделением» → «заведующая отделением»; a title's head noun
(«глава региона» → «глава»), and whether words before a name are a title at all."""

from toolkit.text import morph

# Titles kept as written: their head is already a genitive after an abbreviation.
ACTING = ("и.о.", "и. о.", "врио", "вр.и.о.", "исполняющий обязанности", "исполняющая обязанности")
# Heads of a region, as stories vary them in one story: «губернатор» … «глава региона» …
# «руководитель края».
REGION_HEADS = {"губернатор", "глава", "руководитель", "врио", "и.о.", "мэр", "президент"}


def capitalised(word):
    return word[:1].isupper() and not word.isupper()


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


def head_cases(words):
    """The cases the first noun of would-be title words may be in."""
    for word in words:
        nouns = [p for p in morph().parse(word.lower()) if p.tag.POS == "NOUN"]
        if nouns:
            return {p.tag.case for p in nouns}
    return set()


def title_in_case(words, case):
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
