"""The admin's navigation sidebar, rendered once per process for each list of sections and
each page, instead of on every staff page.

Django renders the sidebar (every application and model the staff member may use, with the
current one marked) on every admin page: about 13,000 Python calls, an eighth of the
moderators' queue (issue 15). What it shows is a function of the sections the staff member
may use (``available_apps``, built per request from their permissions), the page's address
and the language, so the rendered HTML is kept under exactly those (what it prints of them): a
change of permissions or of the site's sections is a new key, never a stale sidebar. Django's own
template renders it (``admin/nav_sidebar.html``); only the repetition goes.
"""

import threading
from collections import OrderedDict

from django import template
from django.template.loader import get_template
from django.utils.translation import get_language

register = template.Library()

LIMIT = 1000  # sidebars kept per process: sections × pages actually visited
_kept = OrderedDict()
_lock = threading.Lock()


@register.simple_tag(takes_context=True)
def admin_nav_sidebar(context):
    request = context.get("request")
    apps = context.get("available_apps") or []
    path = request.path if request is not None else ""
    key = (printed(apps), path, get_language())
    with _lock:
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            return html
    html = get_template("admin/nav_sidebar.html").render(
        {"available_apps": apps, "request": request}
    )
    with _lock:
        _kept[key] = html
        while len(_kept) > LIMIT:
            _kept.popitem(last=False)
    return html


def printed(apps):
    """What admin/app_list.html prints of the sections (names translated, as printed), as a
    key: a JSON dump of the whole list with its model classes and permissions, hashed, was
    about 0.3 ms of every admin page."""
    return tuple(
        (app["app_label"], app["app_url"], str(app["name"]),
         tuple((model["object_name"], str(model["name"]), model["admin_url"], model["add_url"],
                model.get("view_only")) for model in app["models"]))
        for app in apps
    )  # fmt: skip
