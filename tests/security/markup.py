"""What the security tests look for in a response: markup a browser would run, found by parsing
the page (lxml) rather than by searching its text."""

import json
import re

import lxml.etree
import lxml.html

# Each payload carries a marker (``{m}``) so a test can tell that the text reached the page.
XSS_PAYLOADS = [
    "<script>alert('{m}')</script>",
    '"><img src=x onerror=alert("{m}")>',
    "'><svg onload=alert('{m}')>",
    "javascript:alert('{m}')",
    "<a href=\"javascript:alert('{m}')\">{m}</a>",
    "</textarea><script>alert('{m}')</script>",
    "</title><script>alert('{m}')</script>",
    '</script><script>alert("{m}")</script>',
    "{{{{7*7}}}} {{% now 'Y' %}} ${{7*7}} {m}",
    '" autofocus onfocus="alert(\'{m}\')" x="',
    "' onmouseover='alert(`{m}`)' x='",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<body onload=alert('{m}')>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert('{m}')\">",
    "<base href=//evil.example/>{m}",
    "＜script＞alert('{m}')＜/script＞ \u2028\u2029 \u202eevil",
    "<scr\u200bipt>alert('{m}')</scr\u200bipt>",
    "%3Cscript%3Ealert('{m}')%3C/script%3E",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    '<img src="/x" alt="{m}" onerror="alert(1)">',
    "<div style=\"background:url(javascript:alert('{m}'))\">x</div>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('{m}')>\">",
]

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href"}
FORBIDDEN_TAGS = {"base", "iframe", "frame", "frameset", "object", "embed", "applet"}
_BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


def payloads(prefix="x"):
    """(marker, payload) pairs; markers are short, Latin and unique: ``xss{prefix}0``…"""
    return [(f"xss{prefix}{n}", text.format(m=f"xss{prefix}{n}")) for n, text in
            enumerate(XSS_PAYLOADS)]  # fmt: skip


def injected(html):
    """Every place in an HTML page where script could run, as readable strings; [] is safe."""
    document = lxml.html.document_fromstring(html)
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}> element")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if tag == "script":
            found.extend(_script_problems(element))
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"<{tag} {name}=…> handler")
            if name in URL_ATTRIBUTES and _BAD_SCHEME.match(_unentity(value)):
                found.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript:" in value.lower():
                found.append(f"<{tag} style={value!r}>")
    return found


def _unentity(value):
    # Browsers ignore control characters and whitespace inside a scheme: "java\tscript:".
    return re.sub(r"[\x00-\x20]", "", value)


def _script_problems(element):
    kind = (element.get("type") or "").lower()
    text = element.text or ""
    if kind in {"application/ld+json", "application/json"}:
        try:
            json.loads(text)
        except ValueError:
            return [f"JSON-LD that is no JSON: {text[:80]!r}"]
        return []
    if text.strip():
        return [f"inline <script>: {text[:80]!r}"]
    src = element.get("src") or ""
    if not src.startswith("/") or src.startswith("//"):  # same-origin files only
        return [f"<script src={element.get('src')!r}>"]
    return []


def assert_safe(response, *markers):
    """The page runs nothing injected, and each marker is in its text (the input reached it)."""
    assert response.status_code in {200, 400, 404, 410}, response.status_code
    html = response.content.decode()
    problems = injected(html)
    assert problems == [], problems
    # Markers are Latin letters and digits: found as they are in text or attribute values.
    missing = [marker for marker in markers if marker not in html]
    assert not missing, f"{missing} not shown: the test would prove nothing"
    return html


def assert_safe_feed(response, *markers, channel=True):
    """A feed (or sitemap): well-formed XML, and the HTML it carries (RSS descriptions, Atom
    html content) runs nothing; ``channel=False`` looks at the items only."""
    assert response.status_code == 200
    root = lxml.etree.fromstring(response.content)
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        name = lxml.etree.QName(node).localname
        assert name.lower() != "script"
        # Titles are plain text in both formats; these carry HTML a feed reader renders (Yandex's
        # robot takes yandex:full-text for HTML too).
        html_elements = {"description", "encoded", "full-text"}
        carries_html = name in html_elements or node.get("type") in {"html", "xhtml"}
        in_item = any(lxml.etree.QName(up).localname in {"item", "entry"}
                      for up in node.iterancestors())  # fmt: skip
        if carries_html and node.text and (channel or in_item):
            problems = injected(f"<html><body>{node.text}</body></html>")
            assert problems == [], (node.tag, problems)
    text = "".join(root.itertext())
    missing = [marker for marker in markers if marker not in text]
    assert not missing, f"{missing} not in the feed"
