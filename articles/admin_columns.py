"""The columns of the article list, narrow enough for 1366 px beside the navigation and the
filters: the status says what, the time column says when (once), the cover is a thumbnail."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html


class ArticleColumns:
    @admin.display(description="статус", ordering="status")
    def status_badge(self, article):
        label = "запланирован" if article.is_scheduled else article.get_status_display()
        return format_html('<span class="status status-{}">{}</span>', article.status, label)

    @admin.display(description="публикация", ordering="published_at")
    def when(self, article):
        if not article.published_at:
            return "—"
        local = timezone.localtime(article.published_at)
        return format_html(
            '<time datetime="{}">{}</time>', local.isoformat(), f"{local:%d.%m.%Y %H:%M}"
        )

    @admin.display(description="фото")
    def cover_thumbnail(self, article):
        if not article.cover:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="80" height="45" class="admin-thumb">',
            article.cover_480_jpeg.url,
        )
