"""Mixins that hold a ModelAdmin to rules the stock admin and django-reversion leave open."""

from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404


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


class RevisionGuard:
    """django-reversion's and reversion-compare's views held to the ModelAdmin's own rules.

    Upstream, the revision view writes the old version back first and then runs the change
    view, keeping the write whenever that view answers with a redirect, which it also does for
    an object the user may not see; the recover views ask only for model-level rights, and the
    compare view asks for none. Here every one of them first finds the object through
    ``get_queryset`` and the object-level permissions, as the change view does, and a restore
    must pass ``may_restore``, which a ModelAdmin narrows.
    """

    def _permitted_object(self, request, object_id, *, change):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("Нет такого объекта, или он вам недоступен.")
        if change and not self.has_change_permission(request, obj):
            raise PermissionDenied
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def may_restore(self, request, obj, version):
        """Whether ``version`` (its whole revision) may be written back over ``obj``
        (None when recovering a deleted object)."""
        return True

    def has_recover_permission(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def history_view(self, request, object_id, extra_context=None):
        self._permitted_object(request, object_id, change=False)
        return super().history_view(request, object_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._permitted_object(request, object_id, change=False)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        from reversion.models import Version

        posting = request.method == "POST"
        obj = self._permitted_object(request, object_id, change=posting)
        version = get_object_or_404(Version.objects.get_for_object(obj), pk=version_id)
        if posting and not self.may_restore(request, obj, version):
            raise PermissionDenied
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        from reversion.models import Version

        if not self.has_recover_permission(request):
            raise PermissionDenied
        # Only what was deleted: a version of a live object is restored through its history.
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        if request.method == "POST" and not self.may_restore(request, None, version):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
