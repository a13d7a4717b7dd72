"""What a row of the moderators' queue costs (issue 15): what is the same for every row is
settled once per page. Counted in calls, never timed."""

import cProfile
import datetime
import pstats

import pytest
from django.utils import timezone, translation
from django.utils.timesince import timesince

from comments import admin_controls
from comments.admin_cells import since_for_page
from comments.models import STATUS_FLAGS, STATUS_OF_FLAGS, Comment
from tests.comments.helpers import QUEUE, approved_comment, pending

pytestmark = pytest.mark.django_db

# Python function calls a row of the queue may add to the page, its model's instantiation
# included: about 800 when each cell went through Django's display functions, its own
# format_html-like calls and a translated plural; about 325 with a function per cell; about
# 205 once one function wrote the whole row (comments/admin_rows.py); about 177 now that
# imagekit no longer hears every model's instances (toolkit/images.py).
CALLS_PER_ROW = 190


def calls_of(client):
    client.get(QUEUE)  # warm: templates, translations, URL resolvers
    profile = cProfile.Profile()
    profile.enable()
    html = client.get(QUEUE).content.decode()
    profile.disable()
    return pstats.Stats(profile).total_calls, html


def test_a_row_costs_a_bounded_number_of_calls(mod_client, article):
    """The page's Python calls grow by at most CALLS_PER_ROW per row."""
    parent = approved_comment(article, comment="Вопрос")
    pending(article, "Ждёт 0", parent=parent, hold_reason="ссылок: 3")
    one, _ = calls_of(mod_client)
    for n in range(1, 21):
        pending(article, f"Ждёт {n}", parent=parent if n % 2 else None, report_count=n)
    many, html = calls_of(mod_client)
    assert "Ждёт 20" in html
    assert (many - one) / 20 <= CALLS_PER_ROW, (many - one) / 20


def test_the_rows_controls_are_written_once_per_shape(mod_client, article, monkeypatch):
    """A row's controls differ from another's in the comment's number only (given its status
    and whether it may be answered): the shape is written once per page."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return row_html(*args, **kwargs)

    row_html = admin_controls.row_html
    monkeypatch.setattr(admin_controls, "row_html", counting)
    first = pending(article, "Ждёт 0")
    mod_client.get(QUEUE)
    one = len(calls)
    for n in range(1, 20):
        pending(article, f"Ждёт {n}")
    calls.clear()
    html = mod_client.get(QUEUE).content.decode()
    assert len(calls) == one
    last = Comment.objects.order_by("-pk").first()
    for comment in (first, last):
        assert f'<select id="reason_{comment.pk}" name="reason_{comment.pk}">' in html
        assert f'action="/admin/comments/comment/{comment.pk}/decide/?next=' in html


def test_the_waiting_time_translates_each_plural_once(mod_client, article, monkeypatch):
    """«ждёт 5 минут» per row resolved its lazy plural through the catalogue every time."""
    calls = []
    trans = translation._trans
    ngettext = trans.ngettext

    def counting(*args):
        calls.append(args)
        return ngettext(*args)

    monkeypatch.setattr(trans, "ngettext", counting, raising=False)
    for n in range(20):
        pending(article, f"Ждёт {n}")
    html = mod_client.get(QUEUE).content.decode()
    assert "0\xa0минут" in html
    assert [args[0] for args in calls if "%(num)d" in args[0]] == ["%(num)d minute"]


@pytest.mark.parametrize(
    "ago",
    [datetime.timedelta(0), datetime.timedelta(seconds=59), datetime.timedelta(minutes=1),
     datetime.timedelta(minutes=5), datetime.timedelta(hours=3, minutes=2),
     datetime.timedelta(days=1), datetime.timedelta(days=2, hours=5), datetime.timedelta(days=9),
     datetime.timedelta(days=40), datetime.timedelta(days=400), datetime.timedelta(days=3000)],
)  # fmt: skip
def test_the_page_waiting_time_is_timesince(ago):
    now = timezone.now()
    since = since_for_page(now)
    with translation.override("ru"):
        assert since(now - ago) == timesince(now - ago, now, depth=1)
        assert since(now - ago) == since(now - ago)  # and again, from what was translated
    with translation.override("en"):
        since = since_for_page(now)
        assert since(now - ago) == timesince(now - ago, now, depth=1)


def test_the_page_waiting_time_is_timesince_at_every_distance():
    """Month ends, leap days, another time zone: the page's count of whole years and months
    is timesince's."""
    import random
    import zoneinfo

    chance = random.Random(15)
    zones = [datetime.UTC, zoneinfo.ZoneInfo("Europe/Ulyanovsk")]
    starts = [datetime.datetime(2024, 2, 29, 23, 30, tzinfo=datetime.UTC),
              datetime.datetime(2026, 12, 31, 0, 0, tzinfo=datetime.UTC),
              datetime.datetime(2026, 3, 1, 0, 0, 30, tzinfo=datetime.UTC)]  # fmt: skip
    with translation.override("ru"):
        for _ in range(300):
            now = chance.choice(starts) + datetime.timedelta(minutes=chance.randrange(90000))
            since = since_for_page(now)
            for _ in range(10):
                ago = datetime.timedelta(
                    minutes=chance.choice([chance.randrange(80000), chance.randrange(6000000)])
                )
                d = (now - ago).astimezone(chance.choice(zones))
                assert since(d) == timesince(d, now, depth=1), (d, now)


