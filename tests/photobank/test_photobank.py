"""The photo bank: the photos of published articles only, newest first, filtered by region and
date, each with its caption, credit and rule; the originals at full resolution, never with
EXIF or GPS; bad input answered in Russian, never a 500 (issue 17)."""

import datetime
import io

import lxml.html
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image, ImageOps

from articles.models import Article, Photo
from tests.factories import ArticleFactory, CoveredArticleFactory, PhotoFactory, region
from tests.images import assert_no_metadata, assert_upright, phone_jpeg, upload

pytestmark = pytest.mark.django_db
BANK = "/photobank/"


def cards(client, url=BANK):
    response = client.get(url)
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    return page, page.xpath("//li[@class='photo-card']")


def downloads(card_list):
    return [card.xpath(".//a[@download]")[0].get("href") for card in card_list]


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def test_bank_holds_covers_and_galleries_of_published_articles_only_newest_first(client):
    older = CoveredArticleFactory(published_at=ago(days=2))
    newer = ArticleFactory(published_at=ago(hours=1))
    first, second = PhotoFactory(article=newer, position=2), PhotoFactory(article=newer, position=1)
    for hidden in (
        ArticleFactory(status=Article.Status.DRAFT, published_at=None),
        ArticleFactory(status=Article.Status.REVIEW, published_at=None),
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1)),  # scheduled
        ArticleFactory(status=Article.Status.WITHDRAWN),
    ):
        PhotoFactory(article=hidden)
    _, found = cards(client)
    assert downloads(found) == [
        f"/photobank/photo/{second.pk}/original/",
        f"/photobank/photo/{first.pk}/original/",
        f"/photobank/cover/{older.pk}/original/",
    ]


def test_each_photo_has_its_caption_credit_rule_source_and_original(client, settings):
    article = ArticleFactory(title="Открыт новый мост через Волгу")
    photo = PhotoFactory(article=article, caption="Мост на рассвете", credit="Иван Петров",
                         image=upload(phone_jpeg(2400, 1600)))  # fmt: skip
    page, (card,) = cards(client)
    text = " ".join(card.text_content().split())
    assert "Мост на рассвете. Фото: Иван Петров" in text
    assert "При публикации укажите: «Фото: Иван Петров» и ссылку на сайт." in text
    assert "JPEG, 1600 × 2400 точек" in text  # the upright original, not a rendition
    assert card.xpath(".//img")[0].get("alt") == photo.alt
    assert card.xpath(".//a[text()='Открыт новый мост через Волгу']/@href") == [
        article.get_absolute_url()
    ]
    link = card.xpath(".//a[@download]")[0]
    assert link.get("download") == f"{article.slug}-foto-{photo.pk}.jpg"
    rule = page.xpath("//section[contains(@class, 'photobank__rule')]")[0].text_content()
    assert settings.PHOTOBANK_RULE in rule


def test_original_is_full_resolution_upright_and_without_metadata(client):
    phone = phone_jpeg(3000, 2000)  # GPS, camera, XMP, a comment; stored sideways
    photo = PhotoFactory(image=upload(phone))
    response = client.get(f"/photobank/photo/{photo.pk}/original/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{photo.article.slug}-foto-{photo.pk}.jpg"'
    )
    data = b"".join(response.streaming_content)
    image = Image.open(io.BytesIO(data))
    original = ImageOps.exif_transpose(Image.open(io.BytesIO(phone)))
    assert image.size == original.size == (2000, 3000)
    assert_no_metadata(image, data)
    assert_upright(image)


def test_a_stored_file_that_still_carries_gps_is_cleaned_on_the_way_out(client):
    """A file put into the storage by other means than an upload (a restore of an old backup,
    a hand copy) keeps its EXIF: the download cleans it anyway, at full size."""
    photo = PhotoFactory()
    name = default_storage.save("photos/raw/phone.jpg", io.BytesIO(phone_jpeg(1600, 900)))
    Photo.objects.filter(pk=photo.pk).update(image=name)
    response = client.get(f"/photobank/photo/{photo.pk}/original/")
    data = b"".join(response.streaming_content)
    image = Image.open(io.BytesIO(data))
    assert image.size == (900, 1600)
    assert_no_metadata(image, data)


def test_cover_original_is_downloadable(client):
    article = CoveredArticleFactory()
    response = client.get(f"/photobank/cover/{article.pk}/original/")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1600, 900)
    assert f'filename="{article.slug}-glavnoe-foto.jpg"' in response["Content-Disposition"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.WITHDRAWN])
def test_originals_of_articles_not_public_are_not_found(client, status):
    article = CoveredArticleFactory(status=status, published_at=ago(hours=1))
    photo = PhotoFactory(article=article)
    assert client.get(f"/photobank/photo/{photo.pk}/original/").status_code == 404
    assert client.get(f"/photobank/cover/{article.pk}/original/").status_code == 404


