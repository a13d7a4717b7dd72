"""Relations read with SQL compiled once (toolkit/compiled.py) leave the same objects and caches
as ``prefetch_related``, with one query each, and build no SQL after the first time."""

import datetime
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import fragments
from articles.models import Article, Block
from articles.views import PUBLISHED_BY_SLUG
from comments.threads import APPROVED_ROWS, SHOWN, comments_of
from tests.comments.helpers import approved_comment, pending
from tests.factories import (
    ArticleFactory,
    PhotoFactory,
    PortraitPersonFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    region,
)
from toolkit.compiled import Compiled, Relation

pytestmark = pytest.mark.django_db

NAMES = ("regions", "topics", "photos", "blocks")


def fields(obj):
    """What an object holds, without Django's bookkeeping and prefetch's own column."""
    return {
        name: value
        for name, value in vars(obj).items()
        if name not in ("_state", "_prefetch_related_val_article_id")
    }


@pytest.fixture
def article():
    article = ArticleFactory()
    article.regions.set([region("tulskaya-oblast"), region("tula")])
    article.topics.set([TopicFactory(name="Экономика"), TopicFactory(name="Авиация")])
    PhotoFactory(article=article, position=2)
    PhotoFactory(article=article, position=1)
    QuoteBlockFactory(article=article, position=2, person=PortraitPersonFactory())
    TextBlockFactory(article=article, position=1)
    QuoteBlockFactory(article=article, position=3)
    ArticleFactory().regions.set([region("tula")])  # another article's rows stay out
    return article


def test_objects_and_caches_are_prefetch_related_s(article):
    loaded = Article.objects.get(pk=article.pk)
    fragments.load_body(loaded)
    prefetched = Article.objects.get(pk=article.pk)
    prefetch_related_objects(
        [prefetched],
        "regions",
        "topics",
        "photos",
        Prefetch("blocks", queryset=Block.objects.select_related("person")),
    )
    with CaptureQueriesContext(connection) as queries:
        for name in NAMES:
            ours, django = list(getattr(loaded, name).all()), list(getattr(prefetched, name).all())
            assert [fields(obj) for obj in ours] == [fields(obj) for obj in django], name
            assert [obj._state.db for obj in ours] == [obj._state.db for obj in django]
            assert all(not obj._state.adding for obj in ours)
        for ours, django in zip(loaded.blocks.all(), prefetched.blocks.all(), strict=True):
            assert ours.article is loaded  # the reverse key is the page's own article
            if django.person is None:
                assert ours.person is None
            else:
                assert fields(ours.person) == fields(django.person)
        assert len(loaded.photos.all()) == 2 and loaded.regions.all().exists()
        assert loaded.topics.count() == 2
    assert not queries.captured_queries
    assert [block.position for block in loaded.blocks.all()] == [1, 2, 3]
    assert [photo.position for photo in loaded.photos.all()] == [1, 2]


def test_one_query_per_relation_and_sql_built_once(article):
    other = ArticleFactory()
    QuoteBlockFactory(article=other, position=1)
    first = Article.objects.get(pk=article.pk)
    fragments.load_body(first)  # compiles, if an earlier test has not
    again, later = Article.objects.get(pk=article.pk), Article.objects.get(pk=other.pk)
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("SQL built")),
    ):
        fragments.load_body(again)
        fragments.load_body(later)
    assert len(queries.captured_queries) == 2 * len(NAMES)
    assert len(again.blocks.all()) == 3 and len(later.blocks.all()) == 1
    assert later.blocks.all()[0].article is later
    assert not later.regions.all() and not later.photos.all()


def test_a_new_query_on_a_loaded_relation_keeps_to_its_object(article):
    """``filter`` on what was read asks the database for this article's rows only."""
    loaded = Article.objects.get(pk=article.pk)
    fragments.load_body(loaded)
    assert set(loaded.regions.filter(slug="tula").values_list("slug", flat=True)) == {"tula"}
    assert loaded.regions.exclude(slug="tula").count() == 1
    assert loaded.blocks.filter(kind=Block.Kind.QUOTE).count() == 2
    assert loaded.regions.all().count() == 2  # still read, not asked again


def test_a_relation_already_read_is_not_read_again(article):
    loaded = Article.objects.prefetch_related("regions").get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        Relation(Article, "regions").load(loaded)
    assert not queries.captured_queries


def test_a_relation_whose_sql_lacks_the_key_is_refused():
    relation = Relation(Article, "regions", lambda regions: regions.model.objects.all())
    with pytest.raises(ValueError, match="key"):
        relation.load(ArticleFactory())


def test_the_article_lookup_takes_the_moment_and_the_slug_it_is_given():
    """The compiled «published» lookup: the moment is a parameter, never the one it was
    compiled with, to the microsecond (SQLite compares moments as strings)."""
    article = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT, slug="draft")
    moment = article.published_at

    def found(slug, now):
        return [obj.pk for obj in PUBLISHED_BY_SLUG.fetch(Article, slug=slug, now=now)]

    assert found(article.slug, moment) == [article.pk]
    assert found(article.slug, moment - datetime.timedelta(microseconds=1)) == []
    assert found("draft", moment) == []
    assert found(article.slug + "x", moment) == []
    with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("SQL built")):
        assert found(article.slug, moment + datetime.timedelta(days=1)) == [article.pk]


def test_a_value_transformed_before_the_filter_is_refused():
    query = Compiled(lambda slug: Article.objects.filter(slug=slug.upper()), slug=str)
    with pytest.raises(ValueError, match="slug"):
        query.fetch(Article, slug="x")


def test_a_scheduled_article_is_not_found_until_its_time(client):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(article.get_absolute_url()).status_code == 404
    with mock.patch(
        "django.utils.timezone.now", return_value=article.published_at + datetime.timedelta(1)
    ):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_rows_of_a_values_list_are_the_orm_s():
    """The article's approved comments, compiled: the ORM's rows, moments converted (SQLite
    returns them as strings), other articles' and unapproved comments left out."""
    article, other = ArticleFactory(), ArticleFactory()
    first = approved_comment(article, comment="Первый")
    approved_comment(article, parent=first, comment="Ответ")
    approved_comment(other)
    pending(article)
    rows = APPROVED_ROWS.fetch(
        Article,
        content_type=ContentType.objects.get_for_model(Article).pk,
        object_pk=str(article.pk),
    )
    expected = comments_of(article).approved().order_by("thread_id", "order").values_list(*SHOWN)
    assert rows == list(expected) and len(rows) == 2
    assert isinstance(rows[0][SHOWN.index("submit_date")], datetime.datetime)


def test_other_shapes_of_rows_are_refused():
    flat = Compiled(
        lambda key: Article.objects.filter(pk=key).values_list("pk", flat=True), key=int
    )
    with pytest.raises(ValueError, match="values_list"):
        flat.fetch(Article, key=1)
