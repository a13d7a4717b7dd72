"""What a browser fetches for a page (scripts, images, stylesheets, icons), and fetching it."""

import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlsplit

RESOURCE_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "object"}
FETCHED_RELS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest"}


class Resources(HTMLParser):
    """Addresses a browser fetches while loading a page: scripts, images, stylesheets, icons."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.stylesheets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & FETCHED_RELS and attrs.get("href"):
                self.urls.append(attrs["href"])
                if "stylesheet" in rels:
                    self.stylesheets.append(attrs["href"])
        elif tag in RESOURCE_TAGS:
            for name in ("src", "data"):
                if attrs.get(name):
                    self.urls.append(attrs[name])
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])


def resources(html):
    parser = Resources()
    parser.feed(html)
    return parser


def third_party(html, own_hosts):
    """Resources of the page on any host but ours (protocol-relative ones included)."""
    found = []
    for url in resources(html).urls:
        host = urlsplit(url).hostname
        if host and host not in own_hosts:
            found.append(url)
    return found


def fetch(url, headers=None, timeout=60):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.geturl(), response.read()
