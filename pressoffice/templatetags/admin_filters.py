"""An admin list's filters, each rendered once per process for what it prints (issue 15).

Django's ``{% admin_list_filter cl spec %}`` renders ``admin/filter.html`` for every filter
on every page of a list: about 700 Python calls a filter for a title and a handful of links.
What that template prints is the filter's title and its choices (selected or not, query
string, label) in the active language, so its HTML is kept under exactly those. The choices
themselves are the filter's own, computed on every page as Django does; a filter with
another template (which may read the spec itself) is rendered by Django's tag.
"""

import threading

from django import template
from django.contrib.admin.templatetags.admin_list import admin_list_filter
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils.translation import get_language

register = template.Library()

TEMPLATE = "admin/filter.html"
LIMIT = 1000  # filters kept per process: filters × their states × languages
_kept = {}
_lock = threading.Lock()


@register.simple_tag
def kept_list_filter(cl, spec):
    """``{% admin_list_filter cl spec %}``, kept by what it prints."""
    if spec.template != TEMPLATE:
        return admin_list_filter(cl, spec)
    choices = list(spec.choices(cl))
    key = (get_language(), _printed(spec.title), tuple(
        (bool(c.get("selected")), _printed(c.get("query_string")), _printed(c.get("display")))
        for c in choices
    ))  # fmt: skip
    html = _kept.get(key)
    if html is None:
        html = get_template(TEMPLATE).render(
            {"title": spec.title, "choices": choices, "spec": spec}
        )
        with _lock:
            if len(_kept) >= LIMIT:
                _kept.clear()
            _kept[key] = html
    return html


def _printed(value):
    """A value as the template prints it: its text, and whether it is escaped first."""
    return (hasattr(value, "__html__"), str(value))


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in {"TEMPLATES", "LANGUAGES", "USE_I18N"}:
        _kept.clear()
