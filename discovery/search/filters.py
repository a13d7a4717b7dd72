"""The search page's filters (region, topic, person quoted, dates) on a queryset of articles."""

import datetime

from django.utils import timezone


def filter_articles(
    articles, *, regions=None, topic=None, person=None, date_from=None, date_to=None
):
    """Articles of regions (ids: a district with its subjects), a topic, quoting a person (ids),
    by date."""
    if regions is not None:
        articles = articles.in_region(regions)
    if topic is not None:
        articles = articles.filter(topics=topic)
    if person is not None:
        articles = articles.quoting(person)
    if date_from is not None:
        articles = articles.filter(published_at__gte=start_of(date_from))
    if date_to is not None and date_to < datetime.date.max:
        articles = articles.filter(published_at__lt=start_of(date_to + datetime.timedelta(1)))
    return articles


def start_of(date):
    """The first moment of ``date`` here; dates beyond any news are brought within range."""
    date = min(max(date, datetime.date(1900, 1, 1)), datetime.date(9000, 1, 1))
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time()))
