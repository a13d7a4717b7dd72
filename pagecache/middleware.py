"""Serving and storing whole public pages for anonymous readers.

- Only views marked with ``registry.cached_page`` are cached, only for GET/HEAD, only for
  requests whose cookies are at most the CSRF cookie and the registered variant cookies
  (anyone with a session or a message sees live pages), only 200 responses that set no cookie
  of their own.
- The CSRF token is punched out of the stored HTML and put back per request, so a cached page
  still carries the reader's own token (and sets the CSRF cookie when the reader has none); so
  are the signed fields of a registered form.
- Each stored page remembers the versions of its tags (``tags``), read *before* the page was
  rendered; a change bumps a tag's version after its transaction commits, so a page rendered
  from data that was about to change is never served again. Workers keep what they read in
  memory until Redis pushes a change (pressoffice/tracking.py); a bump returns only once every
  worker's push is on its way, so the next lookup anywhere sees it.
- A page lives at most ``PAGE_CACHE_SECONDS``, never past the moment it would change by itself
  (``registry.expires``; midnight for ``"day"`` pages): the entry's ``expires``, checked on
  every hit, as a worker's copy in memory is not expired by Redis.
- ETag over the stored (token-free) HTML: a revalidating reader gets 304, cached or not.
- Cache failures are logged and the page is rendered as if there were no cache.

Where it sits: just inside WhiteNoise, outside the session, CSRF, authentication and the rest.
A hit is answered before those run (they would only find an anonymous reader), so it does not
pay for them (about half of the trivial view's time); what they add to a page's headers
(X-Frame-Options, Vary, Content-Language) is stored with it, and the CSRF middleware's own
``process_request``/``process_response`` are called on a hit, so the reader's CSRF cookie is
read and set exactly as for a rendered page. The outer middleware (security headers, CSP, the
database-outage page) still wrap every answer.
"""

import datetime
import functools
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_etags, parse_http_date_safe, quote_etag

from . import bodies, registry, tokens
from .tags import ARTICLES, SITE, article_tag, read, tag_key

logger = logging.getLogger(__name__)

# The query parameters some public page reads: lists and search (page, q and its filters),
# the comment section (comments_page, reply_to, and the notices after a post), sitemaps (p).
# Anything else (utm_*, fbclid, yclid, junk) is dropped before the key is made and before the
# view runs, so it neither makes a new entry nor reaches the HTML (the accessibility form
# echoes the address).
PUBLIC_PARAMETERS = frozenset({
    "page", "q", "region", "person", "topic", "date_from", "date_to",
    "comments_page", "reply_to", "comment", "report", "p",
})  # fmt: skip
# What a page's response carries besides its body; Set-Cookie and Content-Length are per reader.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "X-Robots-Tag", "Link",
                "X-Frame-Options", "Vary")  # fmt: skip
CLOCK_SKEW = 1.0  # seconds between app servers' clocks we tolerate
LISTED_PAGES = 5000  # list pages whose articles each worker remembers (class ListHints)
TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    allowed = {settings.CSRF_COOKIE_NAME, *registry.variant_cookies()}
    return set(request.COOKIES) <= allowed


def _kind(request):
    """The kind of the URL's view, resolved here: the page cache answers before the handler
    resolves. The match too, for the tags its arguments name."""
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _resolved(request.path_info, urlconf)


@functools.lru_cache(maxsize=4096)
def _resolved(path, urlconf):
    """(kind, match) of ``path``, remembered: walking the URL patterns was a tenth of a hit's
    work, and a path resolves the same way until the code changes. Bounded, as any address can
    be asked for."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None, None
    return registry.kind_of(match.func), match


def _drop_foreign_parameters(request):
    """Keep only PUBLIC_PARAMETERS in the query string, sorted: ``?b=1&a=2`` and ``?a=2&b=1``
    are one page."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    clean = _clean_query(query)
    if clean != query:
        request.META["QUERY_STRING"] = clean
        request.__dict__.pop("GET", None)  # parsed again from the clean string
        if hasattr(request, "_get"):
            del request._get


@functools.lru_cache(maxsize=4096)
def _clean_query(query):
    """``query`` with PUBLIC_PARAMETERS only, sorted; remembered, as the same searches and
    pages are asked for again and again. Bounded, as any query can be sent."""
    kept = sorted(
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if key in PUBLIC_PARAMETERS
    )
    return urlencode(kept)


