"""The article: its fields, its workflow's dates and checks, its topics and its old addresses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from people.models import Person
from toolkit.images import PublicImageField, rendition
from toolkit.templatetags.urls import address_of
from toolkit.text import unique_slug

from ..querysets import ArticleQuerySet

SLUG_MAX_LENGTH = 120


class Topic(models.Model):
    """A subject area of the news: «Машиностроение», «IT», «Авиация»."""

    name = models.CharField("название", max_length=100, unique=True)
    slug = models.SlugField(
        "адрес", max_length=100, unique=True, blank=True,
        help_text="Оставьте пустым: адрес будет составлен из названия.",
    )  # fmt: skip
    description = models.TextField("описание", blank=True)

    class Meta:
        verbose_name = "тема"
        verbose_name_plural = "темы"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address_of("articles:topic-detail", "slug")(self.slug)  # one reverse() per process


class Article(models.Model):
    """A news story: title, lead, a body of ordered blocks, photos, regions and topics."""

    class Status(models.TextChoices):
        DRAFT = "draft", "черновик"
        REVIEW = "review", "на проверке"
        PUBLISHED = "published", "опубликован"
        WITHDRAWN = "withdrawn", "снят с публикации"

    title = models.CharField("заголовок", max_length=250)
    slug = models.SlugField(
        "адрес",
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text="Оставьте пустым: адрес будет составлен из заголовка латиницей. "
        "После публикации сам не меняется.",
    )
    lead = models.TextField("лид", help_text="Первый абзац: главное в одном-двух предложениях.")
    cover = PublicImageField("главное фото", upload_to="covers/%Y/%m/", blank=True)
    cover_480_webp = rendition("cover", 480, "WEBP")
    cover_800_webp = rendition("cover", 800, "WEBP")
    cover_1200_webp = rendition("cover", 1200, "WEBP")
    cover_480_jpeg = rendition("cover", 480, "JPEG")
    cover_800_jpeg = rendition("cover", 800, "JPEG")
    cover_1200_jpeg = rendition("cover", 1200, "JPEG")
    cover_alt = models.CharField(
        "описание фото",
        max_length=250,
        blank=True,
        help_text="Что на снимке, для незрячих читателей. Обязательно, если есть фото.",
    )
    cover_caption = models.CharField(
        "подпись к фото", max_length=300, blank=True, help_text="Обязательно, если есть фото."
    )
    cover_credit = models.CharField(
        "автор фото", max_length=150, blank=True, help_text="Обязательно, если есть фото."
    )
    status = models.CharField("статус", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "время публикации",
        null=True,
        blank=True,
        help_text="Время в будущем — материал появится на сайте сам в это время.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="автор",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authored_articles",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="выпускающий редактор",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="edited_articles",
    )
    regions = models.ManyToManyField(
        "regions.Region", verbose_name="регионы", blank=True, related_name="articles"
    )
    topics = models.ManyToManyField(Topic, verbose_name="темы", blank=True, related_name="articles")
    withdrawn_reason = models.TextField(
        "причина снятия с публикации",
        blank=True,
        help_text="Читатели увидят её по адресу снятого материала.",
    )
    withdrawn_at = models.DateTimeField("снят с публикации", null=True, blank=True)
    comments_open = models.BooleanField(
        "комментарии открыты",
        default=True,
        help_text="Комментарии закрываются и сами — через установленное число дней после "
        "публикации.",
    )
    comment_count = models.PositiveIntegerField(
        "комментариев", default=0, editable=False, help_text="Одобренных; считает модерация."
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "материал"
        verbose_name_plural = "материалы"
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_article", "Может публиковать, планировать и снимать с публикации"),
        ]
        indexes = [
            # Every public list (status = published, newest first) and the admin's status
            # filter walk this in order and stop after a page; the id breaks ties as the
            # ordering does, so no sort step.
            # On PostgreSQL it carries what the sitemap lists, which then reads no table row.
            models.Index(
                fields=["status", "-published_at", "-id"],
                include=["slug", "updated_at"],
                name="article_status_newest_idx",
            ),
            # The admin's unfiltered list, newest first.
            models.Index(fields=["-published_at", "-id"], name="article_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="article_published_has_date",
                condition=~Q(status="published") | Q(published_at__isnull=False),
                violation_error_message="У опубликованного материала должно быть время публикации.",
            ),
            models.CheckConstraint(
                name="article_cover_is_described",
                condition=Q(cover="")
                | (~Q(cover_alt="") & ~Q(cover_caption="") & ~Q(cover_credit="")),
                violation_error_message="У главного фото должны быть описание, подпись и автор.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # A slug is made once, from the title; later title edits never move a published URL.
        # An editor may still change it by hand: readers' old links then redirect for good.
        if self.pk:
            previous = Article.objects.filter(pk=self.pk).values("slug", "status").first()
            if (
                previous
                and self.slug
                and previous["slug"] != self.slug
                and previous["status"] in {self.Status.PUBLISHED, self.Status.WITHDRAWN}
            ):
                SlugRedirect.objects.update_or_create(
                    old_slug=previous["slug"], defaults={"article": self}
                )
        if not self.slug:
            others_old = SlugRedirect.objects.exclude(article_id=self.pk)
            self.slug = unique_slug(
                Article, self.title, max_length=SLUG_MAX_LENGTH, exclude_pk=self.pk,
                reserved=(others_old, "old_slug"),
            )  # fmt: skip
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.published_at and self.published_at.microsecond:
            # Whole seconds, as the admin's time field posts it: otherwise the first save
            # through the admin "changes" the time, and history shows a change nobody made.
            self.published_at = self.published_at.replace(microsecond=0)
        super().save(*args, **kwargs)
        # An old address of this article is live again; another article's stays with it.
        SlugRedirect.objects.filter(old_slug=self.slug, article_id=self.pk).delete()

    def get_absolute_url(self):
        return address_of("articles:article-detail", "slug")(self.slug)  # one reverse() per process

    def get_preview_url(self):
        return reverse("articles:article-preview", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        moved = (
            SlugRedirect.objects.filter(old_slug=self.slug).exclude(article_id=self.pk)
            .select_related("article").first()
        )  # fmt: skip
        if self.slug and moved:
            raise ValidationError({"slug": (
                f"Адрес «{self.slug}» был прежним адресом материала «{moved.article.title}»: "
                "по старым ссылкам читатели попадают туда. Выберите другой адрес."
            )})  # fmt: skip
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.cover:
            errors = {}
            if not self.cover_alt.strip():
                errors["cover_alt"] = "Опишите, что на фото: это текст для незрячих читателей."
            if not self.cover_caption.strip():
                errors["cover_caption"] = "Добавьте подпись к фото."
            if not self.cover_credit.strip():
                errors["cover_credit"] = "Укажите автора фото."
            if errors:
                raise ValidationError(errors)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.published_at and not self.is_public

    def reference_date(self):
        """The date a quote's title is taken for: publication, or today for an undated draft."""
        return timezone.localdate(self.published_at) if self.published_at else timezone.localdate()

    def refresh_signatures(self, *, force=False):
        """Quote signatures nobody typed take the speaker's title on the article's date, until
        the article is public (``force``: at the moment it is published); then they stay as
        published."""
        if not force and (self.is_public or self.status == self.Status.WITHDRAWN):
            return 0
        from .block import Block  # not at the top: the models register in the order they had

        day = self.reference_date()
        changed = []
        blocks = self.blocks.filter(kind=Block.Kind.QUOTE, person_title_manual=False)
        for block in blocks.select_related("person").prefetch_related("person__appointments"):
            title = block.person.title_on(day)
            if title and title != block.person_title:
                block.person_title = title
                changed.append(block)
        Block.objects.bulk_update(changed, ["person_title"])
        return len(changed)

    def speakers_with_unverified_start(self):
        """Quoted people whose appointment start nobody has verified (made by «Вставить текст»):
        their signature may be wrong for the article's date, and an editor should check it."""
        return list(
            Person.objects.filter(
                quote_blocks__article=self, appointments__start_unverified=True
            ).distinct()
        )

    def signatures_in_doubt(self, day=None):
        """Typed signatures that are not the speaker's title on ``day`` (the article's date):
        (block, the title on that day) pairs, for the editor to confirm or correct."""
        from .block import Block

        day = day or self.reference_date()
        doubtful = []
        blocks = self.blocks.filter(kind=Block.Kind.QUOTE, person_title_manual=True)
        for block in blocks.select_related("person").prefetch_related("person__appointments"):
            title = block.person.title_on(day)
            if title and title != block.person_title:
                doubtful.append((block, title))
        return doubtful


class SlugRedirect(models.Model):
    """An address a published article had before its slug was changed: answers with a 301."""

    old_slug = models.SlugField("прежний адрес", max_length=SLUG_MAX_LENGTH, unique=True)
    article = models.ForeignKey(
        Article, verbose_name="материал", on_delete=models.CASCADE, related_name="old_slugs"
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "переадресация"
        verbose_name_plural = "переадресации"

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
