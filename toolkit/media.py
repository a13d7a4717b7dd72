"""Form media whose HTML is written once per process for each list of assets (issue 15).

The admin's list prints ``{{ media.css }}`` and ``{{ media.js }}``: Django merges the asset
lists (a topological sort), resolves each path through the static files storage and
format_html()s a tag per asset on every page, about 0.25 ms of the moderators' queue for
the same fifteen tags each time. What they print depends only on the asset paths and the
static files settings; ``KeptMedia`` keeps it under exactly those. Media holding anything but
plain paths (``Script`` objects with attributes) is rendered as Django renders it.
"""

import threading

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.forms.widgets import MEDIA_TYPES, Media
from django.utils.safestring import mark_safe

LIMIT = 500  # kept HTML per process: sets of media × types, a handful in practice
_kept = {}
_lock = threading.Lock()


class KeptMedia(Media):
    """``media`` itself, whose ``media.css``, ``media.js`` and whole HTML are kept."""

    def __init__(self, media):
        super().__init__()
        self._css_lists = list(media._css_lists)
        self._js_lists = list(media._js_lists)
        self._key = _key(self._css_lists, self._js_lists)

    def __getitem__(self, name):
        if self._key is None or name not in MEDIA_TYPES:
            return super().__getitem__(name)
        return _remembered((self._key, name), lambda: str(Media.__getitem__(self, name)))

    def render(self):
        if self._key is None:
            return super().render()
        return _remembered((self._key, None), super().render)


def _key(css_lists, js_lists):
    """The assets as a key, or None if any is not a plain path."""
    js = tuple(tuple(paths) for paths in js_lists)
    css = tuple(
        tuple((medium, tuple(paths)) for medium, paths in sorted(css.items())) for css in css_lists
    )
    paths = [path for paths in js for path in paths]
    paths += [path for lists in css for _, paths in lists for path in paths]
    if any(path.__class__ is not str for path in paths):
        return None
    return css, js


def _remembered(key, render):
    html = _kept.get(key)
    if html is None:
        html = mark_safe(str(render()))
        with _lock:
            if len(_kept) >= LIMIT:
                _kept.clear()
            _kept[key] = html
    return html


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    """A new static URL or storage writes other addresses."""
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT", "STATICFILES_STORAGE"}:
        _kept.clear()
