"""Photos the public sees: what an upload must be, the clean original we keep, the renditions.

Article.cover, Photo.image and Person.photo are ``PublicImageField``s; the CKEditor upload view
(articles/uploads.py) calls the same ``public_copy``. The limits are the settings
IMAGE_UPLOAD_MAX_BYTES and IMAGE_UPLOAD_MAX_PIXELS.
"""

import contextlib
import io
import logging
import secrets
import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.db import models
from django.template.defaultfilters import filesizeformat
from imagekit.models import ImageSpecField
from imagekit.processors import ResizeToFill, ResizeToFit, Transpose
from PIL import ExifTags, Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

# The formats we accept, each stored under its own extension whatever the upload was called:
# a PNG named «photo.html» is kept as «photo.png» and served as an image.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
ACCEPT = "image/jpeg,image/png,image/webp"
# Cameras write a second, smaller picture into many JPEGs (MPO); we keep the main one.
_JPEG_VARIANTS = {"MPO": "JPEG"}

RENDITION_OPTIONS = {
    "WEBP": {"quality": 80, "method": 4},
    "JPEG": {"quality": 82, "progressive": True},
}

MESSAGES = {
    "too_large": "Файл весит %(size)s, а можно не больше %(limit)s. Уменьшите фотографию "
    "или сохраните её с большим сжатием и загрузите снова.",
    "not_image": "Файл «%(name)s» — не изображение или формат не распознан. Загрузите "
    "фотографию в формате JPEG, PNG или WebP.",
    "format": "Формат %(format)s не принимается. Загрузите фотографию в формате JPEG, PNG "
    "или WebP.",
    "animated": "Анимированные изображения не принимаются. Загрузите одну неподвижную "
    "фотографию в формате JPEG, PNG или WebP.",
    "too_many_pixels": "Изображение слишком большое: больше %(limit)s мегапикселей. "
    "Уменьшите его (например, до 6000 × 4000 точек) и загрузите снова.",
    "damaged": "Файл «%(name)s» повреждён или загружен не полностью. Откройте фотографию "
    "в редакторе, сохраните заново и загрузите ещё раз.",
}


def _refuse(code, file=None, **params):
    name = Path(getattr(file, "name", "") or "").name
    return ValidationError(MESSAGES[code], code=code, params={"name": name, **params})


def _too_many_pixels(file):
    megapixels = round(settings.IMAGE_UPLOAD_MAX_PIXELS / 1_000_000)
    return _refuse("too_many_pixels", file, limit=megapixels)


def open_image(file):
    """``file`` decoded by Pillow, or a ValidationError that says in Russian why it is refused.

    The whole file is decoded: only that finds a truncated JPEG. Nothing is written anywhere.
    """
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    # Pillow gets a copy in memory (never more than the limit): closing an image closes its file.
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    size = max(len(data), getattr(file, "size", None) or 0)
    if size > limit:
        raise _refuse("too_large", file, size=filesizeformat(size), limit=filesizeformat(limit))
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; a warning is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(file) from None
    except Exception:  # Pillow's parsers raise many kinds of errors on hostile input
        raise _refuse("not_image", file) from None
    try:
        image_format = _JPEG_VARIANTS.get(image.format, image.format)
        if image_format not in FORMATS:
            raise _refuse("format", file, format=image.format)
        if image.width * image.height > settings.IMAGE_UPLOAD_MAX_PIXELS:
            raise _too_many_pixels(file)
        if image_format != "JPEG" and getattr(image, "is_animated", False):
            raise _refuse("animated", file)
        try:
            image.load()
        except Exception:
            raise _refuse("damaged", file) from None
    except ValidationError:
        image.close()
        raise
    return image


def unguessable_name(extension):
    """A file name of 128 random bits: uploads of drafts are served without a check (nginx
    serves MEDIA_ROOT), so a name must not be guessable from the original's or a sequence."""
    return f"{secrets.token_hex(16)}{extension.lower()}"


