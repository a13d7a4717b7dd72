"""A comment's decision buttons and the press office's reply form, in the queue and on its page."""

from django.conf import settings
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from .admin_cells import address_of, row_html
from .moderation import REJECT_REASONS


class ModerationControls:
    """The decision buttons and the reply form of a comment (admin_views takes the POSTs), for
    every row of one page: what is the same for all rows (the reasons' options, the addresses
    but for the comment's number) is built once, and each row is one row_html(), where a
    template per row cost about 10 ms for the queue's 50 rows. The markup is, byte for byte,
    what that template (admin/comments/comment/controls.html) gave. The controls sit inside
    the admin's own form (the queue's or the comment page's), so their buttons post that form
    to their own URL (formaction) and the views read only this comment's fields."""

    def __init__(self, next_url):
        query = "?" + urlencode({"next": next_url})
        # The comment's number is the only part of the addresses that differs between rows.
        self.decide_url = address_of("admin:comments_comment_decide", query)
        self.reply_url = address_of("admin:comments_comment_reply", query)
        self.reasons = format_html_join("", "<option>{}</option>", ((r,) for r in REJECT_REASONS))

    def __call__(self, comment):
        pk, status = comment.pk, comment.status
        decide_url = self.decide_url(pk)
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
            if comment.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
                reply = row_html(
                    '<details class="moderation-reply"><summary>Ответить от пресс-службы'
                    '</summary>\n<label for="reply_{pk}">Официальный ответ на комментарий № '
                    '{pk}</label><textarea id="reply_{pk}" name="reply_{pk}" rows="3" '
                    'maxlength="{max_length}"></textarea>\n<button type="submit" '
                    'class="button" formaction="{url}">Опубликовать ответ</button>{note}'
                    "</details>",
                    pk=pk, max_length=settings.COMMENTS_MAX_LENGTH, url=self.reply_url(pk),
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


def moderation_controls(comment, next_url):
    """The decision buttons and the reply form of one comment."""
    return ModerationControls(next_url)(comment)
