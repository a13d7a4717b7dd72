from django.contrib import admin
from django.utils import timezone

from toolkit.guards import ChangelistGuard

from .models import Event


@admin.register(Event)
class EventAdmin(ChangelistGuard, admin.ModelAdmin):
    """Announcements; who may touch them is the roles' business (pressoffice/roles.py)."""

    # The place and the report are on each announcement's page: with them the list ran past
    # a 1366 px screen beside its filters.
    list_display = ["title", "starts_at", "accreditation_required", "is_upcoming"]
    list_filter = ["accreditation_required", ("regions", admin.RelatedOnlyFieldListFilter),
                   "starts_at"]  # fmt: skip
    search_fields = ["title", "place", "address", "participants"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["people", "regions", "report"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "starts_at", "ends_at", "place", "address",
                           "description"]}),
        ("Участники", {"fields": ["participants", "people"]}),
        ("Для СМИ", {"fields": ["accreditation_required", "accreditation_note"]}),
        ("Рубрики", {"fields": ["regions"]}),
        ("После события", {"fields": ["report"]}),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("description", "participants"):
            field.widget.attrs["rows"] = 5 if db_field.name == "description" else 3
        return field

    class Media:
        css = {"all": ["admin/css/pressoffice-admin.css"]}

    @admin.display(description="впереди", boolean=True)
    def is_upcoming(self, obj):
        return obj.ends_at > timezone.now()
