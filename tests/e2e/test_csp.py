"""The public pages' strict Content-Security-Policy, in a real browser: no violation reported.

The headers themselves are checked without a browser in tests/security/test_headers.py.
"""

import pytest

pytestmark = pytest.mark.e2e

# Collected by a listener in each page before any of the page's own code runs.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.mark.parametrize("a11y", [False, True], ids=["usual", "accessibility-version"])
def test_public_pages_raise_no_csp_violation_in_a_browser(session, seed, a11y):
    """Home, an article with its comment form, search: the browser reports no violation."""
    page = session.page
    page.add_init_script(LISTEN)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    if a11y:
        session.goto("/")
        page.locator(".a11y-bar__switch").click()
        page.wait_for_load_state()
        assert "a11y" in (page.locator("html").get_attribute("class") or "")
    for path in ("/", seed.get_absolute_url(), "/search/?q=губернатор"):
        response = session.goto(path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        if path == seed.get_absolute_url():
            assert page.locator("form#comment-form").count() == 1
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__csp")
        assert violations == [], (path, violations)
    csp_messages = [text for text in messages if "Content Security Policy" in text]
    assert csp_messages == []
    assert not session.console_errors, session.console_errors
