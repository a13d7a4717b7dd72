"""What the apps tell the page cache, so that it needs to import none of them.

- ``cached_page(kind)`` marks a view the cache may keep, where the view is defined. A page whose
  view is not marked is never cached: a new public page is rendered live until someone decides
  what it depends on. The kinds, by what a page shows besides names (tag ``site``):

  ``"site"``     nothing else (lists of regions, fixed pages);
  ``"list"``     which articles are public (tag ``articles``) and the articles it shows;
  ``"day"``      as ``"list"``, and who holds which post today: kept until midnight at most;
  ``"article"``  one article, named by the URL's ``slug`` (tag ``article:<slug>``).

- ``shown_by(find)``: ``find(response)`` names further tags a stored page depends on, read
  from its context (the articles a list shows, so a comment on one article refreshes only the
  lists that show it).
- ``expires(when)``: ``when(kind, response)`` is a moment the page changes by itself (the next
  scheduled publication, an article's comments closing), or None.
- ``varies_on_cookie(name, read)``: a cookie that selects a variant of every page (the
  accessibility version); ``read(request)`` gives the variant as a dict, None for the usual one.
- ``signed_per_reader(name, target=, fields=, sign=)``: a form whose fields are signed with
  the time it was shown; a cached page gets a fresh signature per reader.
"""

import functools
import inspect
from dataclasses import dataclass
from re import Pattern

KINDS = ("site", "list", "day", "article")
_MARK = "page_cache_kind"


def cached_page(kind):
    """Mark a view (a function, a view class or a callable class such as a feed) cacheable.

    Only the marked class itself counts, not its subclasses: a view built on a cached page
    (the comment form's POST view) decides for itself.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown page kind {kind!r}; one of {KINDS}")

    def mark(view):
        if isinstance(view, type):
            setattr(view, _MARK, kind)
            return view

        @functools.wraps(view)
        def page(*args, **kwargs):
            return view(*args, **kwargs)

        setattr(page, _MARK, kind)
        return page

    return mark


def kind_of(view):
    """The kind a resolved view was marked with, or None."""
    if view is None:
        return None
    owner = getattr(view, "view_class", None)  # a class-based view's as_view()
    if owner is None:
        owner = view if inspect.isfunction(view) else type(view)
    return vars(owner).get(_MARK)


_finders = []
_expiries = []
_cookies = {}


def shown_by(find):
    if find not in _finders:
        _finders.append(find)
    return find


def extra_tags(response):
    """Tags of what the page shows, besides those its kind and URL name."""
    found = set()
    for find in _finders:
        found.update(find(response))
    return sorted(found)


def expires(when):
    if when not in _expiries:
        _expiries.append(when)
    return when


def changes_by_itself(kind, response):
    """The moments the page changes with no save (None where an app knows none)."""
    return [moment for when in _expiries if (moment := when(kind, response)) is not None]


def varies_on_cookie(name, read):
    _cookies[name] = read


def variant_cookies():
    return set(_cookies)


def variant(request):
    """The page's variant from the registered cookies; "" for the usual page."""
    parts = []
    for name in sorted(_cookies):
        chosen = _cookies[name](request)
        if chosen is not None:
            parts.append(";".join(f"{k}={chosen[k]}" for k in sorted(chosen)))
    return "|".join(parts)


@dataclass(frozen=True)
class SignedForm:
    """``target``'s groups name what the form signs; ``fields`` has three groups around the two
    signed values (the time and the signature), which ``sign(*target_groups)`` gives anew."""

    name: str
    target: Pattern
    fields: Pattern
    sign: object


_signed_forms = {}


def signed_per_reader(name, *, target, fields, sign):
    _signed_forms[name] = SignedForm(name, target, fields, sign)


def signed_forms():
    return list(_signed_forms.values())


def signed_form(name):
    return _signed_forms.get(name)
