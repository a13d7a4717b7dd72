"""The Jinja2 environment of the templates in templates/jinja2/: parts of pages rendered often
enough that Django's template language is their main cost (the comment thread of an article,
the search page; issue 15). Autoescaping is on, as in Django's templates; Django's own filters
are used so that what they print does not change with the engine. Unlike Django's templates,
Jinja2 does not put datetimes in local time before ``date``: ``localtime`` does."""

import functools

from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.defaultfilters import date, linebreaks_filter, truncatewords
from django.utils import timezone
from django.utils.dates import MONTHS_ALT
from django.utils.translation import get_language
from jinja2 import Environment, pass_context

from discovery.feeds import SITE_FEEDS
from press.channels import official_channels
from pressoffice.templatetags import metadata
from toolkit.templatetags.russian import plural_ru
from toolkit.templatetags.urls import address_of, remembered_reverse


def environment(**options):
    env = Environment(**options)  # noqa: S701 (Django's backend passes autoescape=True)
    env.filters["date"] = date
    env.filters["day_and_time"] = day_and_time
    env.filters["linebreaks"] = linebreaks_filter
    env.filters["localtime"] = timezone.localtime
    env.filters["plural_ru"] = plural_ru
    env.filters["truncatewords"] = truncatewords
    env.globals["url"] = remembered_reverse
    env.globals["address_of"] = address_of
    # The layout's (templates/jinja2/layout/).
    env.globals["static"] = static
    env.globals["site_feeds"] = site_feeds
    env.globals["official_channels"] = official_channels
    env.globals["canonical_url"] = pass_context(metadata.canonical_url)
    env.globals["page_metadata"] = pass_context(metadata.page_metadata)
    env.globals["article_jsonld"] = pass_context(metadata.article_jsonld)
    return env


def day_and_time(value):
    """«7 мая 2024, 14:05» in local time: what Django's date:"j E Y, H:i" prints, without the
    hundred calls of its formatter per date (ten on every page of search results)."""
    value = timezone.localtime(value)
    return f"{value.day} {_months(get_language())[value.month]} {value.year}, {value:%H:%M}"


@functools.lru_cache(maxsize=16)
def _months(language):
    """The months' names as a date is written («7 мая»), in ``language``."""
    return [""] + [str(MONTHS_ALT[number]) for number in range(1, 13)]


def site_feeds():
    """The site's feeds as (name, address, MIME type), as discovery.feeds.site_feeds gives them,
    each address reversed once per process (``{% url %}``'s memo)."""
    return [(name, remembered_reverse(view), mime_type) for name, view, mime_type in SITE_FEEDS]


def static(path):
    """``{% static path %}``: with django.contrib.staticfiles installed, as here, the storage's
    address (toolkit.staticfiles remembers it), without asking the app registry every time."""
    return staticfiles_storage.url(path)
