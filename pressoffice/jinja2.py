"""The Jinja2 environment of the templates in templates/jinja2/: parts of pages rendered often
enough that Django's template language is their main cost (the comment thread of an article,
the search page; issue 15). Autoescaping is on, as in Django's templates; Django's own filters
are used so that what they print does not change with the engine. Unlike Django's templates,
Jinja2 does not put datetimes in local time before ``date``: ``localtime`` does."""

from django.template.defaultfilters import date, linebreaks_filter, truncatewords
from django.utils import timezone
from jinja2 import Environment

from toolkit.templatetags.russian import plural_ru
from toolkit.templatetags.urls import address_of, remembered_reverse


def environment(**options):
    env = Environment(**options)  # noqa: S701 (Django's backend passes autoescape=True)
    env.filters["date"] = date
    env.filters["linebreaks"] = linebreaks_filter
    env.filters["localtime"] = timezone.localtime
    env.filters["plural_ru"] = plural_ru
    env.filters["truncatewords"] = truncatewords
    env.globals["url"] = remembered_reverse
    env.globals["address_of"] = address_of
    return env
