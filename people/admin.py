from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from toolkit.guards import ChangelistGuard

from .models import Appointment, Person, check_no_overlap

UNVERIFIED = "Дата назначения не уточнена"


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


class AppointmentForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if "starts_on" in self.changed_data:
            cleaned["start_unverified"] = False  # whoever typed a date has verified it
        return cleaned


class AppointmentInline(admin.TabularInline):
    model = Appointment
    form = AppointmentForm
    formset = AppointmentFormSet
    extra = 1
    autocomplete_fields = ["region"]
    fields = ["title", "acting", "region", "organisation", "starts_on", "ends_on",
              "start_unverified"]  # fmt: skip


class StartUnverifiedFilter(admin.SimpleListFilter):
    title = "дата назначения"
    parameter_name = "start_unverified"

    def lookups(self, request, model_admin):
        return [("1", "не уточнена")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(appointments__start_unverified=True).distinct()
        return queryset


@admin.register(Person)
class PersonAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["full_name", "current_title", "is_confirmed", "photo_thumbnail", "updated_at"]
    list_filter = ["is_confirmed", StartUnverifiedFilter]
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
        title = person.title_on(timezone.localdate()) or "—"
        if any(a.start_unverified for a in person.appointments.all()):
            return format_html('{}<br><small class="warning">{}</small>', title, UNVERIFIED)
        return title

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The card as the admin loaded it (appointments prefetched): no second fetch.
        unverified = obj and any(a.start_unverified for a in obj.appointments.all())
        if unverified and request.method == "GET":
            messages.warning(
                request,
                "Уточните дату вступления в должность: её поставила «Вставить текст» по дню "
                "вставки. Исправьте дату в строке назначения (отметка «дата не уточнена» "
                "снимется сама) и сохраните.",
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="фото")
    def photo_thumbnail(self, person):
        if not person.photo:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="48" height="48" class="admin-thumb">', person.photo.url
        )
