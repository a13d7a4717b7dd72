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


@functools.lru_cache(maxsize=1)
def morph():
    """The one pymorphy3 analyser of the project (its dictionaries take a while to load)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()
