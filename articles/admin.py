import copy

import reversion
from ckeditor.widgets import CKEditorWidget
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from reversion_compare.admin import CompareVersionAdmin

from toolkit.guards import ChangelistGuard, RevisionGuard

from . import dashboard, notifications, staging, workflow
from .admin_columns import ArticleColumns
from .admin_tools import read_only_view
from .admin_tools import urls as tool_urls
from .models import Article, Block, Photo, Topic


class BlockForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        block = self.instance
        if "person_title" in self.changed_data:
            # Typed: kept as typed. Emptied: follows the article's date again.
            block.person_title_manual = bool(cleaned.get("person_title"))
        elif "person" in self.changed_data and not block.person_title_manual:
            cleaned["person_title"] = ""  # another speaker: their own title, on save
        return cleaned

    class Meta:
        model = Block
        fields = ["position", "kind", "text", "person", "person_title", "quote"]
        # The editor lives here only: models and migrations know a plain TextField.
        widgets = {
            "text": CKEditorWidget(),
            "quote": forms.Textarea(attrs={"rows": 4}),
            "position": forms.NumberInput(attrs={"class": "vSmallIntegerField", "min": 0}),
        }


class BlockFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A published article quotes only confirmed people (see people.Person.is_confirmed)."""
        super().clean()
        if self.instance.status != Article.Status.PUBLISHED:
            return
        for form in self.forms:
            person = getattr(form, "cleaned_data", {}).get("person")
            if person and not person.is_confirmed and not form.cleaned_data.get("DELETE"):
                raise ValidationError(
                    f"«{person.short_name}» ждёт подтверждения: опубликованный материал не "
                    "может цитировать неподтверждённую персону."
                )

    def save(self, commit=True):
        """Renumber blocks 10, 20, 30… in the order the editor gave, ties kept in form order."""
        kept = [
            (form.cleaned_data.get("position") or 0, index, form)
            for index, form in enumerate(self.forms)
            if form.has_changed() or form.instance.pk
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for number, (_, _, form) in enumerate(sorted(kept, key=lambda item: item[:2]), start=1):
            moved = form.instance.position != number * 10
            form.instance.position = number * 10
            # Only a block that really moved is saved and logged as «Изменено Порядок».
            if moved and form.instance.pk and "position" not in form.changed_data:
                form.changed_data.append("position")
        return super().save(commit)


class ArticlePartInline:
    """Blocks and photos are editable exactly when their article is."""

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and workflow.may_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and workflow.may_edit(request.user, obj)


class BlockInline(ArticlePartInline, admin.StackedInline):
    model = Block
    form = BlockForm
    formset = BlockFormSet
    extra = 0
    autocomplete_fields = ["person"]
    classes = ["blocks-inline"]

    class Media:
        js = ["admin/js/block-inline.js"]
        css = {"all": ["admin/css/pressoffice-admin.css"]}


class PhotoInline(ArticlePartInline, admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["position", "image", "alt", "caption", "credit"]


@admin.register(Topic)
class TopicAdmin(ChangelistGuard, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ArticleForm(forms.ModelForm):
    """The article form, carrying when the article was last saved as the editor opened it:
    a save from a form opened before someone else's save is refused (optimistic locking).

    The token is ``updated_at``, not a counter: restoring a revision writes the old row back
    raw, and a counter would then go backwards and let a stale form through."""

    version_seen = forms.CharField(label="Версия", widget=forms.HiddenInput, required=False)
    titles_confirmed = forms.BooleanField(
        label="Подписи к цитатам проверены",
        required=False,
        help_text="Отметьте, чтобы опубликовать с подписями, введёнными вручную, даже если они "
        "не совпадают с должностью человека на дату материала.",
    )
    cover_staged = forms.CharField(label="Сохранённое фото", widget=forms.HiddenInput,
                                   required=False)  # fmt: skip
    workflow_action = None  # set per request by ArticleAdmin.get_form
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.updated_at:
            self.fields["version_seen"].initial = self.instance.updated_at.isoformat()
        if self.is_bound and "cover" in self.fields and not self.files.get("cover"):
            kept = staging.unstage(self.data.get("cover_staged") or "")
            if kept is not None:
                self.files = self.files.copy()
                self.files["cover"] = kept
                self._say_kept(kept.name)

    def _say_kept(self, name):
        text = (
            f"Выбранный файл «{name}» сохранён: выбирать его заново не нужно, достаточно "
            "исправить ошибки и сохранить."
        )
        # The bound field copies the help text when it is first made (during validation).
        self.fields["cover"].help_text = self["cover"].help_text = text

    def full_clean(self):
        super().full_clean()
        upload = self.files.get("cover") if "cover" in self.fields else None
        if self._errors and upload is not None and "cover" not in self._errors:
            token = staging.stage(upload) if not hasattr(upload, "staged_name") else (
                self.data.get("cover_staged")
            )  # fmt: skip
            self.data = self.data.copy()
            self.data["cover_staged"] = token
            self._say_kept(upload.name)

    def discard_staged(self):
        staging.discard(self.files.get("cover"))

    def clean(self):
        cleaned = super().clean()
        article = self.instance
        if article.pk:
            current = (
                Article.objects.select_for_update()
                .filter(pk=article.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
            if current and cleaned.get("version_seen") != current.isoformat():
                raise forms.ValidationError(
                    "Пока вы редактировали, материал сохранил другой сотрудник "
                    f"({timezone.localtime(current):%d.%m.%Y в %H:%M}). Ваш вариант не "
                    "сохранён: он остался в форме ниже. Скопируйте нужное, откройте материал "
                    "заново и перенесите правки."
                )
        if self.workflow_action:
            probe = copy.copy(article)
            for field in ("withdrawn_reason", "published_at"):
                if field in cleaned:
                    setattr(probe, field, cleaned[field])
            try:
                workflow.check(
                    self.user, probe, self.workflow_action,
                    reason=cleaned.get("withdrawn_reason") or "",
                    titles_confirmed=cleaned.get("titles_confirmed", False),
                )  # fmt: skip
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return cleaned


class UnpublishActionForm(ActionForm):
    reason = forms.CharField(label="Причина снятия или возврата", required=False)


WORKFLOW_BUTTONS = {
    "_submit": ("submit", "Отправить на проверку"),
    "_publish": ("publish", "Опубликовать"),
    "_return": ("return", "Вернуть автору"),
    "_unpublish": ("unpublish", "Снять с публикации"),
}


@admin.register(Article)
class ArticleAdmin(ArticleColumns, ChangelistGuard, RevisionGuard, CompareVersionAdmin):
    form = ArticleForm
    action_form = UnpublishActionForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    compare_template = "admin/articles/article/compare.html"
    list_display = ["title", "status_badge", "when", "cover_thumbnail", "author"]
    list_display_links = ["title"]
    # Only the regions and topics articles actually have: not a list of all 97 regions.
    list_filter = [
        "status",
        ("regions", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        "published_at",
        *dashboard.LIST_FILTERS,  # «мои материалы», «запланированные»: the dashboard's links
    ]
    list_select_related = ["author"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["regions", "topics"]
    inlines = [BlockInline, PhotoInline]
    save_on_top = True
    actions = ["publish", "unpublish", "return_to_author"]

    class Media:
        css = {"all": ["admin/css/pressoffice-admin.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "version_seen", "cover_staged"]}),
        ("Публикация", {"fields": ["status", "published_at", "comments_open", "author", "editor",
                                   "titles_confirmed"]}),
        ("Главное фото", {"fields": ["cover", "cover_alt", "cover_caption", "cover_credit"]}),
        ("Рубрики", {"fields": ["regions", "topics"]}),
        ("Снятие с публикации", {"fields": ["withdrawn_reason", "withdrawn_at"],
                                 "classes": ["collapse"]}),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        # The status moves only through the workflow buttons and actions.
        fields = ["status", "withdrawn_at", "created_at", "updated_at", "editor"]
        if not workflow.may_publish(request.user):
            fields += ["published_at", "author", "withdrawn_reason", "comments_open"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        action = next(
            (WORKFLOW_BUTTONS[key][0] for key in WORKFLOW_BUTTONS if key in request.POST), None
        )
        return type(form.__name__, (form,), {"workflow_action": action, "user": request.user})

    def get_urls(self):
        recall = path(
            "<path:object_id>/recall/",
            self.admin_site.admin_view(self.recall_view),
            name="articles_article_recall",
        )
        return [recall, *tool_urls(self), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id))
            if (
                article is not None
                and self.has_view_permission(request, article)
                and not self.has_change_permission(request, article)
            ):
                return read_only_view(self, request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    def recall_view(self, request, object_id):
        """«Забрать с проверки»: the author's own submission back to drafts (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or not workflow.may_recall(request.user, article):
            raise PermissionDenied
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment("Забран автором с проверки")
            workflow.recall(article, by=request.user)
        self.message_user(request, f"«{article.title}» снова черновик.", messages.SUCCESS)
        return redirect("admin:articles_article_change", article.pk)

    def get_queryset(self, request):
        return workflow.visible_to(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or workflow.may_edit(request.user, obj)
        )

    def has_publish_permission(self, request):
        return workflow.may_publish(request.user)

    def has_recover_permission(self, request):
        return workflow.may_publish(request.user) and super().has_recover_permission(request)

    def may_restore(self, request, obj, version):
        return workflow.may_restore(request.user, obj, version.revision)

    def view_on_site(self, obj):
        # A form sent back with errors carries the slug as typed, perhaps empty: the preview,
        # addressed by id, always answers.
        return obj.get_absolute_url() if obj.is_public and obj.slug else obj.get_preview_url()

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        if form.workflow_action:
            workflow.apply(
                obj, form.workflow_action, by=request.user,
                reason=form.cleaned_data.get("withdrawn_reason") or "",
            )  # fmt: skip
        super().save_model(request, obj, form, change)
        form.discard_staged()
        if form.workflow_action:  # the mail, in the form's transaction (changeform_view's)
            notifications.announce(obj, form.workflow_action, request=request,
                                   reason=request.POST.get("reason", ""))  # fmt: skip

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_signatures(force=form.workflow_action == "publish")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        buttons = []
        probe = obj or Article(author=request.user)
        for key, (action, label) in WORKFLOW_BUTTONS.items():
            try:
                workflow.check(request.user, probe, action, reason="-")
            except ValidationError:
                continue
            buttons.append((key, label))
        context["workflow_buttons"] = buttons
        context["may_recall"] = obj is not None and workflow.may_recall(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _bulk(self, request, queryset, action, done):
        reason = request.POST.get("reason", "")
        moved, refused = 0, []
        for article in queryset:
            try:
                notifications.transition(article, action, request=request, reason=reason)
                moved += 1
            except ValidationError as error:
                refused.append(f"«{article.title}»: {' '.join(error.messages)}")
        if moved:
            self.message_user(request, f"{done}: {moved}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description="Опубликовать", permissions=["publish"])
    def publish(self, request, queryset):
        self._bulk(request, queryset, "publish", "Опубликовано материалов")

    @admin.action(description="Снять с публикации (укажите причину)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk(request, queryset, "unpublish", "Снято с публикации")

    @admin.action(description="Вернуть автору", permissions=["publish"])
    def return_to_author(self, request, queryset):
        self._bulk(request, queryset, "return", "Возвращено авторам")
