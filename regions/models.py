from django.db import models
from django.urls import reverse


class RegionQuerySet(models.QuerySet):
    def districts(self):
        return self.filter(kind=Region.Kind.DISTRICT)

    def subjects(self):
        return self.filter(kind=Region.Kind.SUBJECT)


class Region(models.Model):
    """A federal district or a federal subject of Russia."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "федеральный округ"
        SUBJECT = "subject", "субъект федерации"

    name = models.CharField("название", max_length=150, unique=True)
    name_genitive = models.CharField(
        "название в родительном падеже",
        max_length=150,
        help_text="Для заголовков вида «Новости Тульской области».",
    )
    short_name = models.CharField(
        "сокращение", max_length=20, blank=True, help_text="Например, «ПФО» для округа."
    )
    kind = models.CharField("вид", max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="федеральный округ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subjects",
        limit_choices_to={"kind": Kind.DISTRICT},
        help_text="Только для субъектов федерации.",
    )
    code = models.CharField(
        "код ISO 3166-2",
        max_length=10,
        null=True,
        blank=True,
        unique=True,
        help_text="Например, RU-ULY. Пусто, если код не присвоен.",
    )
    slug = models.SlugField("адрес", max_length=100, unique=True)
    position = models.PositiveSmallIntegerField("порядок", default=0)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "регион"
        verbose_name_plural = "регионы"
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                name="region_district_has_no_parent",
                condition=models.Q(kind="district", parent__isnull=True)
                | models.Q(kind="subject", parent__isnull=False),
                violation_error_message="У субъекта должен быть федеральный округ, у округа — нет.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region-detail", kwargs={"slug": self.slug})

    @property
    def is_district(self):
        return self.kind == self.Kind.DISTRICT

    def with_subjects(self):
        """Ids of this region and, for a district, of its subjects: whose news its page shows."""
        ids = [self.pk]
        if self.is_district:
            ids += list(self.subjects.values_list("pk", flat=True))
        return ids
