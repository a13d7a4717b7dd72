"""A journalist in the photo bank: finds the photos of a region, reads the rule and the credit
beside a photo, downloads its original and gets the full resolution without EXIF or GPS."""

import io

import pytest
from PIL import ExifTags, Image, ImageOps

from tests.e2e.conftest import screenshots
from tests.factories import ArticleFactory, PhotoFactory, region
from tests.images import GPS_IFD, assert_no_metadata, phone_jpeg, upload

pytestmark = pytest.mark.e2e


def test_journalist_downloads_a_full_resolution_original_without_gps(session, site_db, tmp_path):
    phone = phone_jpeg(2400, 1600)  # GPS, camera, XMP; stored sideways with Orientation 6
    original = Image.open(io.BytesIO(phone))
    assert original.getexif().get_ifd(GPS_IFD)  # the upload does carry coordinates
    bridge = ArticleFactory(title="Новый мост через Волгу открыт для движения",
                            regions=[region("ulyanovskaya-oblast")])  # fmt: skip
    PhotoFactory(article=bridge, image=upload(phone), caption="Первые машины на мосту",
                 credit="Анна Смирнова", alt="Машины едут по новому мосту над рекой")  # fmt: skip
    PhotoFactory(article=ArticleFactory(regions=[region("tulskaya-oblast")]),
                 caption="Тульский кремль зимой")  # fmt: skip
    page = session.page

    session.goto("/")
    page.get_by_role("navigation", name="Основные разделы").get_by_role(
        "link", name="Фотобанк"
    ).click()
    page.get_by_label("Регион").select_option(label="Ульяновская область")
    page.get_by_role("button", name="Показать").click()
    cards = page.locator(".photo-card")
    assert cards.count() == 1
    card = cards.first
    assert "Первые машины на мосту. Фото: Анна Смирнова" in card.inner_text()
    assert "«Фото: Анна Смирнова»" in card.locator(".photo-card__rule").inner_text()
    assert "JPEG, 1600 × 2400 точек" in card.inner_text()
    screenshots(page, "photobank")

    with page.expect_download() as info:
        card.get_by_role("link", name="Скачать оригинал").click()
    download = info.value
    assert download.suggested_filename == f"{bridge.slug}-foto-{bridge.photos.get().pk}.jpg"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    got = Image.open(io.BytesIO(data))
    assert got.size == ImageOps.exif_transpose(original).size == (1600, 2400)
    assert not got.getexif().get_ifd(GPS_IFD)
    assert ExifTags.Base.GPSInfo not in got.getexif()
    assert_no_metadata(got, data)
    assert session.outside_requests() == []
    assert session.console_errors == []