def validate_image(value):
    """Model validator (``full_clean``) of a new upload; stored files were checked when stored."""
    if getattr(value, "_committed", True):
        return
    upload = value.file
    if not getattr(upload, "image_checked", False):
        open_image(upload).close()
        upload.image_checked = True


def public_copy(file):
    """``file`` as the public may get it: checked, turned upright, re-encoded without metadata.

    EXIF (GPS above all), XMP, IPTC and comments are dropped; only the ICC profile (the colours)
    and PNG transparency are kept. A JPEG that needs no turning keeps its own quantization
    tables, so the re-encoding costs it next to nothing.
    """
    image = open_image(file)
    try:
        image_format = _JPEG_VARIANTS.get(image.format, image.format)
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
        options = {}
        if icc_profile := image.info.get("icc_profile"):
            options["icc_profile"] = icc_profile
        if image_format == "JPEG":
            options |= {"optimize": True, "progressive": True}
            keep = image.format == "JPEG" and orientation in (0, 1)  # Pillow keeps JPEG's only
            options |= {"quality": "keep", "subsampling": "keep"} if keep else {"quality": 90}
        elif image_format == "WEBP":
            options["quality"] = 90
        elif "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
        upright = ImageOps.exif_transpose(image) if orientation not in (0, 1) else image
        upright.info = {}  # the comment of a JPEG would otherwise be written back
        buffer = io.BytesIO()
        upright.save(buffer, image_format, **options)
    finally:
        image.close()
    return ContentFile(buffer.getvalue(), name=unguessable_name(FORMATS[image_format]))


# What may stay in a public file's header: how to show the pixels, nothing about the camera,
# the place or the people. Anything else (EXIF, XMP, IPTC, comments, PNG text) is metadata.
_HARMLESS_INFO = {
    "icc_profile", "transparency", "dpi", "gamma", "srgb", "chromaticity", "aspect",
    "jfif", "jfif_version", "jfif_unit", "jfif_density", "adobe", "adobe_transform",
    "progressive", "progression", "interlace", "loop", "duration", "background", "lossless",
}  # fmt: skip


def carries_metadata(image):
    """Whether a Pillow image (only its header read) holds anything but pixels and colours."""
    return bool(dict(image.getexif())) or bool(set(image.info) - _HARMLESS_INFO)


