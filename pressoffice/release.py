"""The release the running code belongs to, for the shared cache's keys.

Whole pages (pagecache/) and page fragments (``{% fragment %}``) are kept in Redis for up to
an hour and keyed by what they show, not by the templates and code that drew them: after a
release that changes how a page is drawn, readers would be served the old drawing until
each entry expired. With the release in their keys (``settings.RELEASE``), a new release
draws its pages afresh and the old entries expire unread. Only those: tag versions, sessions
and rate limits are shared by every release, so a rollback still sees the changes and the
logouts made under the release it rolls back from.

The release is ``DJANGO_RELEASE`` when the deployment names one (a tag, a commit), else a
digest of the files that make the pages: the code, templates, static files and translations
of the checkout, outside tests and run-time data. Read once per process, at start-up.
"""

import hashlib
import os
from pathlib import Path

# What draws a page; data the project ships (regions, the gazetteer) is read through code.
DRAWN_BY = (".py", ".html", ".txt", ".css", ".js", ".json", ".svg", ".po", ".mo")
# Folders that draw no page: run-time data, tests, tools' caches.
NOT_DRAWING = {"var", "tests", "bench", "docs", "node_modules", "ci-artifacts", "__pycache__"}


def release(base_dir, environ=os.environ):
    """``DJANGO_RELEASE``, or a 12-digit digest of the files under ``base_dir`` that draw
    pages (their paths and contents, in a fixed order)."""
    named = environ.get("DJANGO_RELEASE", "").strip()
    if named:
        return named
    base_dir = Path(base_dir)
    digest = hashlib.sha256()
    for root, folders, files in os.walk(base_dir):
        folders[:] = sorted(f for f in folders if f not in NOT_DRAWING and not f.startswith("."))
        for name in sorted(files):
            if name.endswith(DRAWN_BY):
                path = Path(root, name)
                digest.update(path.relative_to(base_dir).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
