"""Photos: what an upload must be (toolkit/images.py), the clean original, the renditions."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.forms import modelform_factory
from django.urls import reverse
from PIL import Image, ImageCms

from articles.models import Article, Photo
from people.models import Person
from tests.factories import ArticleFactory, CoveredArticleFactory, PersonFactory
from tests.images import (
    ORIENTATION,
    assert_no_metadata,
    assert_upright,
    encode,
    jpeg_upload,
    open_stored,
    phone_jpeg,
    stored_files,
    two_colour,
    upload,
)
from toolkit.images import PublicImageField, public_copy

pytestmark = pytest.mark.django_db

PhotoForm = modelform_factory(Photo, fields=["article", "image", "alt", "credit"])
COVER_RENDITIONS = [f"cover_{w}_{f}" for w in (480, 800, 1200) for f in ("webp", "jpeg")]
PORTRAIT_RENDITIONS = [f"photo_{w}_{f}" for w in (160, 320) for f in ("webp", "jpeg")]


def photo_form(file):
    article = ArticleFactory()
    data = {"article": article.pk, "alt": "Описание", "credit": "Автор"}
    return PhotoForm(data=data, files={"image": file})


def bomb_png(width, height):
    """A picture of many pixels in a small file: one bit a pixel, all of them white."""
    return encode(Image.new("1", (width, height), 1), "PNG")


def animated_webp():
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("red", "blue")]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


REFUSALS = {
    "html-named-jpg": (
        lambda: upload(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg"),
        "не изображение",
    ),
    "svg-named-jpg": (
        lambda: upload(
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
            "photo.jpg",
        ),
        "не изображение",
    ),
    "text-file": (
        lambda: upload("Просто текст".encode(), "notes.txt", "text/plain"),
        "не изображение",
    ),
    "truncated-jpeg": (
        lambda: upload(encode(two_colour(800, 600), quality=90)[:3000], "cut.jpg"),
        "повреждён или загружен не полностью",
    ),
    "gif": (
        lambda: upload(encode(Image.new("P", (40, 40)), "GIF"), "anim.gif", "image/gif"),
        "Формат GIF не принимается",
    ),
    "animated-webp": (
        lambda: upload(animated_webp(), "anim.webp", "image/webp"),
        "Анимированные изображения не принимаются",
    ),
    "48-megapixels": (
        lambda: upload(bomb_png(8000, 6000), "huge.png", "image/png"),
        "больше 40 мегапикселей",
    ),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_model_form_refuses_with_a_russian_message_and_writes_nothing(case):
    make, message = REFUSALS[case]
    before = stored_files()
    form = photo_form(make())
    assert not form.is_valid()
    assert message in " ".join(form.errors["image"])
    assert stored_files() == before


@pytest.mark.parametrize("case", ["svg-named-jpg", "truncated-jpeg", "48-megapixels"])
def test_full_clean_refuses_the_same_files(case):
    make, message = REFUSALS[case]
    person = PersonFactory.build(photo=make(), photo_alt="Портрет")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert message in " ".join(error.value.message_dict["photo"])


def test_save_without_full_clean_refuses_too_and_writes_nothing():
    """The shell or a script that skips validation still cannot store a hostile file."""
    before = stored_files()
    make, message = REFUSALS["svg-named-jpg"]
    with pytest.raises(ValidationError, match=message), transaction.atomic():
        PersonFactory(photo=make(), photo_alt="Портрет")
    assert stored_files() == before
    assert not Person.objects.exists()


def test_too_many_bytes_is_refused_with_both_sizes(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 20_000
    before = stored_files()
    form = photo_form(upload(encode(Image.effect_noise((400, 400), 60).convert("RGB")), "a.jpg"))
    assert not form.is_valid()
    error = " ".join(form.errors["image"])
    assert re.search(r"Файл весит \d+,\d\xa0КБ, а можно не больше 19,5\xa0КБ", error)
    assert stored_files() == before


def test_limits_default_to_15_megabytes_and_40_megapixels():
    from django.conf import settings

    assert settings.IMAGE_UPLOAD_MAX_BYTES == 15 * 1024 * 1024
    assert settings.IMAGE_UPLOAD_MAX_PIXELS == 40_000_000


@pytest.mark.parametrize("pixels", [12_000, 40_000], ids=["pillow-warning", "pillow-error"])
def test_pillow_decompression_bomb_checks_become_a_form_error(monkeypatch, pixels):
    """Pillow warns above MAX_IMAGE_PIXELS and raises above twice that: both are refusals."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    side = int(pixels**0.5)
    form = photo_form(upload(bomb_png(side, side), "bomb.png", "image/png"))
    assert not form.is_valid()
    assert "мегапикселей" in " ".join(form.errors["image"])


