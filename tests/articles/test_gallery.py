"""The gallery: each photo opens full size, the original can be downloaded for the media, and
the caption and the credit read as two sentences (issue 13, item 12)."""

import lxml.html
import pytest

from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db


def test_gallery_photos_open_full_size_with_the_original_to_download(client):
    article = ArticleFactory()
    photo = PhotoFactory(article=article, caption="Губернатор рассказал о намерениях",
                         credit="Пресс-служба")  # fmt: skip
    page = lxml.html.fromstring(client.get(article.get_absolute_url()).content)
    item = page.xpath("//ul[@class='gallery__list']/li")[0]
    figcaption = item.xpath(".//figcaption")[0]
    credit_part = figcaption.xpath(".//span[@class='credit']")[0]
    caption = " ".join(f"{figcaption.text or ''}{credit_part.text_content()}".split())
    assert caption == "Губернатор рассказал о намерениях. Фото: Пресс-служба"
    links = {link.get("href"): link for link in item.xpath(".//a")}
    assert photo.image_1200_jpeg.url in links  # the photo itself opens the large copy
    original = links[photo.image.url]
    assert original.get("download") is not None
    assert "оригинал" in original.text_content()
