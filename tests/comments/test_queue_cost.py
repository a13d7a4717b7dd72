"""What the moderators' queue costs (issue 15): the count of pending comments that every admin
page shows a moderator, and the queue page itself. Query counts and plans, never timings."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from comments import admin, admin_cells, admin_changelist, admin_controls
from comments.models import Comment
from comments.moderation import PENDING_COUNT, queue_summary
from pressoffice.roles import MODERATORS
from tests.comments.helpers import QUEUE, approved_comment, pending
from tests.factories import UserFactory, client_for, staff_member

pytestmark = pytest.mark.django_db

# The modules that write the queue: a call counted must be counted in whichever writes it.
ADMIN_MODULES = [admin, admin_cells, admin_changelist, admin_controls]


def summary_sql():
    with CaptureQueriesContext(connection) as queries:
        summary = queue_summary()
    assert len(queries) == 1
    return summary, queries[0]["sql"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL keeps the number")
def test_the_summary_counts_rows_not_ids(article):
    """COUNT("id") made PostgreSQL fetch every waiting row from the table (the partial index
    holds submit_date only): 61 ms at 50,000 waiting, on every admin page of a moderator."""
    pending(article, "Первый")
    pending(article, "Второй")
    approved_comment(article)
    summary, sql = summary_sql()
    assert summary["count"] == 2
    assert "COUNT(*)" in sql and '"id"' not in sql.split("FROM")[0]


def comment_counts(queries):
    """The counts of comments a page ran (not those of other tables), or its readings of the
    number PostgreSQL keeps (test_pending_count.py)."""
    return [q["sql"] for q in queries
            if re.match(r'SELECT COUNT\(.*FROM "django_comments"', q["sql"])
            or PENDING_COUNT in q["sql"]]  # fmt: skip


def test_the_queue_page_counts_the_queue_once(mod_client, article):
    """The paginator's count is the number the page's header shows: one COUNT, not two."""
    for n in range(3):
        pending(article, f"Ждёт {n}")
    approved_comment(article)
    mod_client.get(QUEUE)
    with CaptureQueriesContext(connection) as queries:
        html = mod_client.get(QUEUE).content.decode()
    assert len(comment_counts(queries)) == 1, comment_counts(queries)
    assert "<title>(3) " in html
    assert "На модерации: <strong>3</strong>" in html


def test_a_narrowed_queue_still_shows_the_whole_queue_in_the_header(mod_client, article):
    for text in ("Про дороги", "Про школы", "Про больницы"):
        pending(article, text)
    html = mod_client.get(QUEUE + "&q=дороги").content.decode()
    assert "На модерации: <strong>3</strong>" in html
    assert "<title>(3) " in html


def test_other_admin_pages_count_the_queue_once(mod_client, article):
    pending(article)
    mod_client.get("/admin/comments/stopword/")
    with CaptureQueriesContext(connection) as queries:
        html = mod_client.get("/admin/comments/stopword/").content.decode()
    assert len(comment_counts(queries)) == 1, comment_counts(queries)
    assert "На модерации: <strong>1</strong>" in html


def test_the_queue_renders_no_template_per_row(mod_client, article):
    """The rows' decision controls and checkboxes are written in Python: a template per row
    (the controls, and Django's checkbox through three widget templates) was most of the
    page's rendering at 50 rows. The page renders the same templates whatever its rows."""

    def templates():
        return sorted(t.name for t in mod_client.get(QUEUE).templates)

    pending(article, "Ждёт 0")
    one = templates()
    for n in range(1, 20):
        pending(article, f"Ждёт {n}")
    assert templates() == one
    assert not any("checkbox" in name or "controls" in name for name in one), one


def test_the_rows_checkbox_is_djangos_markup(mod_client, article):
    comment = pending(article, "Текст <b>с разметкой</b> & «кавычками»", user_name='Иван "И"')
    html = mod_client.get(QUEUE).content.decode()
    assert (
        f'<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
        f'value="{comment.pk}" class="action-select" aria-label="Выбрать этот объект, чтобы '
        "применить к нему действие - Иван &quot;И&quot;: Текст &lt;b&gt;с разметкой&lt;/b&gt; "
        '&amp; «кавычками»"></td>'
    ) in html


def test_the_queue_reverses_no_address_per_row(mod_client, article, monkeypatch):
    """Each row links its comment, its article and its decide/reply addresses: reversed once
    per page with the number or slug left open (a reverse() costs about 20 µs, four per row)."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return reverse(*args, **kwargs)

    for module in ADMIN_MODULES:
        if hasattr(module, "reverse"):
            monkeypatch.setattr(module, "reverse", counting)
    pending(article, "Ждёт 0")
    mod_client.get(QUEUE)
    one = len(calls)
    for n in range(1, 20):
        pending(article, f"Ждёт {n}")
    calls.clear()
    html = mod_client.get(QUEUE).content.decode()
    assert len(calls) == one == 0  # and the page's own few come from the remembered reverse()
    comment = Comment.objects.order_by("-pk").first()
    assert f'<a href="/admin/comments/comment/{comment.pk}/change/">Ждёт 19</a>' in html
    assert f'<a href="{article.get_absolute_url()}#c{comment.pk}">' in html


def stock_table(cl):
    """The list's table as Django's own {% result_list %} writes it."""
    from django.template import Context, Template

    template = Template("{% load admin_list %}{% result_list cl %}")
    return template.render(Context({"cl": cl, "opts": cl.opts}))


@pytest.mark.parametrize("status", ["pending", "approved", "rejected", "all"])
@pytest.mark.parametrize("role", ["moderator", "viewer"])
def test_the_table_is_the_one_django_writes(article, settings, status, role):
    """The rows are written in one pass (comments/admin_changelist.py, QueueChangeList): the
    same cells, classes, escaping and empty values as Django's items_for_result, for every
    column."""
    from django.contrib.auth.models import Permission

    root = approved_comment(article, comment="Корень <b>&</b> " * 30)
    for n in range(5):
        comment = approved_comment(
            article, parent=root if n % 2 else None, comment=f"Текст {n} <script>&amp;" * n,
            user_name=f'Имя "{n}" <i>', hold_reason="ссылок: 3" if n == 2 else "", report_count=n,
        )  # fmt: skip
        Comment.objects.filter(pk=comment.pk).update(is_public=n == 4, is_removed=n == 3)
    elsewhere = pending(article, "Без материала")
    Comment.objects.filter(pk=elsewhere.pk).update(object_pk="999999")
    deep = pending(article, "Глубоко")
    Comment.objects.filter(pk=deep.pk).update(level=settings.COMMENTS_XTD_MAX_THREAD_LEVEL)
    # What a row writes otherwise: a count past a thousand, a blank reason, no address, the
    # name of an office reply's user, a long parent.
    odd = pending(article, "Странный", parent=root, report_count=1234, hold_reason="  ")
    Comment.objects.filter(pk=odd.pk).update(ip_address=None)
    pending(article, "Ответ <пресс-службы>", user=UserFactory(first_name="Анна & <Ко>"))
    if role == "moderator":
        user = staff_member(MODERATORS, username="table-moderator")
    else:
        user = UserFactory(is_staff=True, username="table-viewer")
        user.user_permissions.add(
            Permission.objects.get(codename="view_comment", content_type__app_label="comments")
        )
    response = client_for(user).get(f"/admin/comments/comment/?status={status}&o=-5")
    cl = response.context["cl"]
    ours = cl.result_table()
    assert ours == stock_table(cl)
    assert ours in response.content.decode()
    assert ours.count("<tr>") == len(cl.result_list) + 1
    if status in ("pending", "all"):
        assert "Странный" in ours
        # The checkbox's name for the office reply: only for who may act on the rows.
        assert ("Анна &amp; &lt;Ко&gt;" in ours) == (role == "moderator")


def test_the_queue_writes_a_row_at_once(mod_client, article, monkeypatch):
    """The queue's rows are written by one function each (comments/admin_rows.py): the
    columns' own functions, about 200 calls a row with the cells around them, write none."""
    from comments.admin import CommentAdmin

    def refuse(*args, **kwargs):
        raise AssertionError("a column's own function")

    for name in ("text", "author", "article_link", "waiting", "status_label"):
        monkeypatch.setattr(CommentAdmin, name, refuse)
    monkeypatch.setattr(admin_changelist.QueueChangeList, "_column", lambda *a: refuse)
    parent = approved_comment(article, comment="Вопрос")
    pending(article, "Ждёт", parent=parent)
    html = mod_client.get(QUEUE).content.decode()
    assert "в ответ на Читатель: «Вопрос»" in html and 'name="_selected_action"' in html


def test_a_list_that_is_not_the_queues_is_written_cell_by_cell(article, monkeypatch):
    """Another set of columns than the one QueueRow knows gets Django's cells, not its."""
    from comments.admin import CommentAdmin

    monkeypatch.setattr(CommentAdmin, "list_display", ["status_label", "author", "text"])
    pending(article, "Ждёт")
    user = staff_member(MODERATORS, username="narrow-moderator")
    response = client_for(user).get(QUEUE)
    cl = response.context["cl"]
    assert cl.result_table() == stock_table(cl)
    assert '<td class="field-author">' in cl.result_table()
    assert 'class="field-waiting"' not in cl.result_table()


def test_the_queue_writes_its_rows_without_items_for_result(mod_client, article, monkeypatch):
    """Django's per-cell code (a translated empty label, a get_field() that raises for each
    computed column, a format_html per cell) was a fifth of the queue's time at 50 rows."""
    from django.contrib.admin.templatetags import admin_list

    def refuse(*args):
        raise AssertionError("items_for_result")

    monkeypatch.setattr(admin_list, "items_for_result", refuse)
    pending(article, "Ждёт")
    assert 'name="_selected_action"' in mod_client.get(QUEUE).content.decode()


def test_the_rows_query_joins_and_sorts_only_what_it_needs(mod_client, article):
    """The content type's join (read by nothing in the list) and the ORDER BY of each
    single-row subquery were half of the rows query's planning time; the parent's name and text
    come from django_comments alone."""
    parent = approved_comment(article, comment="Вопрос")
    pending(article, "Ответ", parent=parent)
    mod_client.get(QUEUE)
    with CaptureQueriesContext(connection) as queries:
        html = mod_client.get(QUEUE).content.decode()
    (rows,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "django_comments"."id"')]
    assert "django_content_type" not in rows
    assert rows.count("ORDER BY") == 1
    assert rows.count('INNER JOIN "django_comments_xtd_xtdcomment"') == 1  # the rows' own
    assert "в ответ на Читатель: «Вопрос»" in html


@pytest.mark.parametrize(
    "value",
    ["<b>«Текст» & 'кавычки' \"двойные\"</b>", mark_safe("<i>уже безопасно</i>"), 12345, None,
     gettext_lazy("Select this object for an action - {}"), mark_safe(gettext_lazy("Action:"))],
)  # fmt: skip
def test_the_rows_html_escapes_as_format_html_does(value):
    from comments.admin_cells import row_html

    assert row_html("<p>{}|{x}</p>", value, x=value) == format_html("<p>{}|{x}</p>", value, x=value)
    assert isinstance(row_html("{}", value), SafeString)


def test_the_rows_are_written_without_format_html_per_row(mod_client, article, monkeypatch):
    """Django's format_html checks every argument for a lazy string before escaping it: with a
    dozen calls per row that was a third of the cells' time."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return format_html(*args, **kwargs)

    for module in ADMIN_MODULES:
        if hasattr(module, "format_html"):
            monkeypatch.setattr(module, "format_html", counting)
    for n in range(20):
        pending(article, f"Ждёт {n}", parent=approved_comment(article) if n == 0 else None)
    assert "Ждёт 19" in mod_client.get(QUEUE).content.decode()
    assert calls == []


def test_the_queue_writes_its_media_tags_once(mod_client, article):
    """The list's fifteen script and style tags, merged and resolved on every page (about
    0.25 ms), are kept per process (toolkit/media.py): the same tags."""
    from django.forms import Media

    from toolkit.media import KeptMedia

    pending(article, "Ждёт")
    response = mod_client.get(QUEUE)
    media = response.context["media"]
    assert isinstance(media, KeptMedia)
    plain = Media()
    plain._css_lists, plain._js_lists = media._css_lists, media._js_lists
    html = response.content.decode()
    assert str(plain["js"]) in html and str(plain["css"]) in html
    assert "admin/js/actions.js" in str(media["js"])


def test_the_table_around_the_rows_is_rendered_once_per_headers(mod_client, article):
    """The table's head (sort links, column titles) went through a template on every page:
    it is kept by what its headers print, so another sort or language is another head."""
    from django.utils import translation

    admin_changelist._shells.clear()
    comments = [pending(article, f"Ждёт {n}") for n in range(3)]
    first = mod_client.get(QUEUE)
    assert "admin/queue_results.html" in [t.name for t in first.templates]
    again = mod_client.get(QUEUE)
    assert "admin/queue_results.html" not in [t.name for t in again.templates]
    for response in (first, again):
        assert response.context["cl"].result_table() == stock_table(response.context["cl"])
    assert f'value="{comments[2].pk}"' in again.content.decode()
    for query in ("&o=-2", "&o=4.-2", "&q=Ждёт"):
        response = mod_client.get(QUEUE + query)
        assert response.context["cl"].result_table() == stock_table(response.context["cl"])
    cl = again.context["cl"]
    with translation.override("en"):
        english = cl.result_table()
        assert english == stock_table(cl) and "Toggle sorting" in english


def test_a_page_with_no_rows_has_no_table(mod_client):
    response = mod_client.get(QUEUE)
    assert response.context["cl"].result_table() == stock_table(response.context["cl"])
    assert 'id="result_list"' not in response.content.decode()


def test_the_rows_extras_are_resolved_once_per_process(mod_client, article, monkeypatch):
    """Resolving the four RawSQL extras looked up and joined the parents' tables anew on
    every page (about 0.3 ms): the resolved query is kept and cloned, the same SQL."""
    from django.db.models.expressions import RawSQL

    pending(article, "Ждёт", parent=approved_comment(article, comment="Вопрос"))
    mod_client.get(QUEUE)
    resolved = []
    resolve = RawSQL.resolve_expression

    def counting(self, *args, **kwargs):
        resolved.append(self)
        return resolve(self, *args, **kwargs)

    monkeypatch.setattr(RawSQL, "resolve_expression", counting)
    html = mod_client.get(QUEUE).content.decode()
    assert "в ответ на Читатель: «Вопрос»" in html
    assert resolved == []
    monkeypatch.setattr(RawSQL, "resolve_expression", resolve)
    fresh = Comment.objects.annotate(**admin_changelist.row_annotations()).order_by("pk")
    kept = Comment.objects.all()
    kept.query = admin_changelist.annotated_query()
    assert str(kept.order_by("pk").query) == str(fresh.query)
    assert [c.parent_text for c in kept.order_by("pk")] == [c.parent_text for c in fresh]
