"""The rich-text editor's settings (django-ckeditor), apart from base.py: one job, and what
the editor offers must match what the sanitizer keeps (articles/sanitize.py)."""

from django.urls import reverse_lazy
from django.utils.functional import lazy


def _static_url(path):
    from django.templatetags.static import static  # needs the apps loaded: called lazily

    return static(path)


CKEDITOR_CONFIGS = {
    "default": {
        "language": "ru",
        "height": 220,
        "width": "100%",
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Subscript", "Superscript", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink", "Image", "Table", "HorizontalRule", "SpecialChar"],
            ["Undo", "Redo", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # The server sanitizes every save; the editor only offers what survives it.
        "removePlugins": "exportpdf",
        # Sizes, borders, margins and alignment would be inline styles, which the sanitizer
        # drops: the image dialog hides what would not survive the save.
        "removeDialogTabs": "image:advanced",
        "disallowedContent": "img{*}[align,border,hspace,vspace]",
        # Image uploads (articles/uploads.py), for those who may change articles. These two
        # addresses are all that django-ckeditor's CKEditorUploadingWidget would add.
        "filebrowserUploadUrl": reverse_lazy("ckeditor_upload"),
        "filebrowserBrowseUrl": reverse_lazy("ckeditor_browse"),
        "filebrowserUploadMethod": "xhr",
        "customConfig": lazy(_static_url, str)("js/ckeditor-config.js"),  # the CSRF header
    }
}
CKEDITOR_UPLOAD_PATH = "uploads/"
# Each user's uploads in a folder named by their id (a username would be public in the URL);
# the file browser shows a user only their own folder.
CKEDITOR_RESTRICT_BY_USER = "pk"
CKEDITOR_FILENAME_GENERATOR = "articles.uploads.safe_filename"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
