"""The admin's home as the newsroom's desk: for each user what waits for them, a short list
per panel with a «все» link to the filtered list, and the filters those links open. The
moderators' panel is comments/dashboard.py's; pressoffice/adminsite.py puts the desk together.

Every article panel starts from the articles admin's own queryset for the user
(ArticleAdmin.get_queryset): an author sees their own work and what readers see, never
another author's drafts or embargoed pieces. One query per panel, whatever the numbers.
"""

import dataclasses

from django.contrib import admin
from django.db.models import Count, Window
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.timesince import timesince

from toolkit.templatetags.russian import count_of

from .models import Article

Status = Article.Status
SHOWN = 5  # items per panel


class MineFilter(admin.SimpleListFilter):
    """«мои материалы»: the articles the user wrote."""

    title = "автор"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", "мои материалы")]

    def queryset(self, request, queryset):
        return queryset.filter(author=request.user) if self.value() == "1" else queryset


class PublicationFilter(admin.SimpleListFilter):
    """Scheduled pieces apart from those readers already see."""

    title = "выход на сайт"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("scheduled", "запланированные"), ("public", "уже на сайте")]

    def queryset(self, request, queryset):
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "public":
            return queryset.published()
        return queryset


LIST_FILTERS = [MineFilter, PublicationFilter]


@dataclasses.dataclass
class Item:
    label: str
    url: str
    meta: str = ""


@dataclasses.dataclass
class Panel:
    key: str
    title: str
    items: list
    total: int
    all_url: str
    all_hint: str  # read out after «все» by screen readers: «все материалы на проверке»
    empty: str
    summary: str = ""


def when(moment):
    """«сегодня в 14:30», «завтра в 09:00», «5 декабря в 14:30», «5 декабря 2025 в 14:30»."""
    local = timezone.localtime(moment)
    days = (local.date() - timezone.localdate()).days
    day = {-1: "вчера", 0: "сегодня", 1: "завтра"}.get(days)
    if day is None:
        same_year = local.year == timezone.localdate().year
        day = dateformat.format(local, "j E" if same_year else "j E Y")
    return f"{day} в {local:%H:%M}"


def waited(moment):
    """«3 часа», «1 день»; «меньше минуты» rather than «0 минут»."""
    now = timezone.now()
    if (now - moment).total_seconds() < 60:
        return "меньше минуты"
    return timesince(moment, now, depth=1)


def _short(queryset, *order):
    """The first SHOWN rows and the number of all of them, in one query."""
    rows = list(queryset.annotate(total=Window(Count("pk"))).order_by(*order, "pk")[:SHOWN])
    return rows, rows[0].total if rows else 0


def _article_panel(key, rows_total, *, title, query, hint, empty, meta):
    rows, total = rows_total
    items = [
        Item(row.title, reverse("admin:articles_article_change", args=[row.pk]), meta(row))
        for row in rows
    ]
    url = reverse("admin:articles_article_changelist") + query
    return Panel(key, title, items, total, url, hint, empty)


def article_panels(request, model_admin):
    articles = model_admin.get_queryset(request).select_related("author")
    editor = model_admin.has_publish_permission(request)

    def by(row):
        return f"{row.author or '—'}, " if editor else ""

    panels = [
        _article_panel(
            "review", _short(articles.filter(status=Status.REVIEW), "updated_at"),
            title="На проверке", query="?status__exact=review", hint="материалы на проверке",
            empty="Нет материалов на проверке.",
            meta=lambda row: f"{by(row)}ждёт {waited(row.updated_at)}",
        ),
        _article_panel(
            "scheduled", _short(articles.scheduled(), "published_at"),
            title="Запланировано", query="?when=scheduled", hint="запланированные материалы",
            empty="Ничего не запланировано.",
            meta=lambda row: f"{by(row)}выйдет {when(row.published_at)}",
        ),
    ]  # fmt: skip
    if model_admin.has_add_permission(request):
        drafts = articles.filter(status=Status.DRAFT, author=request.user)
        panels.append(_article_panel(
            "drafts", _short(drafts, "-updated_at"),
            title="Мои черновики", query="?mine=1&status__exact=draft", hint="мои черновики",
            empty="Черновиков нет.", meta=lambda row: f"изменён {when(row.updated_at)}",
        ))  # fmt: skip
    panels.append(_article_panel(
        "published", _short(articles.published(), "-published_at"),
        title="Недавно опубликовано", query="?when=public", hint="опубликованные материалы",
        empty="Опубликованных материалов пока нет.",
        meta=lambda row: f"{when(row.published_at)}, "
        + count_of(row.comment_count, "комментарий"),
    ))  # fmt: skip
    return panels


def panels(request, site):
    """The article panels the user may see, in the order of the day's work."""
    model_admin = site._registry.get(Article)
    if model_admin is None or not model_admin.has_view_permission(request):
        return []
    return article_panels(request, model_admin)