def without_metadata(file):
    """A stored original as the public may download it, at full resolution: the file itself
    if it carries no metadata (what ``public_copy`` stored), else a clean copy of it. The file
    may be any storage's (a disk, an S3 bucket); only its header is read to decide.
    Raises ValidationError if it is no image we accept."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            dirty = carries_metadata(image)
    except Exception:  # Pillow's parsers raise many kinds of errors on hostile input
        raise _refuse("not_image", file) from None
    file.seek(0)
    if not dirty:
        return file
    try:
        return public_copy(file)
    finally:
        file.close()


class PublicImageFormField(forms.ImageField):
    """An upload field that refuses, with our messages, whatever ``open_image`` refuses."""

    # Not Django's extension check: its message lists some 70 extensions Pillow reads, most of
    # which open_image refuses; the content decides, and the stored name gets its extension.
    default_validators = []

    def to_python(self, data):
        # FileField's checks (empty, too long a name), then ours instead of ImageField's one
        # catch-all message.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        open_image(upload).close()
        upload.image_checked = True
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs


class PublicImageField(models.ImageField):
    """An image served under MEDIA_URL: checked on upload, stored upright and without metadata.

    The original is cleaned in ``pre_save``, which Django calls on every ``Model.save()`` and
    ``bulk_create()`` just before it writes the file to storage. So the admin, model forms, the
    demo loader, factories and the shell all store the same clean file, and no model's
    ``save()`` has to remember to. A signal would hide the step; a function called from each
    model's ``save()`` would be forgotten by the next model with a photo.
    """

    default_validators = [validate_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PublicImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            clean = public_copy(file.file)
            file.save(clean.name, clean, save=False)
        return file


# What a stored original is (width, height, bytes) never changes under its name (every upload
# gets a new random name), so it is read from the storage once and kept in the shared cache.
# On an object store reading the dimensions fetches the whole original: once, not per render.
FACTS_SECONDS = 30 * 24 * 60 * 60


def _facts_key(name):
    return f"images:facts:{name}"


def stored_facts(files):
    """``{name: {"width", "height", "bytes"}}`` of stored originals (FieldFiles), None for one
    that cannot be read: one cache round trip for all; the storage is read only for originals
    never read before."""
    names = {file.name: file for file in files}
    try:
        kept = cache.get_many([_facts_key(name) for name in names])
    except Exception:  # the cache is down: read the storage
        kept = {}
    found, new = {}, {}
    for name, file in names.items():
        facts = kept.get(_facts_key(name))
        if facts is None:
            facts = _read_facts(file)
            if facts is not None:
                new[_facts_key(name)] = facts
        found[name] = facts
    if new:
        with contextlib.suppress(Exception):  # not kept: read again next time
            cache.set_many(new, FACTS_SECONDS)
    return found


def _read_facts(file):
    try:
        with file.storage.open(file.name, "rb") as stored:
            width, height = get_image_dimensions(stored, close=False)
        size = file.storage.size(file.name)
    except Exception:  # a missing or unreadable file must not take a page down
        logger.exception("Cannot read the original %s", file.name)
        return None
    if not width or not height:
        return None
    return {"width": width, "height": height, "bytes": size}


class ConvertToSRGB:
    """Colours converted to sRGB by the embedded ICC profile: what browsers assume untagged."""

    def process(self, img):
        icc_profile = img.info.get("icc_profile")
        if not icc_profile or img.mode not in ("RGB", "CMYK"):
            return img
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            return ImageCms.profileToProfile(
                img, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            return img  # a broken profile: the colours as they are beat no picture


class DropMetadata:
    """Nothing but pixels reaches a rendition: no EXIF, XMP, comment or ICC profile."""

    def process(self, img):
        img.info = {key: value for key, value in img.info.items() if key == "transparency"}
        return img


def rendition(source, width, image_format, *, square=False):
    """An ImageSpecField: ``source`` ``width`` pixels wide (a square if ``square``), in WebP or
    JPEG. Generated on first use (ImageKit's JustInTime); the {% picture %} tag finds it."""
    if square:
        # Portraits lose more at the bottom than at the top: the face is in the upper part.
        resize = ResizeToFill(width, width, anchor=(0.5, 0.3))
    else:
        resize = ResizeToFit(width, upscale=False)
    field = ImageSpecField(
        source=source,
        processors=[Transpose(), ConvertToSRGB(), DropMetadata(), resize],
        format=image_format,
        options=RENDITION_OPTIONS[image_format],
    )
    field.rendition = (width, image_format, square)
    return field


def listen_for_image_sources_only():
    """imagekit's post_init receiver, connected for the models with image specs only.

    imagekit listens to post_init of every model (its sources may be abstract models, which
    send no signals) and checks each of its source groups (sixteen here) against every
    instance of any model: about 3 µs per comment of the moderators' queue or an article's
    page, for nothing. Once every model is loaded (AppConfig.ready) the models whose instances
    it handles are known: the same receiver is connected for each of them instead.
    """
    from django.apps import apps
    from django.db.models.signals import post_init
    from imagekit.specs.sourcegroups import signal_router

    uid = "ik_spec_field_receivers"  # imagekit's own
    sources = tuple({group.model_class for group in signal_router._source_groups})
    models = [model for model in apps.get_models() if issubclass(model, sources)]
    if post_init.disconnect(signal_router.post_init_receiver, dispatch_uid=uid):
        for model in models:
            post_init.connect(
                signal_router.post_init_receiver, sender=model, dispatch_uid=f"{uid}:{model}"
            )
