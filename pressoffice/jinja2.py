"""The Jinja2 environment of the templates in templates/jinja2/: parts of pages rendered often
enough that Django's template language is their main cost (the comment thread of an article,
the search page, the article's body; issue 15). Autoescaping is on, as in Django's templates,
and escapes as Django does (``escaped_as_django``); Django's own filters are used so that what
they print does not change with the engine. Unlike Django's templates, Jinja2 does not put
datetimes in local time before ``date``: ``localtime`` does."""

import functools

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.defaultfilters import date, linebreaks_filter, truncatewords, urlencode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from jinja2 import Environment, pass_context, pass_eval_context
from markupsafe import Markup

from discovery.feeds import SITE_FEEDS
from events.templatetags.announcements import reported_events
from press.channels import official_channels
from pressoffice.templatetags import metadata
from toolkit.templatetags.pictures import picture, rendition_url
from toolkit.templatetags.russian import plural_ru
from toolkit.templatetags.typography import typographed_html, typographed_text
from toolkit.templatetags.urls import address_of, remembered_reverse


def environment(**options):
    env = Environment(**options, finalize=escaped_as_django)  # noqa: S701 (autoescape=True)
    env.filters["date"] = date
    env.filters["day_and_time"] = day_and_time
    env.filters["linebreaks"] = linebreaks_filter
    env.filters["localtime"] = timezone.localtime
    env.filters["plural_ru"] = plural_ru
    env.filters["truncatewords"] = truncatewords
    env.filters["typographed_html"] = typographed_html
    env.filters["typographed_text"] = typographed_text
    env.filters["urlencode"] = urlencode
    env.globals["url"] = remembered_reverse
    env.globals["address_of"] = address_of
    # The layout's (templates/jinja2/layout/).
    env.globals["static"] = static
    env.globals["site_feeds"] = site_feeds
    env.globals["layout_urls"] = layout_urls
    env.globals["official_channels"] = official_channels
    # The article's body (templates/jinja2/articles/body.html).
    env.globals["picture"] = picture
    env.globals["rendition_url"] = rendition_url
    env.globals["reported_events"] = reported_events
    # Given the Jinja2 context, as Django's simple tags are given theirs (partial: the tags'
    # own functions stay unmarked).
    for name in ("absolute_url", "canonical_url", "page_metadata", "article_jsonld"):
        env.globals[name] = pass_context(functools.partial(getattr(metadata, name)))
    return env


# What escaped_as_django passes on without a look (no call): marked safe, or without quotes.
_AS_THEY_ARE = frozenset({Markup, SafeString, int})


@pass_eval_context
def escaped_as_django(eval_context, value):
    """What ``{{ value }}`` prints, escaped as Django's templates escape it, the quotes
    included: MarkupSafe, Jinja2's escaping, writes &#34; and &#39; for Django's &quot; and
    &#x27;. Only a text with quotes needs Django's ``escape``: the rest MarkupSafe escapes to the
    same bytes, and what is marked safe (``__html__``) is printed as it is, by both. Called for
    every value a Jinja2 template prints (the finalize hook), so the usual ones cost no call.
    Where autoescaping is off (``{% autoescape false %}``) the value is left as it is. Other
    objects than texts (a model instance) still print their quotes as MarkupSafe does."""
    if not eval_context.autoescape:
        return value
    kind = value.__class__
    if kind is str:
        if '"' not in value and "'" not in value:
            return value
    elif kind in _AS_THEY_ARE or not isinstance(value, str | Promise) or hasattr(value, "__html__"):
        return value
    return escape(value)


def day_and_time(value):
    """«7 мая 2024, 14:05» in local time: what Django's date:"j E Y, H:i" prints, without the
    hundred calls of its formatter per date (ten on every page of search results)."""
    value = timezone.localtime(value)
    return f"{value.day} {_months(get_language())[value.month]} {value.year}, {value:%H:%M}"


@functools.lru_cache(maxsize=16)
def _months(language):
    """The months' names as a date is written («7 мая»), in ``language``."""
    return [""] + [str(MONTHS_ALT[number]) for number in range(1, 13)]


# What the layout links on every page (header, navigation, forms, footer), by a short name.
LAYOUT_VIEWS = {
    "home": "articles:home",
    "regions": "regions:region-list",
    "people": "people:person-list",
    "events": "events:event-list",
    "archive": "articles:archive",
    "photobank": "photobank:photo-list",
    "press": "press:section",
    "search": "discovery:search",
    "accessibility": "accessibility",
    "personal_data": "personal-data",
}


def layout_urls():
    """The layout's addresses (LAYOUT_VIEWS), reversed once per URLconf and script prefix: one
    call per page where a dozen url() calls each asked for both (issue 15)."""
    return _layout_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=16)
def _layout_urls(urlconf, _prefix):
    return {name: reverse(view, urlconf=urlconf) for name, view in LAYOUT_VIEWS.items()}


def site_feeds():
    """The site's feeds as (name, address, MIME type), as discovery.feeds.site_feeds gives them,
    reversed once per URLconf and script prefix."""
    return _site_feeds(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=16)
def _site_feeds(urlconf, _prefix):
    return tuple(
        (name, reverse(view, urlconf=urlconf), mime_type) for name, view, mime_type in SITE_FEEDS
    )


def static(path):
    """``{% static path %}``: with django.contrib.staticfiles installed, as here, the storage's
    address (toolkit.staticfiles remembers it), without asking the app registry every time."""
    return staticfiles_storage.url(path)
