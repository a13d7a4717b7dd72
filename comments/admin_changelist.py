"""The moderators' queue's table, written in one pass, and the SQL of its rows' extras."""

import datetime
import functools
import threading
from contextlib import suppress
from operator import attrgetter

from django.contrib.admin.utils import display_for_field, display_for_value
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import BigIntegerField, OuterRef, Subquery, prefetch_related_objects
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.dispatch import receiver
from django.template.loader import select_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_comments.models import Comment as BaseComment

from articles.models import Article

from .admin_cells import escaped
from .models import Comment

# The table around its body (before, after), by its headers: see result_table().
_shells = {}
_lock = threading.Lock()
BODY = "\x00body\x00"  # no header holds a NUL: URL-encoded in the links, none in the texts


@receiver(setting_changed)
def _forget_shells(*, setting, **kwargs):
    if setting in {"TEMPLATES", "LANGUAGES", "USE_I18N"}:
        _shells.clear()


class QueueChangeList(ChangeList):
    """The comments' list, whose table body is written in one pass (``result_table``, used by
    templates/admin/comments/comment/change_list.html in place of Django's ``{% result_list %}``).

    Django's items_for_result() spends, on every cell, a translated empty-value label, a
    get_field() that raises for each computed column, a format_html() and the checks for links
    and editable fields this list has none of: about 3 ms of CPU for the queue's 50 rows and
    eight columns, beyond the columns' own work. Here all that is settled once per column and a
    cell is its value and an f-string. The cells are the ones Django writes (same classes, same
    empty value, same escaping); the header row is Django's own; a list configured in a way
    this does not cover (links to rows, editable columns, popups, a column that is a relation
    or a model attribute) is rendered by Django's tag unchanged.
    """

    def __init__(self, request, *args, **kwargs):
        self.request = request  # for the ModelAdmin's page_row()
        super().__init__(request, *args, **kwargs)

    def get_results(self, request):
        """Also the ModelAdmin's ``list_prefetch_related`` (foreign keys): a relation that few
        rows have is fetched for the rows that have it, in one query, and none when no row has
        it, where a join to every row cost the database more than the rows themselves (and
        prefetch_related() on all of them about 0.8 ms of Python for nothing)."""
        super().get_results(request)
        names = getattr(self.model_admin, "list_prefetch_related", None)
        if names and not self.list_editable:  # an editable list needs its queryset
            self.result_list = rows = list(self.result_list)
            for name in names:
                attname = self.lookup_opts.get_field(name).attname
                linked = [row for row in rows if getattr(row, attname) is not None]
                prefetch_related_objects(linked, name)

    def result_table(self):
        from django.contrib.admin.templatetags import admin_list

        columns = self._columns()
        opts = self.opts
        names = [
            f"admin/{opts.app_label}/{opts.model_name}/change_list_results.html",
            f"admin/{opts.app_label}/change_list_results.html",
            "admin/change_list_results.html",
        ]
        if columns is None:
            return select_template(names).render(admin_list.result_list(self))
        headers = list(admin_list.result_headers(self))
        # The body as the stock template's loop writes it, row by row; only the head goes
        # through a template (templates/admin/queue_results.html, Django's but for the loop).
        page_row = getattr(self.model_admin, "page_row", None)
        row = page_row and page_row(self.request, self.list_display, columns)
        if row is not None:  # the ModelAdmin writes a whole row at once
            body = "".join([row(result) for result in self.result_list])
        else:
            body = "".join(
                ["\n\n<tr>" + "".join([cell(result) for cell in columns]) + "</tr>\n"
                 for result in self.result_list]
            )  # fmt: skip
        context = {
            "cl": self,
            "result_hidden_fields": [],
            "result_headers": headers,
            "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
            "results": self.result_list,
        }
        # The table around the body: the same for every page with these headers (their
        # texts, classes, sort links) in this language, so rendered once and kept.
        key = (
            get_language(), bool(self.result_list), context["num_sorted_fields"],
            tuple(tuple((k, type(v), str(v)) for k, v in sorted(h.items())) for h in headers),
        )  # fmt: skip
        shell = _shells.get(key)
        if shell is None:
            template = select_template(["admin/queue_results.html", *names])
            shell = template.render({**context, "body": BODY}).split(BODY)
            if len(shell) != 2:  # no body in it (no rows): not kept, rendered as it is
                return template.render({**context, "body": mark_safe(body)})
            with _lock:
                if len(_shells) >= 1000:  # sorts × languages × with and without rows
                    _shells.clear()
                _shells[key] = shell
        return mark_safe(shell[0] + body + shell[1])

    def _columns(self):
        """One function per column, row -> the cell's HTML; None if a column or the list's
        options need Django's general code."""
        if getattr(self, "formset", None) or self.is_popup or self.list_display_links is not None:
            return None
        columns = []
        for index, name in enumerate(self.list_display):
            column = self._column(index, name)
            if column is None:
                return None
            columns.append(column)
        return columns

    def _column(self, index, name):
        """As items_for_result() writes a column with no link and no form field."""
        from django.contrib.admin.templatetags.admin_list import _coerce_field_name

        model_admin = self.model_admin
        css = "field-" + _coerce_field_name(name, index)
        empty = model_admin.get_empty_value_display()
        field = None
        if isinstance(name, str):
            with suppress(FieldDoesNotExist):
                field = self.lookup_opts.get_field(name)
        if field is not None:
            if field.is_relation:
                return None
            value_of = attrgetter(name)
            nowrap = isinstance(field, (models.DateField, models.TimeField))
            found = css + " nowrap" if nowrap else css
            plain = _plain_kind(field)

            def shown(value):
                # What display_for_field() gives a text, or a number below a thousand (no
                # digits to group), without its checks for every other kind of field.
                if value.__class__ is plain:
                    if plain is str:
                        return found, value or empty
                    if -1000 < value < 1000:
                        return found, str(value)
                return found, display_for_field(value, field, empty)

        else:
            page_column = getattr(model_admin, "page_column", None)
            if callable(name):
                value_of = name
            elif page_column and page_column(name):
                value_of = page_column(name)
            elif hasattr(model_admin, name) and name != "__str__":
                value_of = getattr(model_admin, name)
            else:
                return None
            empty = getattr(value_of, "empty_value_display", empty)
            boolean = getattr(value_of, "boolean", False)
            found = "action-checkbox" if name == "action_checkbox" else css

            def shown(value):
                if not boolean and value and value.__class__ in (SafeString, str):
                    # A column's own HTML or text, not blank: display_for_value() gives it
                    # back as it is.
                    return found, value
                if isinstance(value, (datetime.date, datetime.time)):
                    return found + " nowrap", display_for_value(value, empty, boolean)
                return found, display_for_value(value, empty, boolean)

        def cell(row):
            try:
                value = value_of(row)
            except ObjectDoesNotExist:
                return f'<td class="{css}">{escaped(empty)}</td>'
            if isinstance(value, str) and value.strip() == "":
                value = ""
            classes, text = shown(value)
            if text.__class__ is not SafeString:
                text = escaped(text)
            # Concatenated, not formatted: formatting calls a SafeString's __str__.
            return '<td class="' + classes + '">' + text + "</td>"

        return cell


