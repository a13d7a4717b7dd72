from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from pressoffice.admin import ChangelistGuard

from .models import Appointment, Person, check_no_overlap


class AppointmentFormSet(forms.BaseInlineFormSet):
    """Refuses overlapping appointments to one title among the rows of one save."""

    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE") or form.errors:
                continue
            appointment = form.instance
            try:
                check_no_overlap(appointment, kept)
            except ValidationError as error:
                form.add_error(None, error)
                raise ValidationError(
                    "Назначения на одну должность не должны пересекаться."
                ) from None
            kept.append(appointment)


class AppointmentInline(admin.TabularInline):
    model = Appointment
    formset = AppointmentFormSet
    extra = 1
    autocomplete_fields = ["region"]
    fields = ["title", "acting", "region", "organisation", "starts_on", "ends_on"]


@admin.register(Person)
class PersonAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["full_name", "current_title", "is_confirmed", "photo_thumbnail", "updated_at"]
    list_filter = ["is_confirmed"]
    search_fields = ["last_name", "first_name", "patronymic", "appointments__title"]
    inlines = [AppointmentInline]
    actions = ["confirm"]
    fieldsets = [
        (None, {"fields": ["last_name", "first_name", "patronymic", "slug", "is_confirmed"]}),
        ("Фотография", {"fields": ["photo", "photo_alt"]}),
        (None, {"fields": ["biography"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("appointments")

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    @admin.action(description="Подтвердить: имя и должность проверены", permissions=["change"])
    def confirm(self, request, queryset):
        confirmed = 0
        for person in queryset.filter(is_confirmed=False):
            person.is_confirmed = True
            person.save()  # a save, not update(): the page cache hears of it
            confirmed += 1
        self.message_user(request, f"Подтверждено персон: {confirmed}.", messages.SUCCESS)

    @admin.display(description="ФИО", ordering="last_name")
    def full_name(self, person):
        return person.full_name

    @admin.display(description="должность сейчас")
    def current_title(self, person):
        return person.title_on(timezone.localdate()) or "—"

    @admin.display(description="фото")
    def photo_thumbnail(self, person):
        if not person.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="48" height="48" class="admin-thumb">', person.photo.url
        )
