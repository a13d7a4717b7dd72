"""The version for the visually impaired, keyboard use, zoom and narrow screens in Chromium."""

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

PAGE_TYPES = {
    "home": "/",
    "article": None,  # the seed story
    "person": "/people/dmitry-milyaev/",
    "district": "/regions/privolzhsky-federalny-okrug/",
    "regions": "/regions/",
    "municipality": "/regions/tula/",
    "people": "/people/",
    "topic": "/topics/aviatsiya/",
    "archive": "/news/",
    "archive-month": "/news/2026/11/",
    "personal-data": "/personal-data/",
    "press": "/press/",
    "accreditation": "/press/accreditation/",
    "search": "/search/?q=губернатор+области",
    "search-empty": "/search/?q=",
    "photobank": "/photobank/",
    "photobank-filtered": "/photobank/?region=privolzhsky-federalny-okrug&date_from=вчера",
}


def urls(seed):
    return {name: path or seed.get_absolute_url() for name, path in PAGE_TYPES.items()}


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_every_page_type_fits_a_360px_phone_and_200_percent_zoom(open_session, seed):
    """200% zoom of a 1280 px window lays out like a 640 px one; 360 px is a small phone."""
    for width in (360, 640):
        session = open_session(viewport={"width": width, "height": 800})
        for name, path in urls(seed).items():
            session.goto(path)
            assert overflow(session.page) <= 0, f"{name} scrolls sideways at {width}px"


def test_keyboard_reaches_the_skip_link_first_and_it_works(session, seed):
    page = session.page
    session.goto(seed.get_absolute_url())
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Перейти к содержанию"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main


def test_version_for_the_visually_impaired_by_keyboard_and_without_javascript(open_session, seed):
    session = open_session(java_script_enabled=False)
    page = session.page
    session.goto(seed.get_absolute_url())
    page.get_by_role("button", name="Версия для слабовидящих").click()
    page.wait_for_url(session.base_url + seed.get_absolute_url())
    assert "a11y-size-2" in page.locator("html").get_attribute("class")
    page.get_by_label("Белым по чёрному").check()
    page.get_by_label("Очень крупный").check()
    page.locator("fieldset", has_text="Изображения").get_by_label("Скрыть").check()
    with page.expect_navigation(wait_until="load"):  # stylesheet applied before reading colours
        page.get_by_role("button", name="Применить").click()
    classes = page.locator("html").get_attribute("class")
    assert "a11y-scheme-wb" in classes and "a11y-size-3" in classes
    assert "a11y-images-off" in classes
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    assert not page.locator("main img").first.is_visible()
    screenshot(page, "accessible-white-on-black")
    session.goto("/people/")  # remembered on other pages
    assert "a11y-scheme-wb" in page.locator("html").get_attribute("class")
    page.get_by_role("button", name="Обычная версия сайта").click()
    assert not page.locator("html").get_attribute("class")


@pytest.mark.parametrize("scheme", ["usual", "bw", "wb", "blue", "brown"])
def test_every_page_type_passes_axe_in_the_usual_version_and_each_colour_scheme(
    open_session, seed, scheme
):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    session = open_session()
    page = session.page
    session.goto("/")
    if scheme != "usual":
        page.get_by_role("button", name="Версия для слабовидящих").click()
        page.locator(f"input[name=scheme][value={scheme}]").check()
        page.get_by_role("button", name="Применить").click()
    report = []
    for name, path in {**urls(seed), "not-found": "/net-takoy-stranicy/"}.items():
        response = page.goto(session.base_url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            report.append(f"{name} {path}:\n{describe(violations)}")
    assert not report, "axe-core violations:\n" + "\n\n".join(report)


def test_article_prints_without_navigation_forms_or_comments(session, seed):
    page = session.page
    session.goto(seed.get_absolute_url())
    page.emulate_media(media="print")
    for selector in [".site-header", ".site-footer", ".a11y-bar", ".comments"]:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".article__body .quote").first.is_visible()
    assert page.locator("h1").is_visible()
