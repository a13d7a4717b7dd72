"""The photo bank's pages: the latest photos, filtered by region and date, and the originals.

Only photos of ``Article.objects.published()`` are in the bank. The list is a cached page
(kind ``"list"``): publishing, unpublishing or editing an article or one of its photos bumps
the tags it depends on (articles/cached_pages.py). A download is never cached here: it is a
file, read from the media storage (a disk or an S3 bucket) through the storage API.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control
from django.views.generic import ListView

from articles.models import Article
from articles.views import BoundedPaginator
from discovery.search.filters import filter_articles
from pagecache.registry import cached_page
from toolkit.images import without_metadata

from . import bank
from .forms import PhotoFilterForm

logger = logging.getLogger(__name__)


class PhotoPaginator(BoundedPaginator):
    """Counted in the list's own order: a union cannot drop its ordering for the count."""

    count_in_order = True

    def page(self, number):
        page = super().page(number)
        page.object_list = bank.resolve(page.object_list)
        return page


@cached_page("list")
class PhotoBankView(ListView):
    """The latest photos of published news, newest first, with what a journalist needs beside
    each: the caption, the credit, the rule of re-publication and the original to download."""

    template_name = "photobank/photo_list.html"
    context_object_name = "photos"
    paginator_class = PhotoPaginator

    def get_paginate_by(self, queryset):
        return settings.PHOTOBANK_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.form = PhotoFilterForm(request.GET)
        self.filters = self.form.chosen_filters()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return bank.rows(filter_articles(Article.objects.published(), **self.filters))

    def get_context_data(self, **kwargs):
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        return super().get_context_data(
            form=self.form,
            filtered=bool(self.filters),
            page_params=params.urlencode(),
            rule=settings.PHOTOBANK_RULE,
            **kwargs,
        )


def download(request, kind, pk):
    """The original of a public photo at full resolution, as an attachment named after the
    article. What is stored was cleaned on upload; a file that still carries metadata (put
    there by other means) is cleaned again on the way out, so no EXIF, GPS or XMP leaves."""
    photo = bank.find(kind, pk)
    if photo is None:
        raise Http404("Нет такого фото")
    try:
        stored = photo.image.storage.open(photo.image.name, "rb")
    except OSError:  # missing (FileNotFoundError) or unreadable
        logger.exception("The original of %s %s is missing", kind, pk)
        raise Http404("Файл фото не найден") from None
    try:
        body = without_metadata(stored)
    except ValidationError:
        stored.close()
        logger.exception("The original of %s %s is not a readable image", kind, pk)
        raise Http404("Файл фото не читается") from None
    response = FileResponse(
        body, as_attachment=True, filename=photo.download_name(), content_type=photo.content_type
    )
    # Checked again on every download: an unpublished photo must stop being served at once.
    patch_cache_control(response, no_cache=True)
    return response
