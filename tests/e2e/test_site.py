"""The public site in a real browser, on the demo newsroom: content, no-JS, privacy, axe-core."""

import pytest

from tests.e2e.conftest import PHONE, screenshots
from tests.e2e.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

SPEAKERS = ["Дмитрий МИЛЯЕВ", "Наталья АРТЕМЬЕВА", "Алексей РУССКИХ"]


def person_url(last_name):
    from people.models import Person

    return Person.objects.get(last_name=last_name).get_absolute_url()


def check_article_page(session, seed):
    """Home → article → the first speaker's page, by clicking, as a reader would."""
    page = session.page
    session.goto("/")
    link = page.locator("main .card__title a", has_text=seed.title)
    assert link.count() == 1, "the seed article is not on the home page"
    link.click()
    page.wait_for_url(session.base_url + seed.get_absolute_url())
    assert page.locator("h1").inner_text() == seed.title
    quotes = page.locator(".article__body figure.quote")
    assert quotes.count() == 3
    assert quotes.locator(".quote__name").all_inner_texts() == SPEAKERS
    for quote in quotes.all():
        assert quote.locator("blockquote p").first.inner_text().strip()
        assert quote.locator(".quote__title").inner_text().strip()
    quotes.first.locator(".quote__name").click()
    page.wait_for_url(session.base_url + person_url("Миляев"))
    assert page.locator("h1").inner_text() == "Миляев Дмитрий Вячеславович"
    assert page.locator(".person-quotes a", has_text=seed.title).count() == 1


def test_reader_goes_from_home_to_article_to_person(session, seed):
    check_article_page(session, seed)
    assert not session.console_errors, session.console_errors
    assert not session.outside_requests(), (
        f"requests left {session.base_url}: {session.outside_requests()}"
    )


def test_site_works_without_javascript(open_session, seed):
    session = open_session(java_script_enabled=False)
    check_article_page(session, seed)
    session.goto("/news/")
    session.goto("/regions/ulyanovskaya-oblast/")
    assert session.page.locator("main .card__title a", has_text=seed.title).count() == 1
    assert not session.outside_requests(), session.outside_requests()


def test_screenshots_of_public_pages(session, seed):
    """Desktop (1280) and phone (360) pictures in tests/e2e/artifacts/, for people to look at."""
    page = session.page
    for name, path in [
        ("home", "/"),
        ("article", seed.get_absolute_url()),
        ("person", person_url("Миляев")),
    ]:
        session.goto(path)
        page.wait_for_load_state("networkidle")
        screenshots(page, name)
        # Nothing may be wider than a phone's screen (a horizontal scroll bar on a 360 phone).
        page.set_viewport_size(PHONE)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px wider than a 360px phone"
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not session.outside_requests(), session.outside_requests()


def test_public_pages_have_no_axe_violations(session, seed):
    axe = pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="e2e: axe-playwright-python is not installed (pip install -r requirements-dev.txt)",
    ).Axe()
    pages = {
        "home": "/",
        "article": seed.get_absolute_url(),
        "person": person_url("Миляев"),
        "region": "/regions/ulyanovskaya-oblast/",
        "regions": "/regions/",
        "people": "/people/",
        "archive": "/news/",
    }
    report = []
    for name, path in pages.items():
        session.goto(path)
        violations = axe.run(session.page, options=AXE_OPTIONS).response["violations"]
        if violations:
            report.append(f"{name} {path}:\n{describe(violations)}")
    print("\n\n".join(report))
    assert not report, "axe-core violations:\n" + "\n\n".join(report)