def page_key(request):
    """Per release too (pressoffice/release.py): a new release draws its pages afresh."""
    where = [request.scheme, request.get_host(), request.get_full_path()]
    raw = "|".join([settings.RELEASE, *where, registry.variant(request)])
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _get_many(keys):
    """``cache.get_many``; from the worker's memory while Redis has not pushed a change, where
    the backend can (pressoffice/tracking.py). The values are shared: never change them."""
    tracked = getattr(cache, "get_many_tracked", None)
    return tracked(keys) if tracked is not None else cache.get_many(keys)


def _base_tags(match, kind):
    tags = [SITE]
    if kind == "article":
        tags.append(article_tag(match.kwargs.get("slug", "")))
    elif kind in ("list", "day"):
        tags.append(ARTICLES)
    return tags


def _etag(response, content):
    """The view's own validator if it set one (feeds do), else a hash of the token-free HTML."""
    if response.has_header("ETag"):
        return response["ETag"]
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def _not_modified(request, etag):
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in wanted or etag in wanted


def _signer(entry):
    """The registered form whose fields this entry's body leaves out; False when the entry
    needs one no app registers (an entry of an older release): it cannot be served."""
    if not entry.get("signed_form"):
        return None
    return registry.signed_form(entry.get("signer")) or False


# The request headers that may make a stored page's answer a 304 (or a 412).
CONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE",
              "HTTP_IF_UNMODIFIED_SINCE")  # fmt: skip


def _conditional(request, entry):
    """Django's answer to the request's preconditions, or None; not asked (nor the stored
    Last-Modified parsed) when the request has none, as most have."""
    if not any(name in request.META for name in CONDITIONS):
        return None
    last_modified = entry["headers"].get("Last-Modified")
    return get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
    )


def _respond(request, entry, parts, signer):
    """A response from a stored entry: the reader's own CSRF token, or 304."""
    not_modified = _conditional(request, entry)
    if not_modified is not None:
        response = not_modified
    else:
        values = {}
        if "token" in parts:
            values["token"] = tokens.token(request)
        if signer:
            timestamp, signed = signer.sign(*entry["signed_form"])
            values.update(ts=timestamp.encode(), hash=signed.encode())
        content = b"".join(values[part] if isinstance(part, str) else part for part in parts)
        response = HttpResponse(content, status=entry["status"])
        # Checked by Django when they were made (_headers); only copied here. ``_store`` is
        # what ResponseHeaders keeps (Django 3.2+): {lower-case name: (name, value)}.
        response.headers._store.update(_headers(entry["etag"], tuple(entry["headers"].items())))
        response["Content-Length"] = str(len(content))
        return response
    _finish(response, entry["etag"])
    return response


@functools.lru_cache(maxsize=1024)
def _headers(etag, stored):
    """The headers of a hit on a stored page but its length, set and checked through Django's
    API once per process and page version rather than a dozen header writes per hit."""
    response = HttpResponse()
    for name, value in stored:
        response[name] = value
    _finish(response, etag)
    return dict(response.headers._store)


def _finish(response, etag):
    response["ETag"] = etag
    # The HTML holds the reader's CSRF token: browsers may keep it but must ask first.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))


def _punch_signed_form(html, marker, state):
    """The first registered signed form found in the page, its values left out."""
    for form in registry.signed_forms():
        target = form.target.search(html)
        if target:
            punched = rf"\g<1>{marker}-ts\g<2>{marker}-hash\g<3>"
            state.update(signed_form=target.groups(), signer=form.name)
            return form.fields.sub(punched, html, count=1)
    return html


class ListHints:
    """The tags of the articles each list page showed when this worker last stored or served
    it, so that a hit reads their versions in the same round trip as the entry. Only a hint:
    the entry's own list decides, and a wrong or missing hint costs the second round trip the
    lists always paid. Bounded, least recently used first out."""

    def __init__(self, limit):
        self.limit = limit
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            tags = self.pages.get(key, ())
            if tags:
                self.pages.move_to_end(key)
            return tags

    def put(self, key, tags):
        with self.lock:
            self.pages[key] = tuple(tags)
            self.pages.move_to_end(key)
            while len(self.pages) > self.limit:
                self.pages.popitem(last=False)

    def clear(self):
        with self.lock:
            self.pages.clear()


list_hints = ListHints(LISTED_PAGES)


