"""``{% url %}`` that remembers what it has reversed: a built-in of the project's templates
(settings ``TEMPLATES[0]["OPTIONS"]["builtins"]``), so every ``{% url %}`` is this one.

A page prints a dozen addresses that never change between requests (the navigation, the
footer, the forms' actions), and Django reverses each one on every render, about a hundred
Python calls apiece: a tenth of an article page's work once its parts come from the cache
(issue 15). The address depends only on what the key holds: the name, the arguments, the
current application (namespaced URLs), the URLconf and the script prefix; anything that
cannot be a key (an unhashable argument) is reversed as Django does.
"""

import functools
import re

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = template.Library()


class _NoMatch(str):
    """What reverse() said of an address it could not make: remembered too, as the admin's
    base template asks on every page for a documentation address that does not exist here
    (``{% url 'django-admindocs-docroot' as docsroot %}``), and a failing reverse() lists
    every pattern it tried, about 1.5 ms."""


@functools.lru_cache(maxsize=4096)
def _reversed(view_name, args, kwargs, current_app, urlconf, _prefix):
    try:
        return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs),
                       current_app=current_app)  # fmt: skip
    except NoReverseMatch as error:
        return _NoMatch(error)


def _reverse(view_name, args, kwargs, current_app, urlconf, prefix):
    """reverse() through the cache; raises NoReverseMatch as reverse() does (a new one each
    time, with the same message)."""
    url = _reversed(view_name, args, kwargs, current_app, urlconf, prefix)
    if isinstance(url, _NoMatch):
        raise NoReverseMatch(str(url))
    return url


_reverse.cache_clear = _reversed.cache_clear


class RememberingURLNode(URLNode):
    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((k, v.resolve(context)) for k, v in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        url = ""
        try:
            try:
                url = _reverse(view_name, args, kwargs, current_app, urlconf, get_script_prefix())
            except TypeError:  # unhashable: no key, reversed every time
                url = reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs),
                              current_app=current_app)  # fmt: skip
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    node.__class__ = RememberingURLNode
    return node


def remembered_reverse(view_name, *args, **kwargs):
    """``reverse()`` remembered as ``{% url %}`` is: the ``url()`` of Jinja2 templates."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    key = tuple(sorted(kwargs.items()))
    return _reverse(view_name, args, key, None, urlconf, get_script_prefix())


@functools.lru_cache(maxsize=64)
def _address_parts(view_name, name, urlconf, _prefix):
    """The address of ``view_name`` around its one argument ``name``, as (before, after); None
    when a mark does not come back as given (a converter that would change the value)."""
    first, second = (reverse(view_name, urlconf=urlconf, kwargs={name: mark}) for mark in "01")
    before, _, after = first.rpartition("0")
    return (before, after) if f"{before}1{after}" == second else None


def address_of(view_name, name):
    """``value → reverse(view_name, kwargs={name: value})`` for a list of many, at the cost of
    one ``reverse()``: the address is built once around a mark, as comments.threads does for
    its report links. For slugs and numbers, which an address holds as they are; an empty
    value is reversed, and fails, as Django would."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    parts = _address_parts(view_name, name, urlconf, get_script_prefix())
    if parts is None:
        return lambda value: reverse(view_name, urlconf=urlconf, kwargs={name: value})
    before, after = parts
    return lambda value: (
        f"{before}{value}{after}"
        if _PLAIN(str(value))
        else reverse(view_name, urlconf=urlconf, kwargs={name: value})
    )


# What an address holds as it is, and every slug or number matches: anything else (empty, a
# «/», a space, Cyrillic) is reversed, and refused or quoted, as Django would.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+").fullmatch
