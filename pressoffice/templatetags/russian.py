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
    from pressoffice.text import morph

    first, _, rest = str(noun).partition(" ")
    parsed = morph().parse(first)[0]
    agreed = parsed.make_agree_with_number(abs(int(number)))
    word = agreed.word if agreed is not None and parsed.tag.POS == "NOUN" else first
    return " ".join(part for part in (str(number), word, rest) if part)