def test_admin_refuses_an_svg_with_the_message_on_the_page(editor_client):
    before = stored_files()
    make, message = REFUSALS["svg-named-jpg"]
    response = editor_client.post(reverse("admin:people_person_add"), person_post(make()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored_files() == before


def person_post(photo):
    return {
        "last_name": "Фотографов",
        "first_name": "Пётр",
        "photo": photo,
        "photo_alt": "Портрет",
        "appointments-TOTAL_FORMS": "0",
        "appointments-INITIAL_FORMS": "0",
        "appointments-MIN_NUM_FORMS": "0",
        "appointments-MAX_NUM_FORMS": "1000",
    }


def test_phone_photo_uploaded_in_the_admin_is_stored_upright_without_gps(editor_client):
    response = editor_client.post(
        reverse("admin:people_person_add"), person_post(upload(phone_jpeg(), "IMG_0001.JPG"))
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    person = Person.objects.get(last_name="Фотографов")
    assert re.search(r"/[0-9a-f]{32}\.jpg$", person.photo.name)  # nothing of IMG_0001
    image, data = open_stored(person.photo.name)
    assert image.size == (900, 1600)
    assert_upright(image)
    assert_no_metadata(image, data)
    for name in PORTRAIT_RENDITIONS:
        rendition = getattr(person, name)
        rendition.generate()
        image, data = open_stored(rendition.name)
        assert_no_metadata(image, data)


def test_phone_photo_saved_on_the_model_and_every_rendition_are_upright_without_gps():
    article = ArticleFactory(
        cover=upload(phone_jpeg(), "IMG_0002.jpeg"),
        cover_alt="Описание",
        cover_caption="Подпись",
        cover_credit="Автор",
    )
    article = Article.objects.get(pk=article.pk)
    image, data = open_stored(article.cover.name)
    assert (image.format, image.size) == ("JPEG", (900, 1600))
    assert_upright(image)
    assert_no_metadata(image, data)
    sizes = {}
    for name in COVER_RENDITIONS:
        rendition = getattr(article, name)
        rendition.generate()
        image, data = open_stored(rendition.name)
        assert_upright(image)
        assert_no_metadata(image, data)
        sizes[name] = (image.format, image.size)
    assert sizes == {
        "cover_480_webp": ("WEBP", (480, 853)),
        "cover_480_jpeg": ("JPEG", (480, 853)),
        "cover_800_webp": ("WEBP", (800, 1422)),
        "cover_800_jpeg": ("JPEG", (800, 1422)),
        "cover_1200_webp": ("WEBP", (900, 1600)),  # never enlarged past the original
        "cover_1200_jpeg": ("JPEG", (900, 1600)),
    }


def test_gallery_photo_from_a_phone_is_cleaned_too():
    photo = Photo.objects.create(
        article=ArticleFactory(), image=upload(phone_jpeg(), "p.jpg"), alt="Описание", credit="А"
    )
    image, data = open_stored(photo.image.name)
    assert_upright(image)
    assert_no_metadata(image, data)


def test_renditions_of_an_original_stored_before_the_cleaning_are_upright_without_gps():
    """Files uploaded before this code (or put in the storage by hand) still show upright and
    leak nothing through their renditions: pilkit's Transpose and DropMetadata see to it."""
    name = default_storage.save("covers/legacy/phone.jpg", ContentFile(phone_jpeg()))
    article = CoveredArticleFactory()
    Article.objects.filter(pk=article.pk).update(cover=name)
    article = Article.objects.get(pk=article.pk)
    for rendition_name in COVER_RENDITIONS:
        rendition = getattr(article, rendition_name)
        rendition.generate()
        image, data = open_stored(rendition.name)
        assert_upright(image)
        assert_no_metadata(image, data)


def test_portrait_renditions_are_squares_of_160_and_320():
    person = PersonFactory(photo=jpeg_upload(600, 800), photo_alt="Портрет")
    for name in PORTRAIT_RENDITIONS:
        rendition = getattr(person, name)
        rendition.generate()
        image, _ = open_stored(rendition.name)
        width = int(name.split("_")[1])
        assert image.size == (width, width)
        assert image.format == name.rsplit("_", 1)[1].upper()


def test_upload_is_stored_under_the_extension_of_its_real_format():
    """A PNG called photo.html is kept as photo.png: the web server never serves it as a page."""
    person = PersonFactory(photo=upload(encode(two_colour(50, 50), "PNG"), "photo.html"),
                           photo_alt="Портрет")  # fmt: skip
    assert person.photo.name.endswith(".png")
    assert open_stored(person.photo.name)[0].format == "PNG"


def test_colour_profile_transparency_and_format_are_kept():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    jpeg = upload(encode(two_colour(60, 40), icc_profile=profile), "icc.jpg")
    assert public_copy(jpeg).name.endswith(".jpg")
    image = Image.open(public_copy(jpeg))
    assert image.info["icc_profile"] == profile
    rgba = Image.new("RGBA", (30, 30), (255, 0, 0, 0))
    image = Image.open(public_copy(upload(encode(rgba, "WEBP"), "alpha.webp", "image/webp")))
    assert (image.format, image.mode) == ("WEBP", "RGBA")


def test_camera_jpeg_with_a_second_picture_inside_is_accepted_as_a_plain_jpeg():
    """Many cameras write MPO: a JPEG with a preview inside. We keep the main picture."""
    main, preview = two_colour(400, 300), two_colour(160, 120)
    mpo = encode(main, "MPO", save_all=True, append_images=[preview])
    assert Image.open(upload(mpo, "camera.jpg")).format == "MPO"
    image = Image.open(public_copy(upload(mpo, "camera.jpg")))
    assert (image.format, image.size, getattr(image, "n_frames", 1)) == ("JPEG", (400, 300), 1)


def test_jpeg_that_needs_no_turning_keeps_its_quality():
    original = encode(Image.effect_noise((300, 200), 40).convert("RGB"), quality=95)
    copy = public_copy(upload(original, "q.jpg")).read()
    assert Image.open(upload(copy)).quantization == Image.open(upload(original)).quantization
    assert ORIENTATION not in Image.open(upload(copy)).getexif()


def test_every_public_image_field_is_a_public_image_field():
    """The one place for checks and cleaning covers every photo the site serves."""
    fields = [Article._meta.get_field("cover"), Photo._meta.get_field("image"),
              Person._meta.get_field("photo")]  # fmt: skip
    assert all(isinstance(field, PublicImageField) for field in fields)
    form = modelform_factory(Person, fields=["photo"])()
    assert 'accept="image/jpeg,image/png,image/webp"' in str(form["photo"])


def test_imagekit_hears_only_the_models_with_image_specs():
    """imagekit's post_init receiver checked its sixteen source groups against every instance
    of every model (a comment, a user): connected per model with image specs instead."""
    from django.db.models.signals import post_init
    from imagekit.specs.sourcegroups import signal_router

    from comments.models import Comment
    from pressoffice.models import User

    assert not post_init.has_listeners(Comment) and not post_init.has_listeners(User)
    for model in (Article, Photo, Person):
        assert post_init.has_listeners(model)
    hearing = {group.model_class for group in signal_router._source_groups}
    assert hearing == {Article, Photo, Person}


def test_an_image_model_instance_still_gets_imagekits_source_hashes():
    """What the receiver does on post_init (the hashes post_save compares to tell a new
    image from an old one) still happens for a model with image specs."""
    article = CoveredArticleFactory()
    loaded = Article.objects.get(pk=article.pk)
    assert "cover" in loaded._ik["source_hashes"]
