"""{% picture %}: a photo as <picture>, WebP and JPEG at the widths its model has renditions of."""

import contextlib
import functools
import logging
import time
from collections import OrderedDict

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from imagekit.cachefiles.state import prefetch_cachefile_states, use_cachefile_state_cache
from imagekit.models.fields.utils import ImageSpecFileDescriptor

from toolkit.images import stored_facts

register = template.Library()
logger = logging.getLogger(__name__)


@functools.cache
def renditions_of(model, field_name):
    """``(width, format, square, attname)`` of each rendition (toolkit.images.rendition) of
    ``model.field_name``, narrowest first."""
    found = set()
    for klass in model.__mro__:
        for attname, attr in vars(klass).items():
            if (
                isinstance(attr, ImageSpecFileDescriptor)
                and attr.source_field_name == field_name
                and hasattr(attr.field, "rendition")
            ):
                found.add((*attr.field.rendition, attname))
    return sorted(found)


# The renditions of a stored file never change under its name (uploads get unique names), so
# which of them exist, with their URLs and sizes, is remembered here for a while: otherwise every
# picture on every render costs a cache round trip, six name hashes and a read of the original's
# header (2 ms a cover; a home page of covers spent most of its time here). Bounded in size, and
# in time, so renditions deleted by hand are made again within RENDITIONS_TTL.
RENDITIONS_TTL = 600
RENDITIONS_KEPT = 4096
_known = OrderedDict()
_clock = time.monotonic


def known_candidates(image, renditions):
    key = (type(image.instance).__name__, image.field.name, image.name)
    return _remembered(key, lambda: _candidates(image, renditions))


def rendition_url(image, attname):
    """``getattr(image.instance, attname).url`` (a gallery's link to its large copy), made if
    missing and remembered as the candidates are: ImageKit names a rendition by pickling and
    hashing its spec, about a thousand Python calls a photo."""
    key = (type(image.instance).__name__, image.field.name, image.name, attname)
    try:
        return _remembered(key, lambda: getattr(image.instance, attname).url)
    except Exception:
        # As picture(): a missing or unreadable original links the file, the page stays up.
        logger.exception("No rendition %s of %s", attname, image.name)
        return image.url


def _remembered(key, make):
    now = _clock()
    found = _known.get(key)
    if found and found[0] > now:
        # Another thread (the development server's) may have dropped it meanwhile.
        with contextlib.suppress(KeyError):
            _known.move_to_end(key)
        return found[1]
    value = make()
    _known[key] = (now + RENDITIONS_TTL, value)
    while len(_known) > RENDITIONS_KEPT:
        _known.popitem(last=False)
    return value


def _candidates(image, renditions):
    """``{format: [(url, width, height)]}``, the widths the files really have, no repeats."""
    files = {attname: getattr(image.instance, attname) for *_, attname in renditions}
    candidates = {"WEBP": [], "JPEG": []}
    # The original's size from the shared cache: on an object store, image.width would fetch
    # the whole original.
    facts = stored_facts([image])[image.name]
    if facts is None:
        raise FileNotFoundError(image.name)
    own_width, own_height = facts["width"], facts["height"]
    # One cache round trip for the existence of all the files, instead of one each.
    with use_cachefile_state_cache() as states:
        prefetch_cachefile_states(files.values(), state_cache=states)
        for width, image_format, square, attname in renditions:
            if square:
                size = (width, width)
            else:  # never enlarged: a narrower original gives a narrower file
                real = min(width, own_width)
                size = (real, round(own_height * real / own_width))
            if size[0] not in {c[1] for c in candidates[image_format]}:
                candidates[image_format].append((files[attname].url, *size))
    return candidates


@register.simple_tag
def picture(image, *, alt, sizes, width=None, height=None, loading="lazy", css_class=""):
    """``image`` (a FieldFile with renditions) as <picture>: WebP sources, a JPEG <img> fallback.

    ``sizes`` is the width the layout gives the picture. ``width`` and ``height`` are the box the
    page reserves; left out, they are the fallback file's own, read from the original's header
    (a storage read, never a query). The files are made on first use (ImageKit's JustInTime).
    Also the Jinja2 templates' ``picture()`` (pressoffice/jinja2.py): one markup for both.
    """
    try:
        candidates = known_candidates(image, renditions_of(type(image.instance), image.field.name))
    except Exception:
        # A missing or unreadable original must not take the page down: log it, show the file.
        logger.exception("No renditions of %s", image.name)
        return markup(image.url, alt, sizes, width, height, loading, css_class)
    jpeg = candidates["JPEG"]
    src, own_width, own_height = jpeg[len(jpeg) // 2]
    return markup(
        src, alt, sizes, width or own_width, height or own_height, loading, css_class,
        webp_srcset=", ".join(f"{url} {w}w" for url, w, _ in candidates["WEBP"]),
        jpeg_srcset=", ".join(f"{url} {w}w" for url, w, _ in jpeg),
    )  # fmt: skip


def markup(src, alt, sizes, width, height, loading, css_class, *, webp_srcset="", jpeg_srcset=""):
    """The <picture> element, built here rather than by an included template: a page of covers
    or a gallery drew one template per photo (issue 15). Escaped as Django's templates escape:
    what is marked safe (the templates' string literals) is left as it is."""
    sizes = conditional_escape(sizes)
    html = ["<picture>"]
    if webp_srcset:
        html.append(
            f'<source type="image/webp" srcset="{conditional_escape(webp_srcset)}" sizes="{sizes}">'
        )
    html.append("<img")
    if css_class:
        html.append(f' class="{conditional_escape(css_class)}"')
    html.append(f' src="{conditional_escape(src)}"')
    if jpeg_srcset:
        html.append(f' srcset="{conditional_escape(jpeg_srcset)}" sizes="{sizes}"')
    html.append(f' alt="{conditional_escape(alt)}"')
    if width and height:
        html.append(f' width="{conditional_escape(width)}" height="{conditional_escape(height)}"')
    html.append(f' loading="{conditional_escape(loading)}" decoding="async"></picture>\n')
    return mark_safe("".join(html))  # noqa: S308 (every value escaped above)
