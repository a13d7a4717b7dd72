"""Images in an article's text: CKEditor's upload and browse views, for those who edit articles.

django-ckeditor's own upload view is CSRF-exempt, lets in any staff member and stores any file.
Ours keep its browser and its URL names (``ckeditor_upload``, ``ckeditor_browse``) and add:
login and the ``articles.change_article`` permission, Django's CSRF check (the editor sends the
token in an X-CSRFToken header: static/js/ckeditor-config.js), the photo checks of
toolkit.images, and a clean copy of the file under a safe, unguessable name.
"""

import os
from functools import wraps

from ckeditor_uploader import views as uploader
from ckeditor_uploader.utils import storage
from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from toolkit.images import PublicImageFormField, public_copy, unguessable_name

PERMISSION = "articles.change_article"


def for_article_editors(view):
    """Anonymous visitors are sent to log in; staff who may not change articles get a 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.is_staff and user.has_perm(PERMISSION)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def safe_filename(filename, request=None):
    """«Фото губернатора.JPG» → «3f9c…e1.jpg»: 128 random bits, nothing of the original name
    (which may say what a draft is about); the image checks re-encode and rename it anyway."""
    return unguessable_name(os.path.splitext(filename)[1])


class UploadForm(forms.Form):
    upload = PublicImageFormField(label="Изображение")


@never_cache
@require_POST
@for_article_editors
def upload(request):
    """Store one image for the text; answer in the JSON CKEditor 4's XHR upload reads."""
    form = UploadForm(files=request.FILES)
    if not form.is_valid():
        message = " ".join(form.errors["upload"])
        return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=400)
    clean = public_copy(form.cleaned_data["upload"])
    # The folder is the user's (CKEDITOR_RESTRICT_BY_USER), so the browser shows them their own.
    name = storage.save(uploader.get_upload_filename(clean.name, request), clean)
    return JsonResponse(
        {"uploaded": 1, "fileName": os.path.basename(name), "url": storage.url(name)}
    )


browse = never_cache(for_article_editors(uploader.browse))

urlpatterns = [
    path("upload/", upload, name="ckeditor_upload"),
    path("browse/", browse, name="ckeditor_browse"),
]
