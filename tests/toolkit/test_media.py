"""Form media written once per process for each list of assets (toolkit/media.py, issue 15)."""

import pytest
from django.forms import Media
from django.forms import widgets as form_widgets
from django.forms.widgets import Script

from toolkit import media as kept

JS = ["admin/js/vendor/jquery/jquery.js", "admin/js/jquery.init.js", "admin/js/core.js"]
CSS = {"all": ["admin/css/changelists.css"], "print": ["/static/print.css"]}


@pytest.fixture(autouse=True)
def forget():
    kept._kept.clear()


def both(media):
    ours = kept.KeptMedia(media)
    return [str(ours), str(ours["js"]), str(ours["css"])], [
        str(media),
        str(media["js"]),
        str(media["css"]),
    ]


def test_kept_media_prints_what_django_prints():
    merged = (
        Media(js=JS, css=CSS)
        + Media(js=["admin/js/actions.js", JS[1]])
        + Media(css={"all": ["https://example.ru/x.css"]})
    )
    ours, djangos = both(merged)
    assert ours == djangos
    assert "actions.js" in ours[1] and 'media="print"' in ours[2]


def test_the_second_page_resolves_no_path(monkeypatch):
    calls = []
    static = form_widgets.static

    def counting(path):
        calls.append(path)
        return static(path)

    monkeypatch.setattr(form_widgets, "static", counting)
    first = str(kept.KeptMedia(Media(js=JS, css=CSS))["js"])
    assert calls
    calls.clear()
    assert str(kept.KeptMedia(Media(js=JS, css=CSS))["js"]) == first
    assert calls == []


def test_scripts_with_attributes_are_rendered_as_django_does():
    media = Media(js=[Script("admin/js/a.js", defer=True), "admin/js/b.js"])
    ours, djangos = both(media)
    assert ours == djangos and "defer" in ours[1]
    media = Media(js=[Script("admin/js/a.js", type="module"), "admin/js/b.js"])
    ours, djangos = both(media)
    assert ours == djangos and 'type="module"' in ours[1]  # not the kept one with defer


def test_another_static_url_writes_other_addresses(settings):
    before = str(kept.KeptMedia(Media(js=JS))["js"])
    settings.STATIC_URL = "/elsewhere/"
    after = str(kept.KeptMedia(Media(js=JS))["js"])
    assert after != before and "/elsewhere/admin/js/core.js" in after
