"""Uploads kept across a form sent back with errors.

Browsers never refill a file input, so a cover chosen in a form that comes back with an error
(no alt text, say) was lost and had to be chosen again. The form stores such a file under an
unguessable name in ``staging/`` and carries a signed token to it in a hidden field; the next
submission without a new file uses it. The token is signed, so no one can point the form at a
file of their choosing; the file goes through the image checks again when it is used. What is
staged is the clean copy (``public_copy``: upright, no EXIF or GPS), as any stored photo: the
media storage (a disk behind nginx, or a public bucket) serves whatever it holds by name.
"""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from toolkit.images import public_copy

SALT = "articles.staged-upload"
MAX_AGE = 24 * 60 * 60  # a form left open overnight asks for the file again
FOLDER = "staging"


def stage(upload):
    """Store a clean copy of ``upload`` (an image the form accepted); returns the token for the
    form's hidden field, or "" if it cannot be read after all."""
    upload.seek(0)
    try:
        clean = public_copy(upload)
    except ValidationError:
        return ""
    finally:
        upload.seek(0)
    name = default_storage.save(f"{FOLDER}/{clean.name}", clean)
    return signing.dumps({"name": name, "original": upload.name}, salt=SALT)


def unstage(token):
    """The file a token names, as a fresh upload (None for a bad, old or missing one)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        with default_storage.open(data["name"]) as file:
            content = file.read()
    except (signing.BadSignature, KeyError, TypeError, OSError):
        return None
    upload = SimpleUploadedFile(data["original"], content)
    upload.staged_name = data["name"]
    return upload


def discard(upload):
    """Delete the staged copy once the form that used it is saved."""
    name = getattr(upload, "staged_name", None)
    if name:
        default_storage.delete(name)
