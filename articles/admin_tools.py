"""Admin pages next to the article list: «Вставить текст» and «Проверить подписи к цитатам»."""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from people.models import Person
from recognition import paste
from regions.models import Region
from toolkit.templatetags.russian import count_of

from . import drafts
from .models import Block

PASTE_SALT = "articles.paste"  # the name of the module that signed it first; kept for old forms
PASTE_MAX_AGE = 24 * 60 * 60  # a preview left open overnight is pasted again


class PasteForm(forms.Form):
    title = forms.CharField(label="Заголовок", max_length=250)
    text = forms.CharField(
        label="Текст материала",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 20, "class": "vLargeTextField"}),
        help_text="Лид первым абзацем, затем абзацы. Цитата — три строки: «Имя ФАМИЛИЯ», "
        "должность прописными буквами, слова; или как пишут агентства: «…», — отметил "
        "губернатор …; по словам министра …, «…»; — …, — сказал он.",
    )
    document = forms.FileField(
        label="или документ Word",
        required=False,
        help_text="Файл .docx; если он выбран, текст из поля выше не используется.",
    )

    def clean(self):
        cleaned = super().clean()
        try:
            if cleaned.get("document"):
                cleaned["text"] = paste.read_docx(cleaned["document"])
            paste.read_story(cleaned.get("text") or "", cleaned.get("title") or "")
        except paste.PasteError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned


