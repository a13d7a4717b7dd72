import functools
import re

from django import template

register = template.Library()


@register.filter
def plural_ru(number, forms):
    """``5|plural_ru:"комментарий,комментария,комментариев"`` → «5 комментариев»."""
    one, few, many = forms.split(",")
    n = abs(int(number))
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{number} {word}"


@register.filter
def count_of(number, noun):
    """``15|count_of:"материал"`` → «15 материалов»; the first word of a phrase agrees with the
    number («5 решений модератора»), a word that does not decline stays («3 фото»)."""
    try:
        return _count_of(number, str(noun))
    except TypeError:  # a number that cannot be a key
        return _count_of.__wrapped__(number, str(noun))


# The words of a page's titles and counts are few and come again on every page: each is
# analysed once per process (a morphological parse costs about 0.4 ms).
@functools.lru_cache(maxsize=4096)
def _count_of(number, noun):
    from toolkit.text import morph

    first, _, rest = noun.partition(" ")
    parsed = morph().parse(first)[0]
    agreed = parsed.make_agree_with_number(abs(int(number)))
    word = agreed.word if agreed is not None and parsed.tag.POS == "NOUN" else first
    return " ".join(part for part in (str(number), word, rest) if part)


# Django's admin titles put the model's name in the nominative after a verb that governs the
# accusative: «Изменить персона», «Добавить тема», «Выберите пользователь для изменения».
_ADMIN_TITLE = re.compile(
    r"^(Изменить|Добавить|Просмотреть|Выберите) (.+?)( для изменения| для просмотра)?$"
)


@register.filter
def admin_title(title):
    """An admin page's title with its object in the accusative: «Изменить персону»."""
    match = _ADMIN_TITLE.match(str(title))
    if not match:
        return title
    verb, phrase, tail = match.groups()
    if phrase[1:2].islower():
        phrase = phrase[0].lower() + phrase[1:]  # «Запись о доступе» (django-axes) mid-sentence
    return f"{verb} {accusative(phrase)}{tail or ''}"


@functools.lru_cache(maxsize=4096)
def accusative(phrase):
    """The words of ``phrase`` up to its first noun put in the accusative; the rest («о
    доступе», «модератора», «TOTP») stays as it is."""
    from toolkit.text import morph

    words = phrase.split(" ")
    for index, word in enumerate(words):
        parse = next(
            (p for p in morph().parse(word.lower())
             if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF")),
            None,
        )  # fmt: skip
        if parse is None:
            break
        inflected = parse.inflect({"accs"})
        if inflected is not None:
            words[index] = word[0] + inflected.word[1:] if word[:1].isupper() else inflected.word
        if parse.tag.POS == "NOUN":
            break
    return " ".join(words)
