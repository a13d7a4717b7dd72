"""A comment's decision buttons and the press office's reply form, in the queue and on its page."""

import threading

from django import forms
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.template import Context, Template
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .admin_cells import address_parts, row_html
from .moderation import REJECT_REASONS


class ModerationControls:
    """The decision buttons and the reply form of a comment (admin_views takes the POSTs), for
    every row of one page: the controls of a comment depend on its status, on whether it may be
    answered and on its number only, so each of those few shapes is written once per page and
    a row is its shape with the number put in (a template per row cost about 10 ms for the
    queue's 50 rows, a row_html() per control still 1 ms). The markup is, byte for byte,
    what that template (admin/comments/comment/controls.html) gave. The controls sit inside
    the admin's own form (the queue's or the comment page's), so their buttons post that form
    to their own URL (formaction) and the views read only this comment's fields."""

    # Where a row's number goes in its shape: NUL is in no address (the next address is
    # URL-encoded, the admin refuses NUL in a list's parameters), reason or label.
    PK = "\x00"

    def __init__(self, next_url):
        query = "?" + urlencode({"next": next_url})
        # The comment's number is the only part of the addresses that differs between rows.
        self.decide_url = self._address("admin:comments_comment_decide", query)
        self.reply_url = self._address("admin:comments_comment_reply", query)
        self.reasons = format_html_join("", "<option>{}</option>", ((r,) for r in REJECT_REASONS))
        self.shapes = {}
        self.max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL

    def _address(self, name, query):
        prefix, suffix = address_parts(name)
        return f"{prefix}/{self.PK}/{suffix}{query}"

    def __call__(self, comment):
        """The row's controls: its shape (by status and whether it may be answered), built once
        per page, with the comment's number in it; one str.join() per row."""
        status = comment.status
        answerable = comment.level < self.max_level
        pieces = self.shapes.get((status, answerable))
        if pieces is None:  # the shape cut where the number goes, joined by it per row
            shape = self._shape(status, answerable)
            pieces = self.shapes[status, answerable] = shape.split(self.PK)
        return SafeString(str(int(comment.pk)).join(pieces))

    def _shape(self, status, answerable):
        pk, decide_url = self.PK, self.decide_url
        approve = reject = reply = ""
        if status != "approved":
            approve = row_html(
                '<button type="submit" class="button moderation-approve" name="decision" '
                'value="approve" formaction="{}">Одобрить</button>',
                decide_url,
            )
        if status != "rejected":
            reject = row_html(
                '<label class="visually-hidden" for="reason_{pk}">Причина отклонения '
                'комментария № {pk}</label><select id="reason_{pk}" name="reason_{pk}">'
                '<option value="">Причина отклонения…</option>{reasons}</select>\n'
                '<button type="submit" class="button moderation-reject" name="decision" '
                'value="reject" formaction="{url}">Отклонить</button>',
                pk=pk, reasons=self.reasons, url=decide_url,
            )  # fmt: skip
            if answerable:
                reply = row_html(
                    '<details class="moderation-reply"><summary>Ответить от пресс-службы'
                    '</summary>\n<label for="reply_{pk}">Официальный ответ на комментарий № '
                    '{pk}</label><textarea id="reply_{pk}" name="reply_{pk}" rows="3" '
                    'maxlength="{max_length}"></textarea>\n<button type="submit" '
                    'class="button" formaction="{url}">Опубликовать ответ</button>{note}'
                    "</details>",
                    pk=pk, max_length=settings.COMMENTS_MAX_LENGTH, url=self.reply_url,
                    note=mark_safe('<p class="help">Комментарий будет одобрен вместе с '
                                   "ответом.</p>") if status == "pending" else "",
                )  # fmt: skip
            else:
                reply = mark_safe('<p class="help">Ответить нельзя: обсуждение слишком '
                                  "глубокое.</p>")  # fmt: skip
        return row_html(
            '<div class="moderation-controls"><input type="hidden" name="seen_{}" value="{}">\n'
            '<div class="moderation-controls__decide">{}\n{}</div>\n{}</div>\n',
            pk, status, approve, reject, reply,
        )  # fmt: skip


class ReasonActionForm(ActionForm):
    """The queue's bulk decision: the action and, for a rejection, its reason."""

    reason = forms.ChoiceField(
        label="Причина отклонения",
        required=False,
        choices=[("", "—")] + [(reason, reason) for reason in REJECT_REASONS],
    )

    # admin/actions.html's loop over the fields, as it is there.
    FIELDS = (
        "{% for field in action_form %}{% if field.label %}<label>{{ field.label }} "
        "{{ field }}</label>{% else %}{{ field }}{% endif %}{% endfor %}"
    )
    written = {}  # (language, actions) -> the fields' HTML
    _lock = threading.Lock()

    def fields_html(self):
        """The fields as admin/actions.html writes them (the queue's template,
        admin/comments/comment/actions.html, prints this instead), rendered once per process for
        each language and list of actions: the form is never bound on the list, so its HTML
        depends on nothing else, and its three selects through Django's widget templates cost
        about 1.5 ms on every page of the queue."""
        if self.is_bound:
            return self._render()
        actions = tuple((str(value), str(label)) for value, label in self.fields["action"].choices)
        key = (get_language(), actions)
        html = self.written.get(key)
        if html is None:
            html = self._render()
            with self._lock:
                if len(self.written) >= 100:  # languages × permission sets: a handful
                    self.written.clear()
                self.written[key] = html
        return html

    def _render(self):
        return Template(self.FIELDS).render(Context({"action_form": self}))


def moderation_controls(comment, next_url):
    """The decision buttons and the reply form of one comment."""
    return ModerationControls(next_url)(comment)
