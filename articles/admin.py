from ckeditor.widgets import CKEditorWidget
from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html

from .models import Article, Block, Photo, Topic


class BlockForm(forms.ModelForm):
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
    def save(self, commit=True):
        """Renumber blocks 10, 20, 30… in the order the editor gave, ties kept in form order."""
        kept = [
            (form.cleaned_data.get("position") or 0, index, form)
            for index, form in enumerate(self.forms)
            if form.has_changed() or form.instance.pk
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for number, (_, _, form) in enumerate(sorted(kept, key=lambda item: item[:2]), start=1):
            form.instance.position = number * 10
            if form.instance.pk and "position" not in form.changed_data:
                form.changed_data.append("position")
        return super().save(commit)


class BlockInline(admin.StackedInline):
    model = Block
    form = BlockForm
    formset = BlockFormSet
    extra = 0
    autocomplete_fields = ["person"]
    classes = ["blocks-inline"]

    class Media:
        js = ["admin/js/block-inline.js"]
        css = {"all": ["admin/css/pressoffice-admin.css"]}


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["position", "image", "alt", "caption", "credit"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status_badge", "published_at", "cover_thumbnail", "author"]
    list_display_links = ["title"]
    list_filter = ["status", "regions", "topics", "published_at"]
    list_select_related = ["author"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["regions", "topics"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [BlockInline, PhotoInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead"]}),
        ("Публикация", {"fields": ["status", "published_at", "comments_open", "author", "editor"]}),
        ("Главное фото", {"fields": ["cover", "cover_alt", "cover_caption", "cover_credit"]}),
        ("Рубрики", {"fields": ["regions", "topics"]}),
        ("Служебное", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="статус", ordering="status")
    def status_badge(self, article):
        label = article.get_status_display()
        if article.is_scheduled:
            label = f"запланирован на {timezone.localtime(article.published_at):%d.%m.%Y %H:%M}"
        return format_html('<span class="status status-{}">{}</span>', article.status, label)

    @admin.display(description="фото")
    def cover_thumbnail(self, article):
        if not article.cover:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="80" height="45" class="admin-thumb">', article.cover.url
        )
