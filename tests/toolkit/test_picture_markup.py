"""``{% picture %}`` and Jinja2's ``picture()`` build their markup in Python
(toolkit/templatetags/pictures.py), as the included template printed it."""

from pathlib import Path

import pytest
from django.template import engines
from django.utils.safestring import mark_safe

from toolkit.templatetags.pictures import markup

# templates/includes/picture.html before issue 15, the context the tag gave it.
DJANGO = engines["django"].from_string((Path(__file__).parent / "picture_django.html").read_text())
HOSTILE = "<script>alert(\"x\")</script> & 'кавычки' «ёлки»"
SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"
SRCSET = "/m/a%20b.webp 480w, /m/a&b.webp 800w"


@pytest.mark.parametrize(
    "context",
    [
        {"src": "/m/a.jpg", "alt": HOSTILE, "sizes": SIZES, "width": 1200, "height": 675,
         "loading": "eager", "css_class": "", "webp_srcset": SRCSET, "jpeg_srcset": SRCSET},
        {"src": "/m/a.jpg", "alt": "", "sizes": "72px", "width": 72, "height": 72,
         "loading": "lazy", "css_class": "quote__photo", "webp_srcset": SRCSET,
         "jpeg_srcset": "/m/a.jpg 72w"},
        # A missing original: the file itself, no renditions, no box when none was asked for.
        {"src": "/m/<missing>.jpg", "alt": HOSTILE, "sizes": SIZES, "width": None,
         "height": None, "loading": "lazy", "css_class": ""},
        {"src": "/m/a.jpg", "alt": mark_safe("<b>"), "sizes": mark_safe('"'), "width": 320,
         "height": None, "loading": "lazy", "css_class": '"x"'},
    ],
)  # fmt: skip
def test_the_picture_is_what_the_included_template_printed(context):
    built = markup(
        context["src"], context["alt"], context["sizes"], context["width"], context["height"],
        context["loading"], context["css_class"], webp_srcset=context.get("webp_srcset", ""),
        jpeg_srcset=context.get("jpeg_srcset", ""),
    )  # fmt: skip
    assert built == DJANGO.render(context)
    assert built.endswith("</picture>\n")
