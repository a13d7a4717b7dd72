"""A photo of an article's gallery, with the renditions readers get."""

from django.db import models
from django.db.models import Q

from toolkit.images import PublicImageField, rendition


class Photo(models.Model):
    """A photo of an article's gallery («фоторепортаж»)."""

    article = models.ForeignKey(
        "articles.Article", verbose_name="материал", on_delete=models.CASCADE,
        related_name="photos",
    )  # fmt: skip
    image = PublicImageField("фото", upload_to="photos/%Y/%m/")
    image_480_webp = rendition("image", 480, "WEBP")
    image_800_webp = rendition("image", 800, "WEBP")
    image_1200_webp = rendition("image", 1200, "WEBP")
    image_480_jpeg = rendition("image", 480, "JPEG")
    image_800_jpeg = rendition("image", 800, "JPEG")
    image_1200_jpeg = rendition("image", 1200, "JPEG")
    alt = models.CharField(
        "описание", max_length=250, help_text="Что на снимке, для незрячих читателей."
    )
    caption = models.CharField("подпись", max_length=300, blank=True)
    credit = models.CharField("автор фото", max_length=150)
    position = models.PositiveIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "фото"
        verbose_name_plural = "фоторепортаж"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                name="photo_has_alt_and_credit",
                condition=~Q(alt="") & ~Q(credit=""),
                violation_error_message="У фото должны быть описание и автор.",
            ),
        ]

    def __str__(self):
        return self.alt
