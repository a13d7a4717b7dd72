"""Photos in a real browser: Chromium picks the WebP of the width the layout needs, and the text
editor uploads an image through the admin with Django's CSRF token."""

import re

import pytest

from articles.models import Photo
from pressoffice.roles import EDITORS
from tests.e2e.conftest import DESKTOP, PHONE, log_in, screenshots
from tests.e2e.helpers import add_block
from tests.factories import CoveredArticleFactory, PhotoFactory, staff_member
from tests.images import encode, two_colour

pytestmark = pytest.mark.e2e


def chosen(page, selector):
    """The file the browser chose for the first <img> under ``selector``, once it has loaded."""
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "s => { const i = document.querySelector(s); return i.complete && i.naturalWidth }",
        arg=selector,
    )
    return image.evaluate("i => i.currentSrc")


@pytest.mark.parametrize(("viewport", "width"), [(DESKTOP, 800), (PHONE, 480)])
def test_browser_picks_the_webp_the_layout_needs(session, viewport, width):
    article = CoveredArticleFactory()
    PhotoFactory(article=article)
    page = session.page
    page.set_viewport_size(viewport)
    session.goto(article.get_absolute_url())
    cover = chosen(page, ".article__cover img")
    assert cover.endswith(".webp")
    assert cover == session.base_url + getattr(article, f"cover_{width}_webp").url
    gallery = chosen(page, ".gallery img")
    assert gallery == session.base_url + Photo.objects.get().image_480_webp.url
    session.goto("/")
    assert chosen(page, ".card__image").endswith(".webp")
    assert session.console_errors == []


LAYOUT = """() => {
    const pictures = [...document.querySelectorAll('.article__cover img, .gallery img')];
    const tops = [...document.querySelectorAll('.gallery__list > li')]
        .map(item => Math.round(item.getBoundingClientRect().top));
    return {
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        pictures: pictures.length,
        broken: pictures.filter(i => !i.naturalWidth).map(i => i.currentSrc || i.src),
        outside: pictures.filter(i => i.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(i => i.currentSrc),
        unnamed: pictures.filter(i => !i.alt.trim()).map(i => i.currentSrc),
        rows: new Set(tops).size,
    };
}"""


def test_article_photos_at_desktop_and_phone_widths(session):
    """Every picture of the cover and the gallery loads, is described and stays inside the
    page; the gallery lays three photos in one row on a desktop and one under another on a
    phone. Pictures in tests/e2e/artifacts/ for people to look at."""
    article = CoveredArticleFactory()
    for _ in range(3):
        PhotoFactory(article=article)
    page = session.page
    session.goto(article.get_absolute_url())
    for viewport, rows in ((DESKTOP, 1), (PHONE, 3)):
        page.set_viewport_size(viewport)
        for image in page.locator(".article__cover img, .gallery img").all():
            image.scroll_into_view_if_needed()  # the gallery's pictures load lazily
        page.wait_for_function(
            "() => [...document.querySelectorAll('.gallery img')].every(i => i.complete)"
        )
        layout = page.evaluate(LAYOUT)
        assert layout["pictures"] == 4, layout
        assert layout["broken"] == layout["outside"] == layout["unnamed"] == [], layout
        assert layout["overflow"] <= 0, layout
        assert layout["rows"] == rows, (viewport, layout)
    assert page.locator(".gallery .credit").count() == 3
    screenshots(page, "photos-article")
    assert session.console_errors == []


def test_text_editor_uploads_an_image_and_shows_why_a_fake_one_is_refused(session, tmp_path):
    editor = staff_member(EDITORS, username="editor-photos")
    fake, real = tmp_path / "fake.png", tmp_path / "Схема проезда.png"
    fake.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    real.write_bytes(encode(two_colour(300, 200), "PNG"))
    page = session.page
    uploads, alerts = [], []
    page.on(
        "response",
        lambda r: (
            "/admin/ckeditor/upload/" in r.url
            and uploads.append((r.status, r.request.headers.get("x-csrftoken")))
        ),
    )
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.accept()))
    log_in(session, editor)
    session.goto("/admin/articles/article/add/")
    row = add_block(page)
    row.locator(".cke iframe.cke_wysiwyg_frame").wait_for(state="visible")
    row.locator(".cke_button__image").click()
    dialog = page.locator(".cke_dialog").last
    for path in (fake, real):
        dialog.locator(".cke_dialog_tab", has_text="Загрузить").click()
        file_frame = page.frame_locator(".cke_dialog iframe.cke_dialog_ui_input_file").last
        file_frame.locator("input[type=file]").set_input_files(str(path))
        with page.expect_response(lambda r: "/admin/ckeditor/upload/" in r.url):
            dialog.locator("a.cke_dialog_ui_fileButton").click()
    url = dialog.locator("input.cke_dialog_ui_input_text").first
    page.wait_for_function("e => e.value.startsWith('/media/uploads/')", arg=url.element_handle())
    assert re.search(r"/[0-9a-f]{32}\.png$", url.input_value())  # nothing of the name
    assert [status for status, _ in uploads] == [400, 200]
    assert all(token for _, token in uploads)  # Django's CSRF token, from ckeditor-config.js
    assert len(alerts) == 1 and "не изображение" in alerts[0]
