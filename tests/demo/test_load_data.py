"""generate_load_data: counts, determinism, consistent derived data, pages that render."""

import contextlib
import datetime
import hashlib
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Block, Topic
from articles.sanitize import sanitize_html
from comments.models import Comment
from comments.moderation import refresh_comment_counts
from demo.loaddata import WORDS, generate
from demo.loader import SEED_TITLE
from people.models import Appointment, Person
from regions.models import Region

pytestmark = pytest.mark.django_db

# Dates are drawn before this day: so that everything generated is already public here.
TODAY = timezone.localdate()


def run(**options):
    options = {"articles": 60, "comments": 500, "people": 30, "seed": 3, **options}
    call_command("generate_load_data", verbosity=0, **options)


def generated_articles():
    return Article.objects.exclude(title=SEED_TITLE)


def comments_of(article):
    content_type = ContentType.objects.get_for_model(Article)
    return Comment.objects.filter(content_type=content_type, object_pk=str(article.pk))


def most_commented():
    return Article.objects.published().order_by("-comment_count", "pk").first()


class Rollback(Exception):
    pass


def digest_of_a_run(**options):
    """A digest of what one run writes, on a database left as it was before."""
    digest = hashlib.sha256()
    with contextlib.suppress(Rollback), transaction.atomic():
        generate(**options)
        rows = [
            Article.objects.order_by("pk").values_list(
                "title", "slug", "lead", "status", "published_at", "comment_count"
            ),
            Block.objects.order_by("article_id", "position").values_list(
                "article__slug", "position", "kind", "text", "person__slug", "person_title", "quote"
            ),
            Comment.objects.order_by("pk").values_list(
                "object_pk", "user_name", "comment", "submit_date", "level", "order", "is_public"
            ),
            Appointment.objects.order_by("pk").values_list("person__slug", "title", "starts_on"),
            Article.regions.through.objects.order_by("pk").values_list("article_id", "region_id"),
        ]
        for queryset in rows:
            for row in queryset:
                digest.update(repr(row).encode())
        raise Rollback
    return digest.hexdigest()


def test_adds_as_many_as_asked():
    before = Article.objects.count(), Comment.objects.count(), Person.objects.count()
    run(articles=80, comments=700, people=40)
    assert Article.objects.count() - before[0] == 80
    assert Comment.objects.count() - before[1] == 700
    assert Person.objects.count() - before[2] == 40
    assert Topic.objects.count() >= 20
    pending = Comment.objects.pending().count()
    assert 0 < pending < 0.15 * 700  # about 5%
    assert Article.objects.published().count() >= 0.8 * 80


def test_same_seed_gives_the_same_data_and_another_seed_other_data():
    options = {"articles": 40, "comments": 300, "people": 20, "until": datetime.date(2026, 11, 1)}
    first = digest_of_a_run(seed=7, **options)
    assert digest_of_a_run(seed=7, **options) == first
    assert digest_of_a_run(seed=8, **options) != first


def test_dates_span_the_archive_up_to_until():
    until = datetime.date(2026, 11, 1)
    run(articles=400, comments=0, until=until)
    moments = Article.objects.exclude(published_at=None).values_list("published_at", flat=True)
    dates = [timezone.localdate(moment) for moment in moments]
    assert max(dates) == until - datetime.timedelta(days=1)
    assert min(dates) == until - datetime.timedelta(days=10)  # 400 articles at 40 a day


def test_threads_are_consistent():
    run(until=TODAY)
    comments = {c.pk: c for c in Comment.objects.all()}
    for comment in comments.values():
        assert comment.level <= 2
        if comment.level == 0:
            assert comment.parent_id == comment.thread_id == comment.pk
            continue
        parent = comments[comment.parent_id]
        assert parent.object_pk == comment.object_pk
        assert parent.level == comment.level - 1
        assert parent.thread_id == comment.thread_id
        assert parent.is_public  # readers reply only to what they can see
        assert parent.submit_date < comment.submit_date


def test_threads_are_what_django_comments_xtd_itself_would_store():
    """Replaying the busiest article's comments through XtdComment.save gives the same order,
    levels and nested counts."""
    run(until=TODAY)
    source = most_commented()
    generated = list(comments_of(source).order_by("submit_date", "pk"))
    assert len(generated) >= 10
    target = generated_articles().published().exclude(pk=source.pk).first()
    comments_of(target).delete()
    replayed = {}
    for comment in generated:
        replayed[comment.pk] = Comment.objects.create(
            content_type=comment.content_type,
            object_pk=str(target.pk),
            site_id=comment.site_id,
            comment=comment.comment,
            submit_date=comment.submit_date,
            is_public=comment.is_public,
            parent_id=replayed[comment.parent_id] if comment.level else 0,
        ).pk
    again = {c.pk: c for c in comments_of(target)}
    for comment in generated:
        twin = again[replayed[comment.pk]]
        assert (twin.level, twin.order, twin.nested_count) == (
            comment.level,
            comment.order,
            comment.nested_count,
        )
        assert twin.thread_id == replayed[comment.thread_id]
        assert twin.parent_id == replayed[comment.parent_id]


