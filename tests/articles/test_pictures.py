"""Pages show photos as <picture>: WebP and JPEG renditions that tell the truth about their
widths, with a box reserved so nothing jumps, in a fixed number of queries."""

import datetime
import io
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    CoveredArticleFactory,
    PhotoFactory,
    PortraitPersonFactory,
    QuoteBlockFactory,
)
from tests.images import stored_files

pytestmark = pytest.mark.django_db

CARD_SIZES = "(min-width: 40rem) 16rem, calc(100vw - 2rem)"
COVER_SIZES = "(min-width: 46rem) 44rem, calc(100vw - 2rem)"


class PictureParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.pictures, self.current = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "picture":
            self.current = {"sources": [], "img": None}
            self.pictures.append(self.current)
        elif self.current is not None and tag == "source":
            self.current["sources"].append(dict(attrs))
        elif self.current is not None and tag == "img":
            self.current["img"] = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "picture":
            self.current = None


def pictures(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = PictureParser()
    parser.feed(response.content.decode())
    return parser.pictures


def candidates(srcset):
    return [(url, int(width.removesuffix("w"))) for url, width in
            (item.split() for item in srcset.split(", "))]  # fmt: skip


def stored_image(url):
    name = unquote(url).removeprefix(settings.MEDIA_URL)
    with default_storage.open(name) as file:
        return Image.open(io.BytesIO(file.read()))


def assert_truthful(picture, image_format="WEBP"):
    """Each srcset candidate is a stored file of the format and the width it claims."""
    (source,) = picture["sources"]
    assert source["type"] == "image/webp"
    for srcset, expected in ((source["srcset"], "WEBP"), (picture["img"]["srcset"], "JPEG")):
        for url, width in candidates(srcset):
            image = stored_image(url)
            assert (image.format, image.width) == (expected, width), url
    assert source["sizes"] == picture["img"]["sizes"]


def widths(srcset):
    return [width for _, width in candidates(srcset)]


def test_card_shows_the_cover_in_webp_and_jpeg_at_480_800_1200(client):
    CoveredArticleFactory()
    (picture,) = pictures(client, "/")
    assert_truthful(picture)
    img = picture["img"]
    assert widths(picture["sources"][0]["srcset"]) == widths(img["srcset"]) == [480, 800, 1200]
    assert img["src"] == candidates(img["srcset"])[1][0]  # the 800 JPEG for old browsers
    assert {key: img[key] for key in ("class", "alt", "width", "height", "sizes")} == {
        "class": "card__image", "alt": "", "width": "320", "height": "180", "sizes": CARD_SIZES,
    }  # fmt: skip
    assert (img["loading"], img["decoding"]) == ("lazy", "async")


def test_article_cover_loads_first_and_keeps_its_proportions_and_caption(client):
    article = CoveredArticleFactory()
    html = client.get(article.get_absolute_url()).content.decode()
    (picture,) = pictures(client, article.get_absolute_url())
    assert_truthful(picture)
    img = picture["img"]
    assert img["alt"] == article.cover_alt
    assert (img["width"], img["height"], img["sizes"]) == ("800", "450", COVER_SIZES)
    # The cover is what a reader sees first (the page's largest paint): not lazy.
    assert img["loading"] == "eager"
    assert f"Фото: {article.cover_credit}" in html and article.cover_caption in html


def test_gallery_never_claims_widths_its_photo_does_not_have(client):
    """PhotoFactory's photo is 800 × 450: no 1200w candidate, which would be the 800 again."""
    photo = PhotoFactory()
    (picture,) = pictures(client, photo.article.get_absolute_url())
    assert_truthful(picture)
    img = picture["img"]
    assert widths(img["srcset"]) == [480, 800]
    assert (img["alt"], img["width"], img["height"], img["loading"]) == (
        photo.alt, "800", "450", "lazy",
    )  # fmt: skip


def test_portraits_are_squares_in_quotes_and_on_people_pages(client):
    person = PortraitPersonFactory()
    article = QuoteBlockFactory(person=person).article
    expected = {
        article.get_absolute_url(): ("quote__photo", person.photo_alt, "72"),
        "/people/": (None, "", "64"),  # the name is next to it
        person.get_absolute_url(): ("person__photo", person.photo_alt, "160"),
    }
    for url, (css_class, alt, size) in expected.items():
        (picture,) = [p for p in pictures(client, url) if "people/" in p["img"]["srcset"]]
        assert_truthful(picture)
        img = picture["img"]
        assert widths(img["srcset"]) == [160, 320]
        assert (img.get("class"), img["alt"], img["width"], img["height"]) == (
            css_class, alt, size, size,
        )  # fmt: skip
        assert img["sizes"] == f"{size}px"


def test_home_runs_the_same_queries_with_1_and_10_covers(client, django_assert_num_queries):
    """Guards an N+1 through the renditions: they need the storage and the cache, no queries."""
    CoveredArticleFactory()
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for minutes in range(9):
        CoveredArticleFactory(published_at=timezone.now() - datetime.timedelta(minutes=minutes))
    with django_assert_num_queries(len(one)):
        assert len(pictures(client, "/")) == 10


def test_article_page_runs_the_same_queries_with_1_and_10_photos_and_portraits(
    client, django_assert_num_queries
):
    """Guards the N+1 of gallery photos and quoted people's portraits."""
    article = CoveredArticleFactory()
    PhotoFactory(article=article)
    QuoteBlockFactory(article=article, person=PortraitPersonFactory())
    client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as one:
        client.get(article.get_absolute_url())
    for _ in range(9):
        PhotoFactory(article=article)
        QuoteBlockFactory(article=article, person=PortraitPersonFactory())
    with django_assert_num_queries(len(one)):
        assert len(pictures(client, article.get_absolute_url())) == 21


def test_renditions_are_made_once_not_on_every_view(client, monkeypatch):
    CoveredArticleFactory()
    client.get("/")
    made = stored_files()

    def fail(*args, **kwargs):
        raise AssertionError("a rendition was made again")

    monkeypatch.setattr("imagekit.cachefiles.ImageCacheFile._generate", fail)
    (picture,) = pictures(client, "/")
    assert "srcset" in picture["img"]
    assert stored_files() == made


def test_a_missing_original_leaves_a_plain_image_and_the_page_up(client, caplog):
    article = CoveredArticleFactory()
    Article.objects.filter(pk=article.pk).update(cover="covers/2020/01/gone.jpg")
    (picture,) = pictures(client, "/")
    assert picture["sources"] == []
    assert picture["img"]["src"] == "/media/covers/2020/01/gone.jpg"
    assert "srcset" not in picture["img"]
    assert (picture["img"]["width"], picture["img"]["height"]) == ("320", "180")
    assert "No renditions of covers/2020/01/gone.jpg" in caplog.text


def test_article_without_photos_has_no_picture(client):
    article = ArticleFactory()
    assert pictures(client, article.get_absolute_url()) == []


def test_known_renditions_are_not_looked_up_again_until_they_expire(client, monkeypatch):
    """A cover's renditions, once found, cost nothing on the next render; after
    RENDITIONS_TTL they are checked (and remade if deleted) again."""
    from toolkit.templatetags import pictures

    article = CoveredArticleFactory()
    calls = []
    real = pictures.prefetch_cachefile_states
    monkeypatch.setattr(
        pictures, "prefetch_cachefile_states", lambda *a, **k: calls.append(1) or real(*a, **k)
    )

    def cover():
        page = client.get(article.get_absolute_url()).content.decode()
        return page[page.index("<picture") : page.index("</picture>")]

    first = cover()
    assert cover() == first
    assert len(calls) == 1
    later = pictures._clock() + pictures.RENDITIONS_TTL + 1
    monkeypatch.setattr(pictures, "_clock", lambda: later)
    assert cover() == first
    assert len(calls) == 2
