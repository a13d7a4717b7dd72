"""A piece of an article's body: the editor's text or an official's quote, sanitized on save."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from ..sanitize import sanitize_html


class Block(models.Model):
    """One piece of an article's body, in order: a text from the editor or an official's quote."""

    class Kind(models.TextChoices):
        TEXT = "text", "текст"
        QUOTE = "quote", "цитата"

    article = models.ForeignKey(
        "articles.Article", verbose_name="материал", on_delete=models.CASCADE,
        related_name="blocks",
    )  # fmt: skip
    position = models.PositiveIntegerField("порядок", default=0)
    kind = models.CharField("вид", max_length=10, choices=Kind.choices, default=Kind.TEXT)
    text = models.TextField("текст", blank=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name="кто говорит",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quote_blocks",
    )
    person_title = models.CharField(
        "должность в подписи",
        max_length=250,
        blank=True,
        help_text="Оставьте пустым: подпись будет следовать должности человека на дату "
        "материала, пока он не опубликован, и останется такой, какой была при публикации. "
        "Подпись, введённая вручную, не меняется.",
    )
    person_title_manual = models.BooleanField(
        "подпись введена вручную",
        default=False,
        help_text="Вручную введённая подпись не следует за датой материала; при публикации "
        "её расхождение с должностью на эту дату нужно подтвердить.",
    )
    quote = models.TextField("цитата", blank=True)

    class Meta:
        verbose_name = "блок"
        verbose_name_plural = "блоки текста"
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["article", "position"], name="block_article_idx"),
            # A person's page and feed: the articles quoting them, read from the person's side.
            models.Index(fields=["person", "article"], name="block_person_article_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="block_quote_has_person",
                condition=~Q(kind="quote") | Q(person__isnull=False),
                violation_error_message="У цитаты должен быть автор.",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.QUOTE:
            return f"Цитата: {self.person}" if self.person_id else "Цитата"
        return f"Текст, блок {self.position}"

    def save(self, *args, **kwargs):
        self.text = sanitize_html(self.text)
        self.quote = self.quote.strip()
        if self.kind == self.Kind.QUOTE:
            self.text = ""
            if self.person_id and not self.person_title:
                self.person_title = self.person.title_on(self.article.reference_date())
        else:
            self.person, self.person_title, self.quote = None, "", ""
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.kind == self.Kind.QUOTE:
            errors = {}
            if not self.person_id:
                errors["person"] = "Укажите, чьи это слова."
            if not self.quote.strip():
                errors["quote"] = "Введите текст цитаты."
            if errors:
                raise ValidationError(errors)
        elif not sanitize_html(self.text):
            raise ValidationError({"text": "Блок текста пуст."})

    @property
    def is_quote(self):
        return self.kind == self.Kind.QUOTE

    def quote_paragraphs(self):
        return [line.strip() for line in self.quote.splitlines() if line.strip()]
