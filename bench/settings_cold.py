"""`make bench`'s «fully cold» server: no page cache, and every cache empty on every request.

Issue 15 allows caching fragments of pages (an article's body, its comment threads) keyed by
the model versions already bumped on every change. The «page cache off» server then serves
articles whose fragments are warm: the figure of a reader with a session. The first request
after a moderator approves a comment, or after an editor saves, renders the changed fragments
afresh; this server measures that: rendering from the database alone, on every request.

- Every alias of CACHES is Django's DummyCache: whatever is kept through Django's cache
  framework (the {% cache %} tag, ``cache.get_or_set``, a Jinja2 fragment extension over
  django.core.cache, the page cache itself) is never found, whatever its key or version, so it
  is rendered on every request. Sessions (``cached_db``) are then read from the database.
- PAGE_CACHE_SECONDS = 0: no whole-page cache either.
- FRAGMENT_CACHE_SECONDS = 0: the article's body, metadata and comment threads
  (articles/fragments.py, comments/fragments.py) are rendered without even asking the cache.

What stays warm, as it does on the first request after any change: per-process memos of things
that never change under their key (compiled templates, the renditions of a stored photo in
toolkit/templatetags/pictures.py, the lemmas of a word in discovery/search/query.py), imports and
the database's own buffers.

Served by bench/run.py as DJANGO_SETTINGS_MODULE=bench.settings_cold (gunicorn runs in the
project's root, where ``bench`` is importable).
"""

from pressoffice.settings.bench import *  # noqa: F403
from pressoffice.settings.bench import CACHES

CACHES = {alias: {"BACKEND": "django.core.cache.backends.dummy.DummyCache"} for alias in CACHES}
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0
