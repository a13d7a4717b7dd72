"""The Jinja2 environment of the templates in templates/jinja2/: parts of pages rendered often
enough that Django's template language is their main cost (the comment thread of an article,
issue 15). Autoescaping is on, as in Django's templates; Django's own ``date`` and
``linebreaks`` filters are used so that what they print does not change with the engine."""

from django.template.defaultfilters import date, linebreaks_filter
from jinja2 import Environment


def environment(**options):
    env = Environment(**options)  # noqa: S701 (Django's backend passes autoescape=True)
    env.filters["date"] = date
    env.filters["linebreaks"] = linebreaks_filter
    return env
