"""What toolkit/compiled.py leaves in an article's prefetch cache behaves as what
prefetch_related leaves: its rows without a query, and anything that needs SQL (update,
aggregate, iterator, a copy, a custom queryset method) on this article's rows only, never the
whole table (from a review of issue 15's work)."""

import copy
import datetime
import pickle

import pytest
from django.db import connection
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import fragments
from articles.models import Article, Block, Photo
from events.templatetags.announcements import REPORTED
from tests.events.helpers import EventFactory
from tests.factories import (
    ArticleFactory,
    PhotoFactory,
    TextBlockFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles():
    mine, other = ArticleFactory(), ArticleFactory()
    TextBlockFactory(article=mine, position=1, text="<p>mine</p>")
    TextBlockFactory(article=other, position=1, text="<p>other</p>")
    TextBlockFactory(article=other, position=2, text="<p>other 2</p>")
    PhotoFactory(article=mine)
    PhotoFactory(article=other)
    mine.regions.set([region("tula")])
    other.regions.set([region("tulskaya-oblast")])
    return mine, other


def loaded(article):
    obj = Article.objects.get(pk=article.pk)
    fragments.load_body(obj)
    return obj


def prefetched(article):
    obj = Article.objects.get(pk=article.pk)
    prefetch_related_objects(
        [obj],
        "regions",
        "topics",
        "photos",
        Prefetch("blocks", queryset=Block.objects.select_related("person")),
    )
    return obj


def test_update_through_a_loaded_relation_stays_with_its_article(two_articles):
    mine, other = two_articles
    article = loaded(mine)
    changed = article.blocks.update(position=9)
    assert changed == 1, f"updated {changed} blocks: the whole table"


def test_aggregate_through_a_loaded_relation_stays_with_its_article(two_articles):
    mine, other = two_articles
    assert prefetched(mine).blocks.aggregate(n=Count("pk"))["n"] == 1
    assert loaded(mine).blocks.aggregate(n=Count("pk"))["n"] == 1


def test_iterator_through_a_loaded_relation_stays_with_its_article(two_articles):
    mine, _ = two_articles
    assert len(list(loaded(mine).blocks.iterator())) == 1


def test_deepcopied_article_keeps_its_own_blocks(two_articles):
    mine, _ = two_articles
    django = copy.deepcopy(prefetched(mine))
    ours = copy.deepcopy(loaded(mine))
    assert len(django.blocks.all()) == 1
    assert len(ours.blocks.all()) == 1


def test_pickled_article_keeps_its_blocks(two_articles):
    mine, _ = two_articles
    ours = pickle.loads(pickle.dumps(loaded(mine)))
    with CaptureQueriesContext(connection) as queries:
        assert [b.text for b in ours.blocks.all()] == ["<p>mine</p>"]
    assert not queries.captured_queries
    assert ours.blocks.filter(position=1).count() == 1


def test_custom_queryset_methods_through_a_loaded_relation(two_articles):
    mine, _ = two_articles
    assert list(prefetched(mine).regions.subjects()) == []  # works after prefetch
    assert list(loaded(mine).regions.subjects()) == []


def test_filter_after_the_article_is_refreshed(two_articles):
    mine, _ = two_articles
    article = loaded(mine)
    blocks = article.blocks.all()
    article.refresh_from_db()
    assert blocks.filter(position=1).count() == 1


def test_filter_after_the_relation_is_set(two_articles):
    mine, _ = two_articles
    article = loaded(mine)
    regions = article.regions.all()
    article.regions.set([region("tula"), region("tulskaya-oblast")])
    assert regions.filter(slug="tula").count() == 1


def test_last_reported_event_is_the_latest(two_articles):
    mine, _ = two_articles
    now = timezone.now()
    early = EventFactory(report=mine, starts_at=now - datetime.timedelta(days=3))
    late = EventFactory(report=mine, starts_at=now - datetime.timedelta(days=1))
    article = Article.objects.get(pk=mine.pk)
    events = REPORTED.load(article)
    assert list(events) == [early, late]
    assert events.first() == early
    assert events.last() == late


def test_values_list_on_loaded(two_articles):
    mine, _ = two_articles
    assert list(loaded(mine).blocks.values_list("text", flat=True)) == ["<p>mine</p>"]


def test_exists_count_in_slicing(two_articles):
    mine, other = two_articles
    article = loaded(mine)
    block = Block.objects.get(article=mine)
    with CaptureQueriesContext(connection) as queries:
        assert article.blocks.exists() and article.blocks.count() == 1
        assert block in article.blocks.all()
        assert article.blocks.all()[0] == block
        assert article.blocks.all()[:1] == [block]
        assert article.blocks.first() == block
        assert article.blocks.contains(block)
    assert not queries.captured_queries, queries.captured_queries
    assert not article.blocks.contains(Block.objects.filter(article=other).first())


def test_delete_through_a_loaded_relation(two_articles):
    mine, other = two_articles
    article = loaded(mine)
    article.photos.all().delete()
    assert Photo.objects.filter(article=other).count() == 1
