"""Text helpers shared by the apps."""

import functools
import re

import iuliia
from django.utils.text import slugify

# The Moscow metro romanization gives the readable Latin Russian readers expect in addresses:
# «Ульяновской» → ulyanovskoy, «соглашение» → soglashenie.
_TRANSLIT = iuliia.MOSMETRO


def slugify_ru(text, *, max_length=100):
    """Readable Latin slug from Russian text, cut at a word boundary within ``max_length``."""
    slug = slugify(_TRANSLIT.translate(text or ""))
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[:max_length] else slug[:max_length]
    return slug.strip("-")


def unique_slug(model, text, *, max_length=100, exclude_pk=None, field="slug", reserved=None):
    """``slugify_ru(text)`` made unique among ``model``'s rows by a numeric suffix; ``reserved``,
    a ``(queryset, field)`` pair, names further slugs that are taken (old addresses)."""
    base = slugify_ru(text, max_length=max_length - 4) or "material"
    queryset = model._default_manager.all()
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    pattern = rf"^{re.escape(base)}(-[0-9]+)?$"
    taken = set(queryset.filter(**{f"{field}__regex": pattern}).values_list(field, flat=True))
    if reserved is not None:
        others, other_field = reserved
        taken.update(
            others.filter(**{f"{other_field}__regex": pattern}).values_list(other_field, flat=True)
        )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


PARSED_WORDS = 50_000  # words whose parses the analyser keeps, least recently used out


class _Analyser:
    """pymorphy3's analyser, each word's parses kept: a story repeats its words, and several
    rules ask the same word. A paste of one phrase repeated (issue 14's worst inputs) parsed
    the same few words twenty thousand times. ``parse`` gives a tuple, never to be changed;
    the rest is the analyser's own."""

    def __init__(self, analyser):
        self._analyser = analyser
        self.parse = functools.lru_cache(maxsize=PARSED_WORDS)(
            lambda word: tuple(analyser.parse(word))
        )

    def __getattr__(self, name):
        return getattr(self._analyser, name)


@functools.lru_cache(maxsize=1)
def morph():
    """The one pymorphy3 analyser of the project (its dictionaries take a while to load)."""
    import pymorphy3

    return _Analyser(pymorphy3.MorphAnalyzer())
