"""What the photo bank holds: every photo of a published article, its cover and its gallery,
newest first; each with the caption, the credit and the original to download.

The photos are the articles' own (``Article.cover``, ``Photo``): the bank is a way of reading
them, so whatever makes an article public, or not, makes its photos so.
"""

from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePosixPath

from django.db.models import CharField, F, IntegerField, Value
from django.urls import reverse

from articles.models import Article, Photo
from toolkit.images import stored_facts

COVER, GALLERY = "cover", "photo"
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
FORMAT_NAMES = {".jpg": "JPEG", ".png": "PNG", ".webp": "WebP"}


@dataclass(frozen=True)
class BankPhoto:
    """One photo of the bank: an article's cover or one photo of its gallery."""

    kind: str
    pk: int  # the article's for a cover, the Photo's for a gallery photo
    article: Article
    image: object  # the FieldFile of the cleaned original
    alt: str
    caption: str
    credit: str

    @classmethod
    def of_cover(cls, article):
        return cls(COVER, article.pk, article, article.cover, article.cover_alt,
                   article.cover_caption, article.cover_credit)  # fmt: skip

    @classmethod
    def of_photo(cls, photo):
        return cls(GALLERY, photo.pk, photo.article, photo.image, photo.alt, photo.caption,
                   photo.credit)  # fmt: skip

    @property
    def extension(self):
        return PurePosixPath(self.image.name).suffix.lower()

    @property
    def format_name(self):
        return FORMAT_NAMES.get(self.extension, self.extension.lstrip(".").upper())

    @property
    def content_type(self):
        return CONTENT_TYPES.get(self.extension, "application/octet-stream")

    @cached_property
    def facts(self):
        """``{"width", "height", "bytes"}`` of the original; None if it cannot be read."""
        return facts_of([self])[self.image.name]

    def get_download_url(self):
        return reverse("photobank:download", kwargs={"kind": self.kind, "pk": self.pk})

    def download_name(self):
        """«news-slug-foto-12.jpg»: says where the photo is from, unlike the stored name."""
        which = "glavnoe-foto" if self.kind == COVER else f"foto-{self.pk}"
        return f"{self.article.slug}-{which}{self.extension}"


def rows(articles):
    """``(kind, pk, article id, published_at, position)`` of every photo of ``articles``
    (published articles, filtered), newest first; a cover before its article's gallery."""
    text, number = CharField(), IntegerField()
    columns = ("kind", "pk", "art", "at", "pos")
    covers = (
        articles.exclude(cover="")
        .annotate(kind=Value(COVER, text), art=F("pk"), at=F("published_at"), pos=Value(-1, number))
        .values_list(*columns)
        .order_by()  # the parts of a union are not ordered; the union is
    )
    gallery = (
        Photo.objects.filter(article__in=articles.values("pk"))
        .annotate(
            kind=Value(GALLERY, text),
            art=F("article_id"),
            at=F("article__published_at"),
            pos=F("position"),
        )
        .values_list(*columns)
        .order_by()  # the parts of a union are not ordered; the union is
    )
    return covers.union(gallery, all=True).order_by("-at", "-art", "pos", "pk")


def resolve(page_rows):
    """The BankPhotos of a page of ``rows``, in order: two queries and the articles' regions."""
    page_rows = list(page_rows)
    photo_ids = [pk for kind, pk, *_ in page_rows if kind == GALLERY]
    article_ids = {article_id for _, _, article_id, *_ in page_rows}
    articles = Article.objects.filter(pk__in=article_ids).prefetch_related("regions")
    by_pk = {article.pk: article for article in articles} if article_ids else {}
    photos = Photo.objects.filter(pk__in=photo_ids) if photo_ids else []
    photos = {photo.pk: photo for photo in photos}
    found = []
    for kind, pk, article_id, *_ in page_rows:
        article = by_pk.get(article_id)
        if article is None:
            continue
        if kind == COVER:
            found.append(BankPhoto.of_cover(article))
        elif pk in photos:
            photo = photos[pk]
            photo.article = article  # already read: no query per photo
            found.append(BankPhoto.of_photo(photo))
    if found:
        facts_of(found)
    return found


def facts_of(photos):
    """The originals' facts (toolkit.images.stored_facts) set on ``photos``, in one go."""
    found = stored_facts([photo.image for photo in photos])
    for photo in photos:
        photo.__dict__["facts"] = found[photo.image.name]
    return found


def find(kind, pk):
    """The BankPhoto ``kind`` ``pk`` if its article is public, else None."""
    published = Article.objects.published()
    if kind == COVER:
        article = published.exclude(cover="").filter(pk=pk).first()
        return BankPhoto.of_cover(article) if article else None
    if kind == GALLERY:
        photo = (
            Photo.objects.filter(pk=pk, article__in=published.values("pk"))
            .select_related("article")
            .first()
        )
        return BankPhoto.of_photo(photo) if photo else None
    return None