def test_a_status_read_from_flags_is_the_one_status_flags_says():
    for public in (False, True):
        for removed in (False, True):
            comment = Comment(is_public=public, is_removed=removed)
            (expected,) = [status for status, flags in STATUS_FLAGS.items()
                           if all(getattr(comment, k) == v for k, v in flags.items())]  # fmt: skip
            assert STATUS_OF_FLAGS[public, removed] == comment.status == expected


def test_the_actions_bar_is_djangos_with_its_fields_rendered_once(mod_client, article):
    """The bulk decision's three selects went through Django's widget templates on every page
    of the queue; they depend only on the language and the actions, so they are kept."""
    from pathlib import Path

    import django.contrib.admin
    from django.template import Context, Template

    pending(article, "Ждёт")
    mod_client.get(QUEUE)
    response = mod_client.get(QUEUE)
    assert not [t.name for t in response.templates if t.name.startswith("django/forms/")]
    stock = Path(django.contrib.admin.__file__).parent / "templates/admin/actions.html"
    names = ["action_form", "cl", "actions_selection_counter", "selection_note",
             "selection_note_all", "module_name"]  # fmt: skip
    context = {name: response.context[name] for name in names}
    expected = Template(stock.read_text()).render(Context({**context, "action_index": 0}))
    html = response.content.decode()
    assert expected in html
    assert 'name="reason"' in expected and '<option value="approve">' in expected


def test_the_page_compiles_each_query_once(mod_client, article, monkeypatch):
    """The rows' four subqueries (the article's title and address, the parent's name and
    text) are compiled once per process: annotate() resolved and compiled them on every
    page, about 1 ms. Each query the page runs is compiled once, no subquery apart."""
    from django.db import connection
    from django.db.models.sql.compiler import SQLCompiler
    from django.test.utils import CaptureQueriesContext
    from django_comments.models import Comment as BaseComment

    from articles.models import Article

    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    pending(article, "Ждёт", parent=approved_comment(article, comment="Вопрос"))
    mod_client.get(QUEUE)
    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    with CaptureQueriesContext(connection) as queries:
        html = mod_client.get(QUEUE).content.decode()
    assert "в ответ на Читатель: «Вопрос»" in html
    assert f'<a href="{article.get_absolute_url()}#c' in html
    rows = [q for q in queries if q["sql"].startswith('SELECT "django_comments"."id"')]
    assert len(rows) == 1 and "articles_article" in rows[0]["sql"]
    assert Article not in compiled  # the article's title and address
    assert compiled.count(Comment) == 1  # the rows
    assert compiled.count(BaseComment) <= 1  # the summary on SQLite, never the parent


def test_the_queue_sorts_by_waiting_time(mod_client, article):
    """The columns are functions made per request; Django's list of sortable columns must
    hold the same ones, or «ждёт» loses its sort links."""
    pending(article, "Ждёт")
    html = mod_client.get(QUEUE).content.decode()
    assert '<th scope="col" class="sortable column-waiting sorted ascending">' in html
    assert 'href="?o=-2&amp;status=pending" class="toggle ascending"' in html


def test_the_users_of_office_replies_are_fetched_apart_and_only_if_any(mod_client, article):
    """A row's name reads its user (an office reply's); readers have none. Joining the users
    to every row more than doubled the rows query's planning time on PostgreSQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    def users_queries():
        with CaptureQueriesContext(connection) as queries:
            html = mod_client.get(QUEUE).content.decode()
        rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "django_comments"."id"')]
        assert len(rows) == 1 and "pressoffice_user" not in rows[0]
        users = [q["sql"] for q in queries if 'FROM "pressoffice_user"' in q["sql"]]
        return len(users), html

    for n in range(3):
        pending(article, f"Читатель {n}")
    alone, _ = users_queries()  # the moderator's own, from the session
    officer = UserFactory(first_name="Анна", last_name="Петрова")
    reply = pending(article, "Ответ пресс-службы", user=officer)
    with_reply, html = users_queries()
    assert with_reply == alone + 1
    assert f'value="{reply.pk}" class="action-select" aria-label="' in html
    assert "- Анна Петрова: Ответ пресс-службы" in html
    for n in range(3):
        pending(article, f"Ещё ответ {n}", user=UserFactory())
    assert users_queries()[0] == with_reply


def test_a_queue_of_readers_prefetches_nothing(mod_client, article, monkeypatch):
    """prefetch_related() on all the rows cost about 0.8 ms of Python for no query."""
    from django.db.models import query

    fetched = []
    prefetch_one_level = query.prefetch_one_level

    def counting(*args, **kwargs):
        fetched.append(args[2])
        return prefetch_one_level(*args, **kwargs)

    monkeypatch.setattr(query, "prefetch_one_level", counting)
    for n in range(3):
        pending(article, f"Читатель {n}")
    mod_client.get(QUEUE)
    assert fetched == []