class PreviewForm(forms.Form):
    """The corrections an editor makes to what was recognised, before saving."""

    state = forms.CharField(widget=forms.HiddenInput)  # the story's text, signed
    title = forms.CharField(label="Заголовок", max_length=250)
    regions = forms.ModelMultipleChoiceField(
        label="Регионы",
        queryset=Region.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Отмечены регионы, о которых материал. Без отметки — упомянутые в нём "
        "мимоходом (откуда гости, где сделаны машины, через что идёт дорога): отметьте, если "
        "материал и о них.",
    )

    def __init__(self, *args, preview, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        shown = [region.pk for region in preview.regions + preview.mentioned]
        # The regions the story is about first, then those it mentions in passing.
        order = Case(*(When(pk=pk, then=index) for index, pk in enumerate(shown)))
        regions = Region.objects.filter(pk__in=shown)
        self.fields["regions"].queryset = regions.order_by(order) if shown else regions
        for index, item in enumerate(preview.quotes):
            self.fields[f"person_{index}"] = forms.ModelChoiceField(
                label="Кто говорит",
                queryset=Person.objects.all(),
                required=False,
                empty_label=f"новая персона: {item.quote.first_name} "
                f"{paste.last_name_as_written(item.quote.last_name)}",
                initial=item.person.pk if item.person else None,
            )
            self.fields[f"title_{index}"] = forms.CharField(
                label="Должность в подписи", max_length=250, initial=item.title
            )
            self.fields[f"since_{index}"] = forms.DateField(
                label="В должности с",
                required=False,
                widget=forms.DateInput(attrs={"class": "vDateField", "size": 10}),
                help_text="Для новой персоны: с какого дня она в этой должности (ДД.ММ.ГГГГ). "
                "Если не знаете, оставьте пустым: карточка персоны попросит уточнить дату.",
            )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for index in range(len(self.preview.quotes)):
            since = cleaned.get(f"since_{index}")
            if since and since > today:
                self.add_error(
                    f"since_{index}",
                    "Дата вступления в должность не может быть позже сегодняшнего дня: "
                    "подпись к цитате — должность на день материала.",
                )
        return cleaned

    def rows(self):
        """The story in order: paragraphs as text, quotes with their fields."""
        quotes = iter(range(len(self.preview.quotes)))
        for item in self.preview.items:
            if isinstance(item, paste.QuotePreview):
                index = next(quotes)
                yield {
                    "quote": item,
                    "person": self[f"person_{index}"],
                    "title": self[f"title_{index}"],
                    "since": self[f"since_{index}"],
                    "current_title": item.person.title_on(timezone.localdate())
                    if item.person
                    else "",
                }
            else:
                yield {"text": item}

    def speakers(self):
        return [
            drafts.Speaker(
                *(self.cleaned_data[f"{field}_{index}"] for field in ("person", "title", "since"))
            )  # fmt: skip
            for index in range(len(self.preview.quotes))
        ]


def _context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


def paste_view(model_admin, request):
    """Paste (or upload) a story, check what was recognised, save it as a draft."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    template = "admin/articles/article/paste.html"
    if request.method != "POST":
        return TemplateResponse(
            request, template, _context(model_admin, request, "Вставить текст", form=PasteForm())
        )
    if "state" not in request.POST:
        form = PasteForm(request.POST, request.FILES)
        if not form.is_valid():
            context = _context(model_admin, request, "Вставить текст", form=form)
            return TemplateResponse(request, template, context)
        text, title = form.cleaned_data["text"], form.cleaned_data["title"]
        preview = paste.build_preview(text, title=title)
        preview_form = PreviewForm(
            preview=preview,
            initial={
                "state": signing.dumps(text, salt=PASTE_SALT, compress=True),
                "title": title,
                "regions": [region.pk for region in preview.regions],
            },
        )
        return _preview_response(model_admin, request, preview_form)
    try:
        text = signing.loads(request.POST["state"], salt=PASTE_SALT, max_age=PASTE_MAX_AGE)
        preview = paste.build_preview(text, title=request.POST.get("title", ""))
    except (signing.BadSignature, paste.PasteError):
        messages.error(request, "Страница проверки устарела или повреждена. Вставьте текст заново.")
        return redirect("admin:articles_article_paste")
    preview_form = PreviewForm(request.POST, preview=preview)
    if not preview_form.is_valid():
        return _preview_response(model_admin, request, preview_form)
    article = drafts.create_draft(
        title=preview_form.cleaned_data["title"],
        story=preview.story,
        speakers=preview_form.speakers(),
        regions=preview_form.cleaned_data["regions"],
        author=request.user,
    )
    messages.success(
        request,
        f"Черновик «{article.title}» создан: {count_of(article.blocks.count(), 'блок')}. "
        "Проверьте его и добавьте фото.",
    )
    unverified = Person.objects.filter(
        appointments__start_unverified=True, quote_blocks__article=article
    ).distinct()
    if unverified:
        messages.warning(
            request,
            "У новых персон дата вступления в должность не уточнена: "
            + ", ".join(person.short_name for person in unverified)
            + ". Уточните её в карточке персоны (раздел «Персоны»), иначе при публикации "
            "подпись к цитате придётся подтвердить.",
        )
    return redirect("admin:articles_article_change", article.pk)


def _preview_response(model_admin, request, form):
    context = _context(
        model_admin, request, "Проверьте, что распознано", form=form,
        may_add_people=request.user.has_perm("people.add_person"),
    )  # fmt: skip
    return TemplateResponse(request, "admin/articles/article/paste_preview.html", context)


def stale_quote_blocks(ids=None):
    """Quote blocks, of any article, whose signature is not the person's title on the
    article's date, each with ``true_title`` set: drafts, scheduled and published alike (a
    published one keeps its signature until an editor chooses to correct it here)."""
    blocks = (
        Block.objects.filter(kind=Block.Kind.QUOTE)
        .select_related("article", "person")
        .prefetch_related("person__appointments")
        .order_by("article__title", "article_id", "position")
    )
    if ids is not None:
        blocks = blocks.filter(pk__in=ids)
    stale = []
    for block in blocks:
        # No appointment on that date: nothing true to offer, the editor decides by hand.
        block.true_title = block.person.title_on(block.article.reference_date())
        if block.true_title and block.true_title != block.person_title:
            stale.append(block)
    return stale


def titles_view(model_admin, request):
    """Quotes signed with a title the person did not hold on the article's date."""
    if not request.user.has_perm("articles.publish_article"):
        raise PermissionDenied
    if request.method == "POST":
        chosen = [value for value in request.POST.getlist("block") if value.isdigit()]
        blocks = stale_quote_blocks(ids=chosen)
        for block in blocks:
            block.person_title, block.person_title_manual = block.true_title, False
        Block.objects.bulk_update(blocks, ["person_title", "person_title_manual"])
        if blocks:
            messages.success(request, f"Подписи обновлены: {len(blocks)}.")
        else:
            messages.warning(request, "Не выбрано ни одной цитаты.")
        return redirect("admin:articles_article_titles")
    context = _context(
        model_admin, request, "Подписи к цитатам, устаревшие", blocks=stale_quote_blocks()
    )
    return TemplateResponse(request, "admin/articles/article/paste_titles.html", context)


def read_only_view(model_admin, request, article):
    """An article the user may look at but not change, shown as the article: the form's
    read-only fields showed the text blocks as raw HTML under «Блок: Текст, блок 10» headers,
    with help for fields nobody could edit."""
    from . import workflow

    blocks = article.blocks.select_related("person").order_by("position", "pk")
    context = _context(
        model_admin, request, article.title, article=article, blocks=blocks,
        photos=article.photos.all(), regions=article.regions.all(), topics=article.topics.all(),
        may_recall=workflow.may_recall(request.user, article), original=article,
        has_view_permission=True,
    )  # fmt: skip
    return TemplateResponse(request, "admin/articles/article/read_only.html", context)


def urls(model_admin):
    """The pages' URLs, for ``ArticleAdmin.get_urls``."""
    admin_view = model_admin.admin_site.admin_view
    return [
        path(
            "paste/",
            admin_view(lambda request: paste_view(model_admin, request)),
            name="articles_article_paste",
        ),
        path(
            "titles/",
            admin_view(lambda request: titles_view(model_admin, request)),
            name="articles_article_titles",
        ),
    ]
