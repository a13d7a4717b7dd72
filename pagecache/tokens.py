"""The reader's CSRF token on a hit: what ``django.middleware.csrf.get_token`` gives, cheaper.

Django draws every character of a secret and of a mask with ``secrets.choice`` (a Python call
or four per character) and masks character by character: about 500 function calls, a quarter
of a hit, for a reader without the CSRF cookie (the first page of every visit, every feed
reader, every crawler). Here the same alphabet is drawn from ``os.urandom`` in one call and
mapped by ``bytes.translate``: a byte below 248 (= 4 × 62) becomes letter ``byte % 62``, the
bytes 248–255 are dropped, so each of the 62 letters has exactly 4 of the 248 kept values (no
modulo bias), as unpredictable as ``secrets.choice``, which reads the same ``os.urandom``.

The token is Django's own format: a 32-letter mask followed by the secret's letters shifted by
the mask's (``_mask_cipher_secret``), so ``CsrfViewMiddleware`` unmasks and accepts it; the
secret is handed over as ``get_token`` does (``request.META["CSRF_COOKIE"]``, and
``CSRF_COOKIE_NEEDS_UPDATE`` so that the middleware's ``process_response`` sets the cookie).
"""

import os

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

LETTERS = CSRF_ALLOWED_CHARS.encode()
BASE = len(LETTERS)  # 62
KEPT = 256 - 256 % BASE  # 248: the bytes that map to a letter without bias
# A random byte → the index of its letter (bytes at or above KEPT are deleted).
_INDEX = bytes(byte % BASE for byte in range(256))
_DROPPED = bytes(range(KEPT, 256))
_LETTER = bytes.maketrans(bytes(range(BASE)), LETTERS)
_LETTER_INDEX = bytes.maketrans(LETTERS, bytes(range(BASE)))
# (a + b) % 62 for every pair of indices, flattened: one lookup per character.
_SUM = bytes((a + b) % BASE for a in range(BASE) for b in range(BASE))


def random_indices(count):
    """``count`` uniformly random letter indices (0–61) as bytes."""
    found = b""
    while len(found) < count:
        # 1 byte in 32 is dropped: a few spare bytes make a second draw very rare.
        found += os.urandom(count + 8).translate(_INDEX, _DROPPED)
    return found[:count]


def new_secret():
    """A CSRF secret, as ``django.middleware.csrf._get_new_csrf_string`` makes one."""
    return random_indices(CSRF_SECRET_LENGTH).translate(_LETTER).decode()


def mask(secret):
    """The masked token of ``secret`` (a fresh mask each call), as bytes."""
    mask_indices = random_indices(CSRF_SECRET_LENGTH)
    secret_indices = secret.encode().translate(_LETTER_INDEX)
    cipher = bytes([_SUM[a * BASE + b] for a, b in zip(secret_indices, mask_indices, strict=True)])
    return (mask_indices + cipher).translate(_LETTER)


def token(request):
    """``get_token(request).encode()``: the reader's secret (a new one for a reader without
    the CSRF cookie), masked, and the cookie set on the way out."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = new_secret()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return mask(secret)
