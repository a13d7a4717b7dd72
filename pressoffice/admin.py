from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.http import HttpResponseRedirect
from django.urls import reverse

from toolkit.guards import ChangelistGuard

from .models import User

admin.site.site_header = "Пресс-служба: управление сайтом"
admin.site.site_title = "Пресс-служба"
admin.site.index_title = "Редакция"


class StaffPasswordForm(AdminPasswordChangeForm):
    # Django appends this warning as an English literal no translation reaches.
    usable_password_help_text = SetUnusablePasswordMixin.usable_password_help_text + (
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "Если выключить, текущий пароль пользователя будет утрачен.</li></ul>"
    )


@admin.register(User)
class StaffUserAdmin(ChangelistGuard, UserAdmin):
    change_password_form = StaffPasswordForm
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]


def _russian_third_party_admins():  # StaffAdminConfig.ready calls it once all are registered
    """Third-party admins in Russian, where their labels are English literals no translation
    reaches: django-otp's TOTP devices (for the superuser who resets a lost phone), the status
    column of django-axes, and django-mailer's queue (read-only, see QueuedMessageAdmin)."""
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice

    sections = {"Identity": "Устройство", "Timestamps": "Использование",
                "Configuration": "Настройка", "State": "Состояние",
                "Throttling": "Защита от перебора"}  # fmt: skip
    labels = {
        "user": ("Сотрудник", "Чьё это устройство."),
        "name": ("Название", "Например, «Телефон»."),
        "confirmed": ("Подтверждено", "Сотрудник ввёл с него верный код."),
        "key": ("Ключ", "Секрет в шестнадцатеричной записи, до 40 байт."),
        "step": ("Шаг, с", "Сколько секунд действует один код."),
        "t0": ("Начало отсчёта", "Время Unix, с которого считаются шаги."),
        "digits": ("Цифр в коде", ""),
        "tolerance": ("Допуск, шагов", "На сколько шагов назад или вперёд принимается код."),
        "drift": ("Расхождение часов, шагов", "Насколько часы телефона спешат или отстают."),
        "throttling_failure_timestamp": ("Последняя неудача", "Пусто, если последний код верен."),
        "throttling_failure_count": ("Неудач подряд", ""),
        "created_at": ("Добавлено", ""),
        "last_used_at": ("Последний вход", ""),
    }

    class RussianTOTPDeviceAdmin(TOTPDeviceAdmin):
        list_display = ["owner", "device_name", "added", "last_used", "is_confirmed"]
        list_filter = []
        search_help_text = "Поиск по имени пользователя или адресу почты."
        readonly_fields = ["added", "last_used"]
        count_noun = "устройство"  # the paginator's noun (templates/admin/pagination.html)

        def get_fieldsets(self, request, obj=None):
            shown = {"created_at": "added", "last_used_at": "last_used"}
            return [
                (sections.get(title, title),
                 {**options, "fields": [shown.get(f, f) for f in options["fields"]]})
                for title, options in super().get_fieldsets(request, obj)
            ]  # fmt: skip

        def get_form(self, request, obj=None, change=False, **kwargs):
            form = super().get_form(request, obj, change=change, **kwargs)
            for name, (label, help_text) in labels.items():
                if name in form.base_fields:
                    form.base_fields[name].label = label
                    form.base_fields[name].help_text = help_text
            return form

        def label_for_field(self, name):
            return labels.get(name, (name, ""))[0]

        @admin.display(description="сотрудник", ordering="user__username")
        def owner(self, device):
            return device.user

        @admin.display(description="название", ordering="name")
        def device_name(self, device):
            return device.name

        @admin.display(description="добавлено", ordering="created_at")
        def added(self, device):
            return device.created_at

        @admin.display(description="последний вход", ordering="last_used_at")
        def last_used(self, device):
            return device.last_used_at

        @admin.display(description="подтверждено", boolean=True, ordering="confirmed")
        def is_confirmed(self, device):
            return device.confirmed

    admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, RussianTOTPDeviceAdmin)

    from axes.admin import AccessAttemptAdmin
    from axes.models import AccessAttempt

    class RussianAccessAttemptAdmin(AccessAttemptAdmin):
        @admin.display(description="состояние")
        def status(self, attempt):
            return super().status(attempt)

    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, RussianAccessAttemptAdmin)
    # The browser's whole User-Agent string in a column pushed the lists past 1366 px; it
    # stays on each record's page.
    for model in list(admin.site._registry):
        if model._meta.app_label == "axes":
            model_admin = admin.site._registry[model]
            model_admin.list_display = [n for n in model_admin.list_display if n != "user_agent"]

    from django_otp.plugins.otp_totp.models import TOTPDevice as Device
    from mailer.models import Message as QueuedMessage

    # Their models' own names are English literals (the nav sidebar and breadcrumbs show them).
    Device._meta.verbose_name = "устройство TOTP"
    Device._meta.verbose_name_plural = "устройства TOTP"
    QueuedMessage._meta.verbose_name, QueuedMessage._meta.verbose_name_plural = "письмо", "письма"

    from mailer.models import DontSendEntry, Message, MessageLog

    for model in (Message, DontSendEntry, MessageLog):
        admin.site.unregister(model)
    admin.site.register(Message, QueuedMessageAdmin)


class QueuedMessageAdmin(admin.ModelAdmin):
    """The mail queue, read-only and in Russian, for a superuser asking whether notifications
    are stuck. django-mailer's own admin has English labels and a «send now» action that talks
    to SMTP in the admin's request: the mail worker alone sends
    (docs/decisions/0005-mail-queue.md); `manage.py retry_deferred` retries."""

    list_display = ["recipients", "subject_line", "queued", "attempts"]
    fields = ["recipients", "subject_line", "queued", "attempts", "body"]
    readonly_fields = fields
    count_noun = "письмо"
    actions = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def response_delete(self, request, obj_display, obj_id):
        super().response_delete(request, obj_display, obj_id)  # its message
        return HttpResponseRedirect(reverse("admin:mailer_message_changelist"))

    @admin.display(description="кому")
    def recipients(self, message):
        return ", ".join(message.to_addresses)

    @admin.display(description="тема")
    def subject_line(self, message):
        return message.subject

    @admin.display(description="в очереди с", ordering="when_added")
    def queued(self, message):
        return message.when_added

    @admin.display(description="попыток", ordering="retry_count")
    def attempts(self, message):
        return message.retry_count

    @admin.display(description="текст")
    def body(self, message):
        email = message.email
        return email.body if email else "—"
