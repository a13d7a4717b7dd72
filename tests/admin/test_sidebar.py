"""The admin's navigation sidebar is Django's, rendered once per process for each set of
sections and page (issue 15), and never shows one staff member's sections to another."""

import re

import pytest
from django.template.loader import get_template

from pressoffice.roles import MODERATORS
from pressoffice.templatetags import admin_sidebar
from tests.factories import UserFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
QUEUE = "/admin/comments/comment/"
SIDEBAR = re.compile(r'<nav class="sticky" id="nav-sidebar".*?</nav>', re.S)


@pytest.fixture(autouse=True)
def forget():
    admin_sidebar._kept.clear()


def sidebar(response):
    return SIDEBAR.search(response.content.decode()).group(0)


def test_the_sidebar_is_djangos_own():
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(QUEUE, follow=True)
    expected = get_template("admin/nav_sidebar.html").render(
        {"available_apps": response.context["available_apps"], "request": response.wsgi_request}
    )
    assert sidebar(response) == SIDEBAR.search(expected).group(0)
    assert 'aria-current="page"' in sidebar(response)  # the queue is marked as the current page


def test_a_second_view_does_not_render_it_again():
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    first = client.get(QUEUE, follow=True)
    again = client.get(QUEUE, follow=True)
    assert "admin/nav_sidebar.html" in [template.name for template in first.templates]
    assert "admin/nav_sidebar.html" not in [template.name for template in again.templates]
    assert sidebar(again) == sidebar(first)


def test_each_staff_member_sees_their_own_sections():
    admin = client_for(UserFactory(is_staff=True, is_superuser=True))
    moderator = client_for(staff_member(MODERATORS))
    full = sidebar(admin.get(QUEUE, follow=True))
    own = sidebar(moderator.get(QUEUE, follow=True))
    assert "/admin/pressoffice/user/" in full
    assert "/admin/pressoffice/user/" not in own
    assert "/admin/comments/comment/" in own
    assert sidebar(admin.get("/admin/articles/article/", follow=True)) != full  # another current


@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_the_sections_are_djangos_with_addresses_reversed_once(who, rf, monkeypatch):
    """Two reverse() calls per model on every admin page were about 1.2 ms: the site keeps
    them, and lists exactly what Django's own AdminSite would."""
    from django.contrib import admin
    from django.contrib.admin import sites

    from toolkit.templatetags import urls

    user = (UserFactory(is_staff=True, is_superuser=True) if who == "superuser"
            else staff_member(MODERATORS))  # fmt: skip
    request = rf.get(QUEUE)
    request.user = user
    ours = admin.site._build_app_dict(request)
    assert ours == sites.AdminSite._build_app_dict(admin.site, request)
    assert "comments" in ours
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0])
        return reverse(*args, **kwargs)

    reverse = sites.reverse
    monkeypatch.setattr(sites, "reverse", counting)
    monkeypatch.setattr(urls, "reverse", counting)
    admin.site.get_app_list(request)
    assert calls == []


def test_the_sections_names_are_strings_translated_once_per_language(rf):
    """The names were lazy translations, translated again at each sort and print of the
    sidebar; they are kept per process and language, and follow the active language."""
    from django.contrib import admin
    from django.utils import translation

    request = rf.get(QUEUE)
    request.user = UserFactory(is_staff=True, is_superuser=True)
    names = {}
    for language in ("ru", "en", "ru"):
        with translation.override(language):
            found = admin.site._build_app_dict(request)["auth"]
            model = next(m for m in found["models"] if m["object_name"] == "Group")
            assert type(model["name"]) is str and type(found["name"]) is str
            names.setdefault(language, model["name"])
            assert names[language] == model["name"]
    assert names == {"ru": "Группы", "en": "Groups"}


def test_the_sidebar_is_kept_under_what_it_prints():
    """The key is what admin/app_list.html prints of the sections (not a JSON dump of the
    whole list, hashed): a name, an address or an add link more is another sidebar."""
    app = {"app_label": "comments", "app_url": "/admin/comments/", "name": "Комментарии",
           "models": [{"object_name": "Comment", "name": "Комментарии", "view_only": True,
                       "admin_url": "/admin/comments/comment/", "add_url": None}]}  # fmt: skip
    key = admin_sidebar.printed([app])
    variants = [{**app, "name": "Другое"}, {**app, "app_url": "/admin/x/"}]
    for change in ({"add_url": "/admin/comments/comment/add/"}, {"name": "Жалобы"},
                   {"admin_url": None}, {"object_name": "Report"}):  # fmt: skip
        variants.append({**app, "models": [{**app["models"][0], **change}]})
    keys = {admin_sidebar.printed([variant]) for variant in variants}
    assert key not in keys and len(keys) == len(variants)


def test_the_sections_read_the_urlconf_and_script_prefix_once(rf, monkeypatch):
    """Each read is a context-local lookup; two per model and address were about 1,000 Python
    calls of every admin page."""
    from django.contrib import admin

    from pressoffice import adminsite

    reads = []
    for name in ("get_urlconf", "get_script_prefix"):
        real = getattr(adminsite, name)
        monkeypatch.setattr(
            adminsite, name, lambda real=real, name=name: reads.append(name) or real()
        )
    request = rf.get(QUEUE)
    request.user = UserFactory(is_staff=True, is_superuser=True)
    found = admin.site._build_app_dict(request)
    assert len(found) > 3
    assert sorted(reads) == ["get_script_prefix", "get_urlconf"]
