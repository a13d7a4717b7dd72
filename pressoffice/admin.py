from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect

from .models import User

admin.site.site_header = "Пресс-служба: управление сайтом"
admin.site.site_title = "Пресс-служба"
admin.site.index_title = "Редакция"


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]


class DateHierarchyGuard:
    """Refuses a date-hierarchy value no date can have (``?published_at__year=1e30``) the way
    the admin refuses any bad filter, by reloading the list with ``?e=1``: Django builds a
    ``datetime`` from it and catches ValueError but not the OverflowError of a huge number, so
    the list answered 500."""

    def changelist_view(self, request, extra_context=None):
        if self.date_hierarchy:
            for part in ("year", "month", "day"):
                value = request.GET.get(f"{self.date_hierarchy}__{part}")
                if value is not None and not (value.isascii() and value.isdigit()
                                              and len(value) <= 4):  # fmt: skip
                    return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)