def _plain_kind(field):
    """``str`` for a text field, ``int`` for an integer one, None for any other (or one with
    choices): the values the admin shows as they are, but for an empty text."""
    if getattr(field, "flatchoices", None):
        return None
    if type(field) in (models.CharField, models.TextField):
        return str
    if isinstance(field, models.IntegerField):
        return int
    return None


@functools.cache
def row_annotations():
    """The article's title and address and the parent's name and text of each comment in
    the admin: four subqueries, compiled once per process into the SQL Django writes for
    them. annotate() resolved and compiled them again on every page, about 1 ms of the
    queue's CPU; the SQL is the same for every query of the model (the outer tables keep
    their names).

    Each subquery finds one row by its primary key: no ORDER BY (the models' orderings made
    PostgreSQL sort each single row), and the parent from django_comments alone, which holds
    its name and text, not joined to the two tables of the inheritance."""
    article = Article.objects.filter(pk=Cast(OuterRef("object_pk"), BigIntegerField()))
    article = article.order_by()
    # The comment a reply answers, shown beside it: in the same query, whatever the rows.
    parent = BaseComment.objects.filter(pk=OuterRef("parent_id")).exclude(pk=OuterRef("pk"))
    parent = parent.order_by()
    subqueries = {
        "article_title": Subquery(article.values("title")[:1]),
        "article_slug": Subquery(article.values("slug")[:1]),
        "parent_name": Subquery(parent.values("user_name")[:1]),
        "parent_text": Subquery(parent.values("comment")[:1]),
    }
    query = Comment.objects.annotate(**subqueries).query
    compiler = query.get_compiler(DEFAULT_DB_ALIAS)
    written = {}
    for name in subqueries:
        annotation = query.annotations[name]
        sql, params = compiler.compile(annotation)
        written[name] = RawSQL(sql, params, output_field=annotation.output_field)
    return written


def annotated_query():
    """A copy of the query of ``Comment.objects.annotate(**row_annotations())``, resolved once
    per process. Resolving the four annotations (Django's RawSQL looks up and joins, for each,
    the parent tables its SQL names) was about 0.3 ms of every page of the queue; a clone of
    the resolved query is the same query, as every queryset's clone shares its expressions."""
    return _annotated().clone()


@functools.cache
def _annotated():
    return Comment._default_manager.get_queryset().annotate(**row_annotations()).query
