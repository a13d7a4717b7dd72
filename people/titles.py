"""Wording of official titles."""

from toolkit.text import morph as _morph


def acting_title(title):
    """«Губернатор Тульской области» → «Врио губернатора Тульской области».

    «Врио» governs the genitive, so the words up to and including the head noun are
    inflected; the rest of a title is already a genitive phrase in Russian usage.
    """
    words = title.split()
    morph = _morph()
    result = []
    for index, word in enumerate(words):
        parse = morph.parse(word)[0]
        if parse.tag.case != "nomn" or parse.tag.POS not in {"NOUN", "ADJF", "PRTF"}:
            result.extend(words[index:])
            break
        inflected = parse.inflect({"gent"})
        result.append(inflected.word if inflected else word.lower())
        if parse.tag.POS == "NOUN":
            result.extend(words[index + 1 :])
            break
    return "Врио " + " ".join(result)
