"""Every staff page as each role sees it, in Chromium at 1366 and 375 px: a screenshot of each
(kept by CI), axe-core with no violations, and no table clipped at 1366 px (issue 13).

The pages are found the way staff find them: every model the admin lists for the role (its
list, its add form if the role may add, and the change page of one object the role may see),
and the tools next to them. A page someone adds later is walked without touching this test.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.e2e.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.e2e.helpers import AXE_OPTIONS, describe
from tests.security.admin_world import build_world

pytestmark = pytest.mark.e2e

TOOLS = {
    "author": ["admin:articles_article_paste", "admin:password_change"],
    "editor": ["admin:articles_article_paste", "admin:articles_article_titles"],
    "moderator": [],
    "superuser": [],
}


def pages_for(user, world):
    """(name, path) of every admin page ``user`` may open, one object per model."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [("index", reverse("admin:index"))]
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            model = entry["model"]
            label = f"{model._meta.app_label}_{model._meta.model_name}"
            model_admin = admin.site._registry[model]
            if entry.get("admin_url"):
                pages.append((f"{label}-list", entry["admin_url"]))
            if entry.get("add_url"):
                pages.append((f"{label}-add", entry["add_url"]))
            obj = _one_visible(model_admin, request, label, world)
            if obj is not None:
                pages.append((f"{label}-change", reverse(f"admin:{label}_change", args=[obj.pk])))
    for name in TOOLS.get(_role(user, world), []):
        pages.append((name.split(":")[1], reverse(name)))
    if _role(user, world) in ("author", "editor"):
        article = world["articles"]["review"]
        pages.append(("article-history", reverse("admin:articles_article_history",
                                                 args=[article.pk])))  # fmt: skip
    return pages


def _one_visible(model_admin, request, label, world):
    queryset = model_admin.get_queryset(request)
    preferred = world["objects"].get(label) or (
        world["articles"]["review"] if label == "articles_article" else None
    )
    if preferred is not None and queryset.filter(pk=preferred.pk).exists():
        obj = queryset.get(pk=preferred.pk)
    else:
        obj = queryset.order_by("pk").first()
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        return None
    return obj


def _role(user, world):
    return next(role for role, someone in world["users"].items() if someone == user)


def clipped_tables(page):
    """Tables whose columns do not fit their box (the admin cuts them off or scrolls them)."""
    return page.evaluate(
        """[...document.querySelectorAll('#content table')]
            .filter(t => t.offsetParent && t.parentElement.clientWidth + 1 < t.scrollWidth)
            .map(t => t.id || t.className || 'table')"""
    )


@pytest.mark.parametrize("role", ["author", "editor", "moderator", "press_officer", "superuser"])
def test_every_staff_page_looks_right_and_passes_axe(open_session, site_db, axe, role):
    world = build_world()
    user = world["users"][role]
    session = open_session(viewport=DESKTOP)
    log_in(session, user)
    page = session.page
    problems = []
    for name, path in pages_for(user, world):
        response = page.goto(session.base_url + path)
        if response.status != 200:
            problems.append(f"{name} {path}: HTTP {response.status}")
            continue
        if clipped := clipped_tables(page):
            problems.append(f"{name} {path}: clipped at {DESKTOP['width']} px: {clipped}")
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            problems.append(f"{name} {path}:\n{describe(violations)}")
        screenshot(page, f"staff-{role}-{name}-1366")
        page.set_viewport_size(PHONE)
        screenshot(page, f"staff-{role}-{name}-375")
        page.set_viewport_size(DESKTOP)
    assert not problems, "\n".join(problems)