def test_comment_count_is_the_number_of_approved_comments():
    run(until=TODAY)
    stored = dict(Article.objects.values_list("pk", "comment_count"))
    assert sum(stored.values()) == Comment.objects.approved().count() > 0
    refresh_comment_counts(stored)
    assert dict(Article.objects.values_list("pk", "comment_count")) == stored


def test_blocks_are_sanitized_ordered_and_quotes_carry_the_title_of_the_day():
    run(people=100, until=TODAY)
    blocks = Block.objects.filter(article__in=generated_articles()).select_related("article")
    positions = {}
    for block in blocks.order_by("article_id", "position"):
        positions.setdefault(block.article_id, []).append(block.position)
        if block.kind == Block.Kind.TEXT:
            assert block.text and sanitize_html(block.text) == block.text
        else:
            assert block.quote and not block.text
            expected = block.person.title_on(block.article.reference_date())
            assert block.person_title == expected != ""
    for numbers in positions.values():
        assert numbers == list(range(10, 10 * len(numbers) + 1, 10))
    assert Block.objects.filter(kind=Block.Kind.QUOTE).exists()
    # Every region's head was «врио» for some months before being confirmed.
    acting = Appointment.objects.filter(acting=True).select_related("person").first()
    assert acting.person.title_on(acting.starts_on).startswith("Врио ")


def test_slugs_are_romanized_and_a_second_run_adds_with_new_ones():
    run(until=TODAY)
    run(until=TODAY)
    slugs = list(generated_articles().values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 120
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    people = list(Person.objects.values_list("slug", flat=True))
    assert len(people) == len(set(people)) == 60


def test_new_rows_after_generation_get_fresh_ids():
    run(until=TODAY)
    article = Article.objects.create(title="Новость после генерации", lead="Лид.")
    assert article.pk == Article.objects.order_by("-pk").values_list("pk", flat=True)[0]
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_pk=str(article.pk),
        site_id=1,
        comment="Первый комментарий.",
        submit_date=timezone.now(),
    )
    assert comment.thread_id == comment.pk


def test_pages_render_with_generated_data(client):
    run(people=100, until=TODAY)
    article = most_commented()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    first = comments_of(article).approved().order_by("thread_id", "order").first()
    assert first.comment in response.content.decode()
    region = Region.objects.get(pk=article.regions.values_list("pk", flat=True)[0])
    quoted = Block.objects.filter(kind=Block.Kind.QUOTE, article__in=Article.objects.published())
    person = quoted.first().person
    topic = article.topics.first()
    word = article.title.split()[-1]
    for url in [
        "/",
        region.get_absolute_url(),
        region.parent.get_absolute_url() if region.parent else "/regions/",
        person.get_absolute_url(),
        topic.get_absolute_url(),
        f"/search/?q={word}",
        "/news/",
    ]:
        assert client.get(url).status_code == 200, url


def test_demo_story_is_left_as_it_was(client):
    call_command("load_demo", stdout=io.StringIO())

    def snapshot():
        article = Article.objects.get(title=SEED_TITLE)
        return (
            Article.objects.filter(pk=article.pk).values().get(),
            list(article.blocks.values()),
            list(article.regions.values_list("pk", flat=True)),
            list(article.topics.values_list("pk", flat=True)),
            list(comments_of(article).values()),
        )

    before = snapshot()
    run(until=TODAY)
    assert snapshot() == before
    assert client.get(Article.objects.get(title=SEED_TITLE).get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "options",
    [
        {"articles": -1},
        {"comments": "много"},
        {"people": "-5"},
        {"seed": "1.5"},
        {"until": "2026-13-01"},
        {"articles": 0, "comments": 10},
    ],
)
def test_refuses_bad_arguments_in_russian(options):
    with pytest.raises(CommandError, match="[а-я]{4}"):
        run(**options)
    assert not Comment.objects.exists()


def test_shows_progress_on_stderr_and_is_quiet_with_v0(capsys):
    call_command("generate_load_data", articles=5, comments=5, people=3)
    captured = capsys.readouterr()
    assert "Материалы" in captured.err and "материалов 5" in captured.out
    run(articles=5, comments=5, people=3)
    captured = capsys.readouterr()
    assert captured.out == captured.err == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search documents are PostgreSQL's")
def test_generated_articles_are_in_the_search_index():
    from discovery.search import search
    from discovery.search.query import parse_query

    run(until=TODAY)
    ids = set(generated_articles().values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM articles_searchdocument")
        indexed = {row[0] for row in cursor.fetchall()}
    assert ids <= indexed
    article = generated_articles().published().first()
    quote = Block.objects.filter(article=article).first()
    word = max(re.findall(r"\w+", quote.text or quote.quote), key=len)
    found = search(parse_query(word))
    assert article.pk in {hit.pk for hit in found[: len(found)]}


def test_word_pools_have_no_empty_entries():
    assert all(all(entries) for entries in WORDS.values())
