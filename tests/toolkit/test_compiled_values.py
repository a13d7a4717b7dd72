"""toolkit/compiled.py puts each argument where it goes and nowhere else, and refuses to
compile a query whose other parameters would be frozen at the first request: a value made
from an argument, or a moment the queryset reads itself (from a review of issue 15's work)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from events.models import Event
from tests.factories import ArticleFactory
from toolkit.compiled import Compiled

pytestmark = pytest.mark.django_db


def test_two_parameters_of_one_type_are_kept_apart():
    """Both ints get the same stand-in: every slot of one is a slot of the other too."""
    a, b = ArticleFactory(), ArticleFactory()
    query = Compiled(
        lambda low, high: Article.objects.filter(pk__gte=low, pk__lte=high), low=int, high=int
    )
    found = query.fetch(Article, low=a.pk, high=b.pk)
    assert {obj.pk for obj in found} == {a.pk, b.pk}


def test_a_value_derived_from_an_argument_is_refused():
    """Used once as given and once derived (a week before): the derived value would stay the
    stand-in's; compiling fails instead."""
    now = timezone.now()
    query = Compiled(
        lambda now: Article.objects.filter(
            published_at__lte=now, published_at__gte=now - datetime.timedelta(days=7)
        ),
        now=datetime.datetime,
    )
    with pytest.raises(ValueError, match="change apart from the arguments"):
        query.fetch(Article, now=now)


def test_a_moment_the_queryset_takes_itself_is_refused():
    """EventQuerySet.upcoming() reads timezone.now() when the queryset is built: compiled once,
    «upcoming» would stay the moment of the first request; compiling fails instead."""
    article = ArticleFactory()
    query = Compiled(lambda key: Event.objects.upcoming().filter(report_id=key), key=int)
    with pytest.raises(ValueError, match="change apart from the arguments"):
        query.fetch(Event, key=article.pk)
