"""The moderators' queue: pending comments first, oldest first; decisions in bulk, logged."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.forms import Media
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django_comments.models import Comment as BaseComment

from toolkit.guards import ChangelistGuard
from toolkit.media import KeptMedia

from . import admin_views
from .admin_cells import address_of, escaped, row_html, since_for_page
from .admin_changelist import QueueChangeList, annotated_query
from .admin_controls import ModerationControls, ReasonActionForm, moderation_controls
from .admin_rows import COLUMNS, QueuePage, QueueRow
from .dashboard import remember_pending_comments
from .models import STATUS_FLAGS, Comment, CommentReport, ModerationDecision, Status, StopWord
from .moderation import REJECT_REASONS, decide, queue_summary


class StatusFilter(admin.SimpleListFilter):
    title = "статус"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(Status.PENDING, "ждут проверки"), (Status.APPROVED, "одобрены"),
                (Status.REJECTED, "отклонены"), ("all", "все статусы")]  # fmt: skip

    def choices(self, changelist):
        """Our four choices only. Django adds «Все» (no status at all), which opened the queue
        of pending comments again (the bare list redirects there) beside «все», which meant
        every status: two «all»s that did different things."""
        current = self.value() or "pending"
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() in Status.values:
            return queryset.with_status(self.value())
        return queryset


# A status's label, the same for every row that has it.
STATUS_LABELS = {
    status: row_html('<span class="status status-{}">{}</span>', status.value, status.label)
    for status in Status
}


@admin.register(Comment)
class CommentAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["status_label", "waiting", "text", "author", "article_link", "report_count",
                    "hold_reason"]  # fmt: skip
    # The text links to the comment itself (see text_column): the cell also holds the row's
    # buttons, which cannot sit inside the link Django would wrap round a link column.
    list_display_links = None
    list_filter = [StatusFilter, "submit_date"]
    search_fields = ["comment", "user_name", "user_email", "ip_address"]
    # A row's name (its checkbox's label) reads the user of an office reply; readers have none.
    # Fetched apart (QueueChangeList.get_results), for the rows that have one: joining the
    # users (and the content types, which nothing in the list reads) more than doubled the
    # rows query's planning time, for a queue of readers' comments.
    list_select_related = False
    list_prefetch_related = ["user"]
    list_per_page = 50
    show_full_result_count = False  # a second COUNT over a million rows tells nobody anything
    action_form = ReasonActionForm
    actions = ["approve", "reject"]
    # The comment and the one it answers first, then (comment page template) the decision.
    fieldsets = [
        (None, {"fields": ["comment", "parent_link", "status_label", "hold_reason",
                           "report_count", "article_link"]}),
        ("Подробности", {"fields": ["user_name", "user_email", "ip_address", "submit_date",
                                    "thread_level", "is_official", "consent_at",
                                    "policy_version", "decisions_log"]}),
    ]  # fmt: skip
    readonly_fields = [name for _, options in fieldsets for name in options["fields"]]

    class Media:
        css = {"all": ["admin/css/pressoffice-admin.css"]}

    def action_checkbox(self, obj):
        """Django's own checkbox of a row, the same markup written out: the stock one renders a
        CheckboxInput through three widget templates per row (about 7 ms for the queue's 50)."""
        label = row_html(gettext("Select this object for an action - {}"), str(obj))
        return row_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, obj.pk, label,
        )  # fmt: skip

    def page_column(self, name):
        """A column's function for the rows of one page (QueueChangeList) where it can settle
        once what is the same for every row; None for the column's own function."""
        if name != "action_checkbox":
            return None
        label = gettext("Select this object for an action - {}")
        head = row_html('<input type="checkbox" name="{}" value="', helpers.ACTION_CHECKBOX_NAME)

        def action_checkbox(obj):
            shown = label.format(escaped(str(obj)))
            return SafeString(f'{head}{int(obj.pk)}" class="action-select" aria-label="{shown}">')

        return action_checkbox

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/decide/", wrap(admin_views.decide_one), name="comments_comment_decide"),
            path("<int:pk>/reply/", wrap(admin_views.reply), name="comments_comment_reply"),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        # ModelAdmin.get_queryset(), on the model's queryset with the rows' extras already
        # resolved (annotated_query(): resolving them joined the parents' tables anew on
        # every page).
        queryset = self.model._default_manager.get_queryset()
        queryset.query = annotated_query()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_list_display(self, request):
        """The columns; for moderators the text comes with the row's own decision and reply,
        which return to this very page (filters and page number kept). Under the text, not in
        a column of their own: at 1366 px an eighth column was cut off.

        Built once per request: Django asks again for the sortable columns, which must be
        these very functions («ждёт» sorts)."""
        columns = getattr(request, "_queue_columns", None)
        if columns is None:
            columns = request._queue_columns = self._columns(request)
        return columns

    def _columns(self, request):
        moderate = self.has_moderate_permission(request)
        page = request._queue_page = QueuePage(
            controls=ModerationControls(request.get_full_path()) if moderate else None,
            change_url=address_of("admin:comments_comment_change"),
            article_url=address_of("articles:article-detail"),
            since=since_for_page(timezone.now()),
        )

        @admin.display(description="текст")
        def text(comment):
            shown = self.text(comment, page.change_url)
            return row_html("{}{}", shown, page.controls(comment) if page.controls else "")

        @admin.display(description="материал")
        def article_link(comment):
            return self.article_link(comment, page.article_url)

        @admin.display(description="ждёт", ordering="submit_date")
        def waiting(comment):
            return self.waiting(comment, page.since)

        columns = {"text": text, "article_link": article_link, "waiting": waiting}
        return [columns.get(name, name) for name in self.list_display]

    def page_row(self, request, list_display, cells):
        """The function that writes a whole row of this request's page of the list (see
        comments/admin_rows.py), given the list's columns and their cells; None when the
        columns are not the queue's own (QueueChangeList then writes cell by cell)."""
        page = getattr(request, "_queue_page", None)
        checkbox = list(list_display[:1]) == ["action_checkbox"]
        columns = list(list_display[checkbox:])
        if page is None or self.list_display != COLUMNS or columns != request._queue_columns:
            return None
        return QueueRow(
            page, cells, checkbox=checkbox, status_labels=STATUS_LABELS,
            empty=self.get_empty_value_display(),
        )  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        comment = self.get_object(request, object_id)
        if comment is not None and self.has_moderate_permission(request):
            extra_context["moderation_controls"] = moderation_controls(
                comment, admin_views.NEXT_PENDING
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Counts rows on django_comments alone when only the status narrows the list: the
        count needs neither of the two joined tables of the model's inheritance, and a join of
        a million rows is what made the queue slow."""
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        if set(request.GET) <= {"status", "p", "o"}:
            status = request.GET.get("status")
            base = BaseComment.objects.all()
            if status == "pending":
                # The count every admin page shows a moderator is this very number: one query
                # gives both (and the oldest comment's date), not a second COUNT of the queue.
                summary = queue_summary()
                remember_pending_comments(request, summary)
                paginator.count = summary["count"]
                return paginator
            if status in Status.values:
                base = base.filter(**STATUS_FLAGS[status])
            paginator.count = base.count()
        return paginator

    def get_ordering(self, request):
        # The queue (pending) oldest first: whoever waited longest is answered first. Decided
        # comments newest first. Both orders ride the indexes of comments/migrations/0002.
        return ["submit_date"] if request.GET.get("status") == "pending" else ["-submit_date"]

    def changelist_view(self, request, extra_context=None):
        """The queue opens on the pending comments; other statuses are one click away."""
        if request.method == "GET" and not request.GET and self.has_view_permission(request):
            return HttpResponseRedirect(f"{request.path}?status=pending")
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if isinstance(context.get("media"), Media):
            context["media"] = KeptMedia(context["media"])  # the same tags, written once
        return response

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    @admin.action(description="Одобрить выбранные комментарии", permissions=["moderate"])
    def approve(self, request, queryset):
        queryset, _ = self._chosen(request, queryset)
        count = decide(queryset, action=ModerationDecision.Action.APPROVE, moderator=request.user)
        self.message_user(request, f"Одобрено комментариев: {count}.", messages.SUCCESS)

    def _chosen(self, request, queryset):
        """The comments the moderator ticked, whatever their status now, and how many of them
        another moderator approved meanwhile. The action's own queryset is the list's, still
        filtered by status: a comment approved since the list was opened dropped out of it
        silently, and «Отклонить» answered «Отклонено: 0»."""
        if request.POST.get("select_across") == "1":
            return queryset, 0
        ticked = [pk for pk in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if pk.isdigit()]
        chosen = Comment.objects.filter(pk__in=ticked)
        return chosen, chosen.approved().count()

    @admin.action(description="Отклонить выбранные комментарии", permissions=["moderate"])
    def reject(self, request, queryset):
        reason = request.POST.get("reason", "")
        if reason not in REJECT_REASONS:
            self.message_user(
                request, "Выберите причину отклонения в списке рядом с действием.", messages.ERROR
            )
            return
        queryset, approved = self._chosen(request, queryset)
        count = decide(
            queryset, action=ModerationDecision.Action.REJECT, moderator=request.user, reason=reason
        )
        note = (
            f" Из них уже одобрено другим модератором: {approved}; теперь они скрыты с сайта."
            if approved
            else ""
        )
        self.message_user(request, f"Отклонено комментариев: {count}.{note}", messages.SUCCESS)

    @admin.display(description="ответ на")
    def parent_link(self, comment):
        if not comment.parent_id or comment.parent_id == comment.pk:
            return "— (начинает обсуждение)"
        url = reverse("admin:comments_comment_change", args=[comment.parent_id])
        return format_html(
            '<a href="{}">комментарий № {}</a>, {}:<blockquote class="parent-comment">{}'
            "</blockquote>",
            url, comment.parent_id, comment.parent_name or "—", comment.parent_text or "",
        )  # fmt: skip

    @admin.display(description="уровень в обсуждении")
    def thread_level(self, comment):
        return comment.level + 1

    @admin.display(description="статус")
    def status_label(self, comment):
        return STATUS_LABELS[comment.status]

    @admin.display(description="ждёт", ordering="submit_date")
    def waiting(self, comment, since=None):
        if comment.status != "pending":
            return "—"
        if since:
            return since(comment.submit_date)
        return timesince(comment.submit_date, timezone.now(), depth=1)

    @admin.display(description="материал")
    def article_link(self, comment, article_url=None):
        if not comment.article_slug:
            return "—"
        if article_url:
            url = article_url(comment.article_slug)
        else:
            url = reverse("articles:article-detail", kwargs={"slug": comment.article_slug})
        return row_html('<a href="{}#c{}">{}</a>', url, comment.pk, comment.article_title)

    @admin.display(description="автор", ordering="user_name")
    def author(self, comment):
        return row_html(
            "{}<br><small>{}<br>{}</small>", comment.user_name, comment.user_email,
            comment.ip_address or "—",
        )  # fmt: skip

    @admin.display(description="текст")
    def text(self, comment, change_url=None):
        """The text, linked to the comment's page, and the comment it answers."""
        text = comment.comment[:200] + ("…" if len(comment.comment) > 200 else "")
        if change_url:
            url = change_url(comment.pk)
        else:
            url = reverse("admin:comments_comment_change", args=[comment.pk])
        link = row_html('<a href="{}">{}</a>', url, text)
        if comment.parent_text is None:
            return link
        parent = comment.parent_text[:120] + ("…" if len(comment.parent_text) > 120 else "")
        return row_html(
            '{}<small class="parent-comment">в ответ на {}: «{}»</small>',
            link, comment.parent_name, parent,
        )  # fmt: skip

    @admin.display(description="журнал решений")
    def decisions_log(self, comment):
        rows = [
            (
                f"{timezone.localtime(d.created_at):%d.%m.%Y %H:%M}",
                d.get_action_display(),
                f" ({d.reason})" if d.reason else "",
                d.moderator or "автоматически",
            )
            for d in comment.decisions.select_related("moderator")
        ]
        return format_html_join(mark_safe("<br>"), "{} — {}{}, {}", rows) if rows else "—"


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["created_at", "action", "reason", "moderator", "comment_link"]
    list_filter = ["action", "created_at"]
    list_select_related = ["moderator"]
    date_hierarchy = "created_at"

    @admin.display(description="комментарий", ordering="comment_id")
    def comment_link(self, record):
        url = reverse("admin:comments_comment_change", args=[record.comment_id])
        return format_html('<a href="{}">№ {}</a>', url, record.comment_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CommentReport)
class CommentReportAdmin(ModerationDecisionAdmin):
    list_display = ["created_at", "comment_link"]
    list_filter = ["created_at"]
    list_select_related = []


@admin.register(StopWord)
class StopWordAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["word"]
    search_fields = ["word"]
