"""Names readers may not sign with: the press office's and staff members', look-alikes too."""

import re
import unicodedata

from django.contrib.auth import get_user_model

OFFICE_NAME = "Пресс-служба"
# Fragments of reserved names as skeleton() writes them: «Пресс служба», «пресс-служба
# правительства …» and «Пресслужба» all contain it.
RESERVED_FRAGMENTS = ["преслужб"]

# Latin and Greek letters drawn like Cyrillic ones, after casefold(). confusable-homoglyphs
# (PyPI) tells whether a string mixes scripts dangerously, not what it reads as, and we need
# the reading to compare with our names; on a Russian site Latin and Greek are the scripts that
# matter, so a small map is enough and adds no dependency.
LOOK_ALIKES = str.maketrans(
    {
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м", "n": "п",
        "o": "о", "p": "р", "r": "г", "t": "т", "u": "и", "x": "х", "y": "у", "ё": "е",
        "0": "о", "3": "з", "6": "б",
        "α": "а", "β": "в", "ε": "е", "η": "п", "κ": "к", "μ": "м", "ο": "о", "π": "п",
        "ρ": "р", "τ": "т", "υ": "у", "χ": "х",
    }
)  # fmt: skip
_NOT_LETTER = re.compile(r"[\W_]+")
_REPEATS = re.compile(r"(.)\1+")


def clean_display_name(name):
    """The name without format characters (bidi overrides and isolates, zero-width spaces and
    joiners, BOM: Unicode category Cf), single-spaced."""
    visible = "".join(ch for ch in name if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def skeleton(name):
    """What the name reads as: letters only, lower case, look-alikes in Cyrillic, no doubled
    letters («Прeсс - служба» and «пресслужба» read the same)."""
    text = unicodedata.normalize("NFKC", clean_display_name(name)).casefold()
    text = _NOT_LETTER.sub("", text.translate(LOOK_ALIKES))
    return _REPEATS.sub(r"\1", text)


def staff_skeletons():
    """Active staff members' full names, first and last in either order; one query."""
    names = (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(first_name="")
        .exclude(last_name="")
        .values_list("first_name", "last_name")
    )
    return {skeleton(a + b) for first, last in names for a, b in [(first, last), (last, first)]}


def is_reserved(name):
    """Whether a reader's name reads as the press office's or as an active staff member's."""
    shape = skeleton(name)
    if not shape:
        return False
    return any(fragment in shape for fragment in RESERVED_FRAGMENTS) or shape in staff_skeletons()