def test_unknown_kinds_missing_and_broken_files_are_not_found(client):
    photo = PhotoFactory()
    assert client.get(f"/photobank/portrait/{photo.pk}/original/").status_code == 404
    assert client.get("/photobank/photo/999999/original/").status_code == 404
    Photo.objects.filter(pk=photo.pk).update(image="photos/gone.jpg")
    assert client.get(f"/photobank/photo/{photo.pk}/original/").status_code == 404
    name = default_storage.save("photos/broken.jpg", io.BytesIO(b"<html>not a photo</html>"))
    Photo.objects.filter(pk=photo.pk).update(image=name)
    assert client.get(f"/photobank/photo/{photo.pk}/original/").status_code == 404
    # The list still shows the photo, without the size it cannot read.
    _, (card,) = cards(client)
    assert "точек" not in card.text_content()


def test_region_filter_takes_a_district_with_its_subjects(client):
    ulyanovsk = PhotoFactory(article=ArticleFactory(regions=[region("ulyanovskaya-oblast")]))
    tula = PhotoFactory(article=ArticleFactory(regions=[region("tulskaya-oblast")]))
    PhotoFactory(article=ArticleFactory())  # no region
    _, found = cards(client, f"{BANK}?region=ulyanovskaya-oblast")
    assert downloads(found) == [f"/photobank/photo/{ulyanovsk.pk}/original/"]
    _, found = cards(client, f"{BANK}?region=privolzhsky-federalny-okrug")
    assert downloads(found) == [f"/photobank/photo/{ulyanovsk.pk}/original/"]
    _, found = cards(client, f"{BANK}?region=tsentralny-federalny-okrug")
    assert downloads(found) == [f"/photobank/photo/{tula.pk}/original/"]


def test_date_filter_takes_the_days_of_publication(client):
    day = timezone.localtime(ago(days=10)).replace(hour=12)
    then = PhotoFactory(article=ArticleFactory(published_at=day))
    PhotoFactory(article=ArticleFactory(published_at=day - datetime.timedelta(days=3)))
    PhotoFactory(article=ArticleFactory())
    iso = day.date().isoformat()
    _, found = cards(client, f"{BANK}?date_from={iso}&date_to={iso}")
    assert downloads(found) == [f"/photobank/photo/{then.pk}/original/"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=вчера", "Введите правильную дату. Фильтр не применён."),
        ("date_from=2026-12-05&date_to=2026-12-01",
         "Эта дата раньше начальной: поменяйте даты местами. Фильтр не применён."),
        ("region=atlantida", "нет среди допустимых значений. Фильтр не применён."),
    ],
)  # fmt: skip
def test_bad_filters_are_explained_in_russian_and_leave_the_list_as_it_is(client, query, message):
    photo = PhotoFactory()
    page, found = cards(client, f"{BANK}?{query}")
    errors = " ".join(page.xpath("//p[@class='field__error']/text()"))
    assert message in errors
    assert downloads(found) == [f"/photobank/photo/{photo.pk}/original/"]


def test_pages_keep_the_filters_and_a_page_past_the_end_is_not_found(client, settings):
    settings.PHOTOBANK_PER_PAGE = 2
    tagged = ArticleFactory(regions=[region("ulyanovskaya-oblast")])
    for _ in range(3):
        PhotoFactory(article=tagged)
    PhotoFactory(article=ArticleFactory())
    page, found = cards(client, f"{BANK}?region=ulyanovskaya-oblast")
    assert len(found) == 2
    assert page.xpath("//a[@rel='next']/@href") == ["?region=ulyanovskaya-oblast&page=2"]
    _, found = cards(client, f"{BANK}?region=ulyanovskaya-oblast&page=2")
    assert len(found) == 1
    assert client.get(f"{BANK}?page=9").status_code == 404
    assert client.get(f"{BANK}?page=abc").status_code == 404


def test_empty_bank_says_so(client):
    page, found = cards(client)
    assert found == []
    assert "Фотографий пока нет." in page.text_content()


def count_queries(client, url):
    client.get(url)  # the filters' choices are built once per version of the data
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [BANK, f"{BANK}?region=privolzhsky-federalny-okrug"])
def test_bank_runs_the_same_queries_for_one_photo_and_for_a_full_page(client, url):
    """Guards an N+1 over the photos' articles, their regions or the originals' sizes."""
    tagged = [region("ulyanovskaya-oblast")]
    PhotoFactory(article=CoveredArticleFactory(regions=tagged))
    one = count_queries(client, url)
    for _ in range(12):
        article = CoveredArticleFactory(regions=tagged)
        PhotoFactory(article=article)
        PhotoFactory(article=article)
    many = count_queries(client, url)
    assert one == many == 5  # count, page, photos, articles, their regions
