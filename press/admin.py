"""The media section in the admin: contacts, hours, the rules, the official channels, and the
press officers' queue of accreditation requests (who may see it: pressoffice/roles.py)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse

from toolkit.guards import ChangelistGuard

from .accreditation import answer
from .models import AccreditationRequest, Channel, Contact, OfficeHours, RepublicationRules

Status = AccreditationRequest.Status


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "phone", "email", "position"]
    search_fields = ["name", "role", "email"]


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_day", "last_day", "opens", "closes"]
    ordering = ["first_day"]  # one key: no sort-priority numbers beside the column titles


@admin.register(RepublicationRules)
class RepublicationRulesAdmin(admin.ModelAdmin):
    """One text, made by a migration: the list opens it; nobody adds or deletes another."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        # Made by the migration; made again (empty, to be written) if it ever went missing.
        RepublicationRules.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:press_republicationrules_change", args=[1]))


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["kind", "url", "position"]
    ordering = ["position"]  # one key: no sort-priority numbers beside the column titles
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ReplyActionForm(ActionForm):
    reply = forms.CharField(
        label="Текст ответа (необязательно)",
        required=False,
        max_length=2000,
    )


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on the new requests; «все» shows every status."""

    title = "статус"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(Status.NEW, "новые"), (Status.APPROVED, "одобренные"),
                (Status.REFUSED, "отклонённые"), ("all", "все")]  # fmt: skip

    def choices(self, changelist):
        current = self.value() or Status.NEW
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Status.NEW
        return queryset.filter(status=value) if value in Status.values else queryset


class AnswerForm(forms.ModelForm):
    class Meta:
        model = AccreditationRequest
        fields = ["status", "reply"]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.status != Status.NEW and status != self.instance.status:
            raise forms.ValidationError("Решение по заявке уже принято и отправлено журналисту.")
        return status


@admin.register(AccreditationRequest)
class AccreditationRequestAdmin(ChangelistGuard, admin.ModelAdmin):
    """The queue: new requests first; approving or refusing one mails the journalist."""

    # The addresses and phones are on each request's page: the list fits the screen and shows
    # no more personal data than the choice needs.
    list_display = ["created_at", "status", "outlet", "name", "event"]
    list_display_links = ["created_at", "outlet"]
    list_filter = [StatusFilter, "created_at"]
    search_fields = ["outlet", "name", "email", "event"]
    date_hierarchy = "created_at"
    list_select_related = ["answered_by"]
    list_per_page = 50
    action_form = ReplyActionForm
    actions = ["approve", "refuse"]
    form = AnswerForm
    details = ["outlet", "name", "email", "phone", "event", "created_at", "consent_at",
               "policy_version"]  # fmt: skip
    fieldsets = [
        ("Заявка", {"fields": details}),
        ("Решение", {"fields": ["status", "reply", "answered_at", "answered_by"],
                     "description": "Решение и текст ответа уходят журналисту письмом "
                                    "при сохранении."}),
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False  # requests come from journalists, through the site

    def get_readonly_fields(self, request, obj=None):
        answered = ["answered_at", "answered_by"]
        if obj is not None and obj.status != Status.NEW:
            return [*self.details, "status", "reply", *answered]
        return [*self.details, *answered]

    def save_model(self, request, obj, form, change):
        """A decision goes through answer(), which records it and queues the letter."""
        if form.initial.get("status") == Status.NEW and obj.status != Status.NEW:
            sent = answer(
                AccreditationRequest.objects.filter(pk=obj.pk),
                status=obj.status, staff=request.user, reply=obj.reply,
            )  # fmt: skip
            if sent:
                self.message_user(request, f"Ответ отправлен на {obj.email}.", messages.SUCCESS)
            return
        if obj.status == Status.NEW:
            obj.save(update_fields=["reply"])

    def _answer(self, request, queryset, status):
        reply = request.POST.get("reply", "")[:2000]
        count = answer(queryset, status=status, staff=request.user, reply=reply)
        skipped = queryset.count() - count
        verb = "Одобрено" if status == Status.APPROVED else "Отклонено"
        text = f"{verb} заявок: {count}; журналистам отправлены письма."
        if skipped:
            text += f" Уже рассмотренные заявки не изменены: {skipped}."
        self.message_user(request, text, messages.SUCCESS if count else messages.WARNING)

    @admin.action(description="Одобрить и отправить ответ", permissions=["change"])
    def approve(self, request, queryset):
        self._answer(request, queryset, Status.APPROVED)

    @admin.action(description="Отклонить и отправить ответ", permissions=["change"])
    def refuse(self, request, queryset):
        self._answer(request, queryset, Status.REFUSED)
