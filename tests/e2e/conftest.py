"""Browser tests: Playwright's sync API drives /usr/bin/chromium against pytest-django's
live_server.

Run apart with ``.venv/bin/python -m pytest -m e2e tests/e2e``. On a machine without Chromium or
without the ``playwright`` package the whole folder is skipped, with the reason shown by ``-rs``.
Never run ``playwright install``: it downloads a browser, and this suite uses the system one.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import ensure_migration_data

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent

try:
    from playwright import sync_api
except ImportError:
    sync_api = None

if not CHROMIUM.exists():
    MISSING = f"e2e: no Chromium at {CHROMIUM} (apt-get install chromium); browser tests skipped"
elif sync_api is None:
    MISSING = "e2e: the playwright package is not installed (pip install -r requirements-dev.txt)"
else:
    MISSING = None


def pytest_collection_modifyitems(config, items):
    """Without a browser every test of this folder is skipped, each with the reason (-rs).

    A hook rather than a skip at import: pytest cannot skip a conftest.py it loads first, which
    is the case when the folder is named on the command line (pytest tests/e2e).
    """
    if MISSING is None:
        return
    skip = pytest.mark.skip(reason=MISSING)
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Screenshots: tests/e2e/artifacts/ (git-ignored) unless CI names a folder it keeps.
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS") or HERE / "artifacts")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 375, "height": 740}
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    home = tmp_path_factory.mktemp("browser-home")
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        env={**os.environ, "HOME": str(home)},
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    """Readers in the browser get cached pages, as in production: every journey also proves that
    what staff change reaches readers at once (changes commit here, so invalidation runs)."""
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def site_db(transactional_db, django_db_serialized_rollback):
    """The database as the migrations leave it: 97 regions and the three staff groups.

    live_server needs a transactional database, which is flushed after each test; the serialized
    rollback puts the migrations' data back, so the tests that run later still find it. If it is
    missing anyway (another plugin order, another database) it is recreated here. Recreated,
    the regions have new keys: the per-process caches of the region table are dropped too.
    """
    from recognition.speakers import clear_cache as forget_titles
    from regions.recognition import clear_cache as forget_regions

    ensure_migration_data()
    forget_regions()
    forget_titles()


def serve_media(route):
    """Stands in for the web server that serves uploads in production (DEBUG is off in tests,
    so Django serves none): files come from the test storage, in memory."""
    from urllib.parse import unquote, urlsplit

    from django.conf import settings
    from django.core.files.storage import default_storage

    name = unquote(urlsplit(route.request.url).path).removeprefix(settings.MEDIA_URL)
    if not default_storage.exists(name):
        route.fulfill(status=404, body="not found")
        return
    with default_storage.open(name) as file:
        body = file.read()
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    route.fulfill(status=200, body=body, content_type=content_type)


class Session:
    """A browser context with its page and every URL the page asked for."""

    def __init__(self, browser, base_url, **options):
        self.base_url = base_url
        self.context = browser.new_context(
            viewport=options.pop("viewport", DESKTOP), locale="ru-RU", **options
        )
        self.context.set_default_timeout(10_000)
        self.context.route(f"{base_url}/media/**", serve_media)
        self.requests = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.console_errors = []
        self.page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def goto(self, path):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        return response

    def outside_requests(self):
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, live_server, site_db):
    """Opens more contexts in one test (no JavaScript, a phone); all are closed afterwards."""
    sessions = []

    def open_(**options):
        session = Session(browser, live_server.url, **options)
        sessions.append(session)
        return session

    yield open_
    for session in sessions:
        session.close()


@pytest.fixture
def session(open_session):
    return open_session()


@pytest.fixture
def page(session):
    return session.page


@pytest.fixture
def axe():
    """axe-core, inside its Python wheel; the tests that use it skip, saying why, without it."""
    return pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="e2e: axe-playwright-python is not installed (pip install -r requirements-dev.txt)",
    ).Axe()


def screenshot(page, name):
    """A full-page PNG in ARTIFACTS (tests/e2e/artifacts/ or $E2E_ARTIFACTS), for people to
    look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, animations="disabled")


def screenshots(page, name):
    """The current page at desktop (1366) and phone (375) widths."""
    viewport = page.viewport_size
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"{name}-{label}")
    page.set_viewport_size(viewport)


@pytest.fixture
def seed(site_db):
    """The demo newsroom (no accounts: DEBUG is off); returns the seed article."""
    from articles.models import Article
    from demo.loader import SEED_TITLE, DemoLoader

    DemoLoader().load()
    return Article.objects.get(title=SEED_TITLE)


def log_in(session, user):
    """Through the admin's login form, as staff do."""
    page = session.page
    session.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"{session.base_url}/admin/")


COMMENT_QUEUE = "/admin/comments/comment/"


def approve_in_queue(session, text, *, screenshot_as=None):
    """A moderator (logged in) approves the pending comment ``text`` in the queue, with the
    action «Одобрить выбранные комментарии»; ``screenshot_as`` names a picture of the queue."""
    page = session.page
    session.goto(COMMENT_QUEUE)
    assert "status=pending" in page.url
    row = page.locator("#result_list tbody tr", has_text=text)
    assert row.count() == 1, f"{text!r} is not in the queue once"
    if screenshot_as:
        screenshot(page, screenshot_as)
    row.locator("input[name=_selected_action]").check()
    page.select_option("select[name=action]", label="Одобрить выбранные комментарии")
    with page.expect_navigation():
        page.locator("#changelist-form button[name=index]").click()
    assert "Одобрено комментариев: 1." in page.locator(".messagelist").inner_text()