class PageCacheMiddleware:
    """Serve and store whole public pages; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Its request and response steps, for the hits answered before it runs.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        hit = self.lookup(request)
        if hit is not None:
            return hit
        return self.process_response(request, self.get_response(request))

    def lookup(self, request):
        if not _cacheable_request(request):
            return None
        kind, match = _kind(request)
        if kind is None:
            return None
        _drop_foreign_parameters(request)
        request._page_cache = {"kind": kind, "key": None}
        if not enabled():
            return None
        tags = _base_tags(match, kind)
        key = page_key(request)
        try:
            # One round trip for the entry and its tags' versions, the versions of the articles
            # a list showed when this worker last saw it included; a second one only when the
            # list shows others now, and one more for a body this worker has not served yet.
            expected = list_hints.get(key)
            keys = {tag: tag_key(tag) for tag in (*tags, *expected)}
            found = _get_many([key, *keys.values()])
            entry = found.get(key)
            if entry and not entry.get("expires", 0) > time.time():
                entry = None  # past its time (a copy in memory outlives Redis's own expiry)
            current = {tag: found.get(keys[tag], "0") for tag in tags}
            if entry and entry["extra_tags"]:
                if tuple(entry["extra_tags"]) == expected:
                    current.update({tag: found.get(keys[tag], "0") for tag in expected})
                else:
                    current.update(read(entry["extra_tags"]))
                    list_hints.put(key, entry["extra_tags"])
            fresh = entry and all(current.get(t) == v for t, v in entry["tags"].items())
            signer = _signer(entry) if fresh else None
            parts = bodies.body(entry) if fresh and signer is not False else None
        except Exception:
            logger.exception("page cache: lookup failed, rendering live")
            return None
        request._page_cache.update(key=key, versions=current, started=time.time())
        if parts is None:
            return None
        request._page_cache["hit"] = True
        self.csrf.process_request(request)  # the reader's CSRF cookie, as for a rendered page
        return self.csrf.process_response(request, _respond(request, entry, parts, signer))

    def process_response(self, request, response):
        state = getattr(request, "_page_cache", None)
        if state is None or state.get("hit") or response.status_code != 200:
            return response
        # The CSRF cookie is the reader's own (set when the page was rendered for a reader
        # without one); any other cookie means the page was not the anonymous one.
        own_cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        if response.streaming or own_cookies or response.has_header("Cache-Control"):
            return response
        marker = bodies.placeholder()
        html = TOKEN_FIELD.sub(rf"\g<1>{marker}\g<2>", response.content.decode())
        content = _punch_signed_form(html, marker, state).encode()
        etag = _etag(response, content)
        if _not_modified(request, etag):
            not_modified = HttpResponseNotModified()
            not_modified.cookies = response.cookies
            _finish(not_modified, etag)
            return not_modified
        _finish(response, etag)
        if state["key"] and request.method == "GET":
            self._store(request, response, state, content, etag, marker)
        return response

    def _store(self, request, response, state, content, etag, marker):
        timeout = _lifetime(response, state["kind"])
        if timeout <= 0:
            return
        extra = registry.extra_tags(response) if state["kind"] != "article" else []
        versions = dict(state["versions"])
        try:
            if extra:
                listed = read(extra)
                # These were read after rendering: a bump during the render (versions are the
                # bump's time) means the page may show what just changed; don't keep it.
                if any(float(v) > state["started"] - CLOCK_SKEW for v in listed.values()):
                    return
                versions.update(listed)
            digest = hashlib.sha256(content).hexdigest()
            entry = {
                "expires": time.time() + timeout,
                "body": digest,
                "status": response.status_code,
                "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
                "etag": etag,
                "placeholder": marker,
                "signed_form": state.get("signed_form"),
                "signer": state.get("signer"),
                "tags": versions,
                "extra_tags": extra,
            }
            # The body first: an entry is never found without its body (short of eviction,
            # which renders the page again).
            bodies.store(digest, content, timeout)
            cache.set(state["key"], entry, timeout)
            if extra:
                list_hints.put(state["key"], extra)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)


def _lifetime(response, kind):
    """Seconds this page may be kept: never past the moment it changes by itself."""
    now = timezone.now()
    until = now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    for moment in registry.changes_by_itself(kind, response):
        if moment > now:
            until = min(until, moment)
    if kind == "day":
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
        until = min(until, midnight)
    return int((until - now).total_seconds())
