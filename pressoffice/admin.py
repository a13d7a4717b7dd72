from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect
from mailer.admin import MessageAdmin
from mailer.models import Message

from .models import User

admin.site.site_header = "Пресс-служба: управление сайтом"
admin.site.site_title = "Пресс-служба"
admin.site.index_title = "Редакция"


class ChangelistGuard:
    """Refuses list parameters the database cannot take the way the admin refuses any bad
    filter, by reloading the list with ``?e=1``; both answered 500 before:

    - a NUL character (``?q=a%00b``, ``?status__exact=%00``): PostgreSQL takes no NUL in a
      string and psycopg raises ValueError, which the admin does not catch (an autocomplete's
      search term just loses its NULs);
    - a date-hierarchy value no date can have (``?published_at__year=1e30``): Django builds a
      ``datetime`` from it and catches ValueError but not the OverflowError of a huge number.
    """

    def changelist_view(self, request, extra_context=None):
        texts = [key + "".join(values) for key, values in request.GET.lists()]
        if any("\x00" in text for text in texts):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        if self.date_hierarchy:
            for part in ("year", "month", "day"):
                value = request.GET.get(f"{self.date_hierarchy}__{part}")
                if value is not None and not (value.isascii() and value.isdigit()
                                              and len(value) <= 4):  # fmt: skip
                    return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of related fields searches here too, with no list to reload.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


@admin.register(User)
class StaffUserAdmin(ChangelistGuard, UserAdmin):
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]


class QueuedMessageAdmin(MessageAdmin):
    """django-mailer's queue without its «send now» action, which talks to SMTP in the admin's
    request: the mail worker alone sends (docs/decisions/0005-mail-queue.md)."""

    actions = []


admin.site.unregister(Message)
admin.site.register(Message, QueuedMessageAdmin)
