"""A row of the moderators' queue written by one function (issue 15).

QueueChangeList writes a cell per column through the column's own function (CommentAdmin's
``text``, ``author``…), each formatting and escaping its values apart, then the cell's classes
and escaping: about 200 Python calls a row, a sixth of the page's CPU at 50 rows. The columns of
the queue are known, so ``QueueRow`` writes the whole ``<tr>`` in one f-string, escaping each
value once with html.escape (what Django's escape does to a string). The markup is the one the
columns give (tests/comments/test_queue_cost.py compares the table with Django's own
``{% result_list %}`` for every status and role); a value of a kind it does not expect goes
through that column's own cell.
"""

from html import escape

from django.contrib.admin import helpers
from django.utils.translation import gettext

from .models import Status

PENDING = Status.PENDING.value  # a plain string: compared on every row

# CommentAdmin.list_display, by the names of its columns: what QueueRow writes.
COLUMNS = ["status_label", "waiting", "text", "author", "article_link", "report_count",
           "hold_reason"]  # fmt: skip


class QueuePage:
    """What the rows of one page of the queue share: the decision controls (None for who may
    not moderate), the addresses of a comment's page and of an article, the waiting time."""

    def __init__(self, *, controls, change_url, article_url, since):
        self.controls = controls
        self.change_url = change_url
        self.article_url = article_url
        self.since = since


class QueueRow:
    """``comment -> "<tr>…</tr>"``, as the cells of ``cells`` (QueueChangeList's, one per
    column of the list, the checkbox first when ``checkbox``) write it."""

    def __init__(self, page, cells, *, checkbox, status_labels, empty):
        self.page = page
        self.cells = cells
        self.checkbox = checkbox
        self.status_labels = status_labels
        self.empty = empty
        self.label = gettext("Select this object for an action - {}")
        self.head = (
            f'<td class="action-checkbox"><input type="checkbox" '
            f'name="{escape(helpers.ACTION_CHECKBOX_NAME)}" value="'
        )
        self.pk_attname = None

    def __call__(self, c):
        page = self.page
        if self.pk_attname is None:
            self.pk_attname = c._meta.pk.attname
        pk = getattr(c, self.pk_attname)
        status = c.status
        if self.checkbox:
            label = self.label.format(escape(str(c)))
            checkbox = f'{self.head}{int(pk)}" class="action-select" aria-label="{label}"></td>'
        else:
            checkbox = ""
        waiting = escape(page.since(c.submit_date)) if status == PENDING else "—"
        # The text, linked to the comment's page, and the comment it answers.
        text = c.comment
        if len(text) > 200:
            text = text[:200] + "…"
        text = f'<a href="{escape(page.change_url(pk))}">{escape(text)}</a>'
        parent = c.parent_text
        if parent is not None:
            if len(parent) > 120:
                parent = parent[:120] + "…"
            text = (
                f'{text}<small class="parent-comment">в ответ на {escape(str(c.parent_name))}: '
                f"«{escape(parent)}»</small>"
            )
        if page.controls is not None:
            text += page.controls(c)
        slug = c.article_slug
        if slug:
            article = (
                f'<a href="{escape(page.article_url(slug))}#c{int(pk)}">'
                f"{escape(str(c.article_title))}</a>"
            )
        else:
            article = "—"
        reports = c.report_count
        if reports.__class__ is int and -1000 < reports < 1000:
            reports = f'<td class="field-report_count">{reports}</td>'
        else:
            reports = self.cells[-2](c)
        reason = c.hold_reason
        if reason.__class__ is not str:
            reason = self.cells[-1](c)
        else:
            shown = escape(reason) if reason.strip() else self.empty
            reason = f'<td class="field-hold_reason">{shown}</td>'
        return (
            f'\n\n<tr>{checkbox}<td class="field-status_label">{self.status_labels[status]}</td>'
            f'<td class="field-waiting">{waiting}</td><td class="field-text">{text}</td>'
            f'<td class="field-author">{escape(c.user_name)}<br><small>{escape(c.user_email)}'
            f"<br>{escape(c.ip_address or '—')}</small></td>"
            f'<td class="field-article_link">{article}</td>{reports}{reason}</tr>\n'
        )
