"""``{% fragment seconds name vary_on… %}…{% endfragment %}``: Django's ``{% cache %}`` for
parts of pages rendered once per change (articles/fragments.py), with two differences that
the article page needs. A timeout of 0 renders the part without touching the cache (the
bench's fully cold figure, staff previews). A cache that cannot be read or written renders the
part live, as the page cache does: Django's tag would answer 500 (our Redis backend fails
soft, but a fragment must not depend on that). The key is Django's, so
``make_template_fragment_key(name, vary_on)`` finds it, and a view that has read a page's
fragments ahead in one round trip passes them as ``fragment_kept``.
"""

import logging

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

register = template.Library()
logger = logging.getLogger(__name__)


def keep(key, seconds, render, name="fragment", *, kept=None):
    """``render()``'s result, kept under ``key`` for ``seconds``; rendered live, and logged,
    when the cache cannot be read or written, and every time when ``seconds`` is 0. ``kept``:
    what the page already read from the cache in one round trip with its other fragments
    (``{key: value}``); a key missing from it is rendered without asking the cache again."""
    if seconds <= 0:
        return render()
    if kept is not None:
        value = kept.get(key)
    else:
        try:
            value = cache.get(key)
        except Exception:
            logger.exception("%s: the cache cannot be read, rendering live", name)
            return render()
    if value is None:
        value = render()
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.exception("%s: the cache cannot be written", name)
    return value


class FragmentNode(template.Node):
    def __init__(self, nodelist, seconds, name, vary_on):
        self.nodelist, self.seconds, self.name, self.vary_on = nodelist, seconds, name, vary_on

    def render(self, context):
        seconds = int(self.seconds.resolve(context) or 0)
        if seconds <= 0:
            return self.nodelist.render(context)
        key = make_template_fragment_key(self.name, [var.resolve(context) for var in self.vary_on])
        kept = context.get("fragment_kept")  # read ahead by the view, in one round trip
        return keep(key, seconds, lambda: self.nodelist.render(context), self.name, kept=kept)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(
            f"{bits[0]!r} takes seconds, a name and what it varies on"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
