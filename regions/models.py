from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When

from toolkit.templatetags.urls import address_of


def _itself_and_below(field, value):
    """The region whose ``field`` is ``value``, its children and theirs: what its page covers."""
    return (
        Q(**{field: value})
        | Q(**{f"parent__{field}": value})
        | Q(**{f"parent__parent__{field}": value})
    )


class RegionQuerySet(models.QuerySet):
    def districts(self):
        return self.filter(kind=Region.Kind.DISTRICT)

    def subjects(self):
        return self.filter(kind=Region.Kind.SUBJECT)

    def municipalities(self):
        return self.filter(kind=Region.Kind.MUNICIPALITY)

    def covered_by(self, region):
        """The regions whose news ``region``'s page shows: itself, the regions below it and
        theirs (a district's subjects and their municipalities, a subject's municipalities)."""
        return self.filter(_itself_and_below("pk", region.pk))

    def named_with_those_below(self, slug):
        """The region ``slug`` names (with its parent) and the ids of the regions its page
        covers (``Region.with_subjects()``), in one query; ``(None, [])`` if there is none."""
        found = list(self.select_related("parent").filter(_itself_and_below("slug", slug)))
        region = next((region for region in found if region.slug == slug), None)
        return region, [region.pk for region in found] if region else []

    def with_news(self, articles):
        """Regions whose page lists one of ``articles`` (the public ones, as the caller
        defines them): tagged itself, or a region below it is. One EXISTS each."""
        tagged = Region.articles.through.objects.filter(article__in=articles)
        return self.filter(
            Exists(tagged.filter(region=OuterRef("pk")))
            | Exists(tagged.filter(region__parent=OuterRef("pk")))
            | Exists(tagged.filter(region__parent__parent=OuterRef("pk")))
        )

    def office_first(self, office=None):
        """Ordered as the press office reads them: its own subject (settings
        PRESS_OFFICE_REGION, an ISO code or a slug), then its municipalities, then the rest."""
        office = office or settings.PRESS_OFFICE_REGION
        own = Q(code=office) | Q(slug=office)
        below = Q(parent__code=office) | Q(parent__slug=office)
        rank = Case(When(own, then=Value(0)), When(below, then=Value(1)), default=Value(2))
        return self.alias(office_rank=rank).order_by("office_rank", "position", "name")

    def for_lists(self, articles, office=None):
        """The regions list: the office's subject, then the federal districts, each with the
        regions below it in ``listed`` (the office's municipalities, a district's subjects);
        only regions with news among ``articles``, in two queries."""
        office = office or settings.PRESS_OFFICE_REGION
        with_news = self.with_news(articles)
        below = Prefetch(
            "subjects", queryset=with_news.order_by("position", "name"), to_attr="listed"
        )
        heads = Q(kind=Region.Kind.DISTRICT) | Q(code=office) | Q(slug=office)
        return with_news.filter(heads).office_first(office).prefetch_related(below)


class Region(models.Model):
    """A federal district, a federal subject of Russia, or a municipality of a subject."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "федеральный округ"
        SUBJECT = "subject", "субъект федерации"
        MUNICIPALITY = "municipality", "муниципальное образование"

    # The kind a region's parent must be.
    PARENT_KIND = {Kind.SUBJECT: Kind.DISTRICT, Kind.MUNICIPALITY: Kind.SUBJECT}

    name = models.CharField("название", max_length=150, unique=True)
    name_genitive = models.CharField(
        "название в родительном падеже",
        max_length=150,
        help_text="Для заголовков вида «Новости Тульской области».",
    )
    short_name = models.CharField(
        "сокращение", max_length=20, blank=True, help_text="Например, «ПФО» для округа."
    )
    kind = models.CharField("вид", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="входит в",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subjects",
        limit_choices_to={"kind__in": [Kind.DISTRICT, Kind.SUBJECT]},
        help_text="Для субъекта — его федеральный округ, для муниципального образования — "
        "его субъект. У округа пусто.",
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
                | models.Q(kind__in=["subject", "municipality"], parent__isnull=False),
                violation_error_message="У субъекта и муниципального образования должен быть "
                "регион, в который они входят, у округа — нет.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address_of("regions:region-detail", "slug")(self.slug)  # one reverse() per process

    def clean(self):
        wanted = self.PARENT_KIND.get(self.kind)
        if wanted and self.parent is not None and self.parent.kind != wanted:
            raise ValidationError(
                {"parent": f"Здесь нужен {self.Kind(wanted).label}, а не «{self.parent}»."}
            )

    @property
    def is_district(self):
        return self.kind == self.Kind.DISTRICT

    @property
    def is_municipality(self):
        return self.kind == self.Kind.MUNICIPALITY

    def with_subjects(self):
        """Ids of this region and of those below it (a district's subjects and their
        municipalities, a subject's municipalities): whose news its page shows."""
        if self.is_municipality:
            return [self.pk]
        return list(Region.objects.covered_by(self).values_list("pk", flat=True))
