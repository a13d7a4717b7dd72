"""Whole-page cache for anonymous readers, invalidated by versioned tags, with conditional GET.

Why not Django's per-site cache middleware: every page carries a CSRF token (the comment form,
the accessibility switch), which it would either cache for everyone or vary per visitor; it
cannot forget a page when an editor publishes; and it cannot tell an article page from a list.
Here:

- Only the public page types in ``PAGES`` are cached, only for GET/HEAD, only for requests whose
  cookies are at most the CSRF cookie and the accessibility-version cookie (anyone with a session
  or a message sees live pages), only 200 responses that set no cookie of their own.
- The CSRF token is punched out of the stored HTML and put back per request, so a cached page
  still carries the reader's own token (and sets the CSRF cookie when the reader has none).
- Each stored page remembers the versions of its tags, read *before* the page was rendered; a
  change bumps a tag's version after its transaction commits, so a page rendered from data that
  was about to change is never served again. Tags: ``site`` (people, regions, topics: names
  appear everywhere), ``articles`` (which articles are public and what they say), and
  ``article:<slug>`` (one article's page, its comments and its card's comment count).
- A page lives at most ``PAGE_CACHE_SECONDS``, and never past the moment it would change by
  itself: the next scheduled publication, an article's comments closing, midnight for pages
  that show who holds which post today.
- ETag over the stored (token-free) HTML: a revalidating reader gets 304, cached or not.
- Cache failures are logged and the page is rendered as if there were no cache.

Where it sits: just inside WhiteNoise, outside the session, CSRF, authentication and the rest.
A hit is answered before those run (they would only find an anonymous reader), so it does not
pay for them (about half of the trivial view's time); what they add to a page's headers
(X-Frame-Options, Vary, Content-Language) is stored with it, and the CSRF middleware's own
``process_request``/``process_response`` are called on a hit, so the reader's CSRF cookie is
read and set exactly as for a rendered page. The outer middleware (security headers, CSP, the
database-outage page) still wrap every answer.

Bodies are stored apart from their entries, under their own hash, and each worker keeps the
bodies it served last in memory (``LOCAL_BYTES``): a body never changes under its key, so the
memory copy is never stale, and a hit asks Redis only for the entry and its tags' versions.
"""

import datetime
import hashlib
import hmac
import logging
import re
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_etags, parse_http_date_safe, quote_etag

from . import accessibility

logger = logging.getLogger(__name__)

SITE = "site"
ARTICLES = "articles"

# view name → what the page depends on besides ``site``.
ARTICLE_PAGE = "articles:article-detail"
PAGES = {
    ARTICLE_PAGE: "article",
    "articles:home": "list",
    "articles:archive": "list",
    "articles:archive-year": "list",
    "articles:archive-month": "list",
    "articles:topic-detail": "list",
    "articles:search": "list",
    "regions:region-list": "site",
    "regions:region-detail": "list",
    "people:person-list": "day",
    "people:person-detail": "day",
    "personal-data": "site",
    "robots": "site",
    "sitemap": "list",
    "sitemap-section": "list",
}
FEED_PREFIX = "feeds:"
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
LOCAL_BYTES = 32 * 1024 * 1024  # bodies each worker keeps in memory
CLOCK_SKEW = 1.0  # seconds between app servers' clocks we tolerate
TOKEN_FIELD = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
# The comment form signs the time it was shown; a cached page gets a fresh signature per reader.
SIGNED_TARGET = re.compile(
    r'name="content_type" value="([\w.]+)".*?name="object_pk" value="(\d+)"', re.S
)
SIGNED_FIELDS = re.compile(
    r'(name="timestamp" value=")\d+(".*?name="security_hash" value=")[0-9a-f]+(")', re.S
)


def _placeholder():
    # Unguessable, so no text a reader or an editor writes can make us print a token.
    digest = hmac.new(settings.SECRET_KEY.encode(), b"page-cache-csrf", hashlib.sha256)
    return "csrf-" + digest.hexdigest()[:40]


def tag_key(tag):
    return f"pagecache:tag:{hashlib.md5(tag.encode()).hexdigest()}"  # noqa: S324 (not security)


def article_tag(slug):
    return f"article:{slug}"


def bump(*tags):
    """Invalidate every page that depends on ``tags``, once the current transaction commits."""
    tags = {tag for tag in tags if tag}
    if tags:
        transaction.on_commit(lambda: _bump_now(tags))


def _write_versions(tags):
    """True when every tag got a new version. A new value, not an increment: a restarted or
    evicted cache can never bring an old version back."""
    now = time.time()
    try:
        # Our Redis backend fails soft: set_many answers the keys it could not write.
        failed = cache.set_many({tag_key(tag): f"{now:.6f}" for tag in tags}, timeout=None)
    except Exception:
        logger.exception("page cache: writing versions of %s failed", sorted(tags))
        return False
    return not failed


def _bump_now(tags):
    if not _write_versions(tags):
        # A stalled or unreachable Redis: the pages that show these tags would be served as
        # they were until their entries expire. Retried in the background until it lands.
        logger.error("page cache: could not invalidate %s; retrying until Redis answers",
                     sorted(tags))  # fmt: skip
        _keep_trying(tags)


RETRY_SECONDS = 1.0
_pending = set()
_pending_lock = threading.Lock()
_retrier = None


def _keep_trying(tags):
    """Remember ``tags`` and make sure a thread of this process retries them every second."""
    global _retrier
    with _pending_lock:
        _pending.update(tags)
        if _retrier is None or not _retrier.is_alive():
            _retrier = threading.Thread(target=_retry, name="pagecache-retry", daemon=True)
            _retrier.start()


def _retry():
    while True:
        time.sleep(RETRY_SECONDS)
        with _pending_lock:
            tags = set(_pending)
            if not tags:
                return
        if _write_versions(tags):
            with _pending_lock:
                _pending.difference_update(tags)
            logger.warning("page cache: the delayed invalidation of %s is written", sorted(tags))


def articles_changed(article_ids, *, listed=False):
    """Pages of these articles changed (comments, counts); ``listed``: lists changed too."""
    from articles.models import Article

    slugs = Article.objects.filter(pk__in=article_ids).values_list("slug", flat=True)
    bump(*(article_tag(slug) for slug in slugs), ARTICLES if listed else None)


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    allowed = {settings.CSRF_COOKIE_NAME, accessibility.COOKIE}
    return set(request.COOKIES) <= allowed


def _match(request):
    """The URL's view, resolved here: the page cache answers before the handler resolves."""
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None


def _kind(match):
    if match is None:
        return None
    if match.view_name.startswith(FEED_PREFIX):
        return "list"
    return PAGES.get(match.view_name)


def _variant(request):
    chosen = accessibility.read(request)
    return "" if chosen is None else ";".join(f"{k}={chosen[k]}" for k in sorted(chosen))


def _drop_foreign_parameters(request):
    """Keep only PUBLIC_PARAMETERS in the query string, sorted: ``?b=1&a=2`` and ``?a=2&b=1``
    are one page."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    kept = sorted(
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if key in PUBLIC_PARAMETERS
    )
    clean = urlencode(kept)
    if clean != query:
        request.META["QUERY_STRING"] = clean
        request.__dict__.pop("GET", None)  # parsed again from the clean string
        if hasattr(request, "_get"):
            del request._get


def _page_key(request):
    raw = "|".join([request.scheme, request.get_host(), request.get_full_path(), _variant(request)])
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _base_tags(match, kind):
    tags = [SITE]
    if kind == "article":
        tags.append(article_tag(match.kwargs.get("slug", "")))
    elif kind in ("list", "day"):
        tags.append(ARTICLES)
    return tags


def versions(tags):
    """``{tag: version}`` of ``tags``, in one read of the cache; None when the cache cannot
    be read (whoever asked renders without it)."""
    try:
        return _versions(tags)
    except Exception:
        logger.exception("page cache: reading versions of %s failed", sorted(tags))
        return None


def _versions(tags):
    found = cache.get_many([tag_key(tag) for tag in tags])
    return {tag: found.get(tag_key(tag), "0") for tag in tags}


def _etag(response, content):
    """The view's own validator if it set one (feeds do), else a hash of the token-free HTML."""
    if response.has_header("ETag"):
        return response["ETag"]
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def _not_modified(request, etag):
    wanted = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in wanted or etag in wanted


def body_key(digest):
    return f"pagecache:body:{digest}"


class _Bodies:
    """The bodies this worker served last, by their hash, split at the per-reader markers."""

    def __init__(self, limit):
        self.limit = limit
        self.size = 0
        self.parts = OrderedDict()
        self.lock = threading.Lock()

    def get(self, digest):
        with self.lock:
            parts = self.parts.get(digest)
            if parts is not None:
                self.parts.move_to_end(digest)
            return parts

    def put(self, digest, parts):
        size = _size(parts)
        with self.lock:
            if digest in self.parts or size > self.limit:
                return
            self.parts[digest] = parts
            self.size += size
            while self.size > self.limit:
                _old, dropped = self.parts.popitem(last=False)
                self.size -= _size(dropped)

    def clear(self):
        with self.lock:
            self.parts.clear()
            self.size = 0


def _size(parts):
    # Added and taken away by the same measure, so the total never drifts.
    return sum(len(part) for part in parts if isinstance(part, bytes))


_bodies = _Bodies(LOCAL_BYTES)


def _split(content, placeholder):
    """The body as text segments and the names of what goes between them: "token", "ts",
    "hash". One join per hit instead of a replace per marker over the whole page."""
    marker = re.escape(placeholder.encode())
    pieces = re.split(rb"(" + marker + rb"(?:-ts|-hash)?)", content)
    names = {placeholder.encode(): "token", f"{placeholder}-ts".encode(): "ts",
             f"{placeholder}-hash".encode(): "hash"}  # fmt: skip
    return tuple(names[piece] if i % 2 else piece for i, piece in enumerate(pieces))


def _body(entry):
    """The entry's body, split; from memory, else from the cache (None when it is gone)."""
    digest = entry.get("body")  # None: an entry stored by a release that kept bodies inline
    if digest is None:
        return None
    parts = _bodies.get(digest)
    if parts is None:
        content = cache.get(body_key(digest))
        if content is None:
            return None
        parts = _split(content, entry["placeholder"])
        _bodies.put(digest, parts)
    return parts


def _respond(request, entry, parts):
    """A response from a stored entry: the reader's own CSRF token, or 304."""
    last_modified = entry["headers"].get("Last-Modified")
    not_modified = get_conditional_response(
        request,
        etag=entry["etag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
    )
    if not_modified is not None:
        response = not_modified
    else:
        values = {}
        if "token" in parts:
            values["token"] = get_token(request).encode()
        if entry.get("signed_form"):
            from comments.forms import fresh_security_fields

            timestamp, signed = fresh_security_fields(*entry["signed_form"])
            values.update(ts=timestamp.encode(), hash=signed.encode())
        content = b"".join(values[part] if isinstance(part, str) else part for part in parts)
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(content))
    _finish(response, entry["etag"])
    return response


def _finish(response, etag):
    response["ETag"] = etag
    # The HTML holds the reader's CSRF token: browsers may keep it but must ask first.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))


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
        match = _match(request)
        kind = _kind(match)
        if kind is None:
            return None
        _drop_foreign_parameters(request)
        request._page_cache = {"kind": kind, "key": None}
        if not enabled():
            return None
        tags = _base_tags(match, kind)
        key = _page_key(request)
        try:
            # One round trip for the entry and its tags' versions; lists need a second one for
            # the articles they show, and a body this worker has not served yet one more.
            found = cache.get_many([key, *(tag_key(tag) for tag in tags)])
            entry = found.get(key)
            current = {tag: found.get(tag_key(tag), "0") for tag in tags}
            if entry and entry["extra_tags"]:
                current.update(_versions(entry["extra_tags"]))
            fresh = entry and all(current.get(t) == v for t, v in entry["tags"].items())
            parts = _body(entry) if fresh else None
        except Exception:
            logger.exception("page cache: lookup failed, rendering live")
            return None
        request._page_cache.update(key=key, versions=current, started=time.time())
        if parts is None:
            return None
        request._page_cache["hit"] = True
        self.csrf.process_request(request)  # the reader's CSRF cookie, as for a rendered page
        return self.csrf.process_response(request, _respond(request, entry, parts))

    def process_response(self, request, response):
        state = getattr(request, "_page_cache", None)
        if state is None or state.get("hit") or response.status_code != 200:
            return response
        # The CSRF cookie is the reader's own (set when the page was rendered for a reader
        # without one); any other cookie means the page was not the anonymous one.
        own_cookies = set(response.cookies) - {settings.CSRF_COOKIE_NAME}
        if response.streaming or own_cookies or response.has_header("Cache-Control"):
            return response
        placeholder = _placeholder()
        html = TOKEN_FIELD.sub(rf"\g<1>{placeholder}\g<2>", response.content.decode())
        target = SIGNED_TARGET.search(html)
        if target:
            punched = rf"\g<1>{placeholder}-ts\g<2>{placeholder}-hash\g<3>"
            html = SIGNED_FIELDS.sub(punched, html, count=1)
            state["signed_form"] = target.groups()
        content = html.encode()
        etag = _etag(response, content)
        if _not_modified(request, etag):
            not_modified = HttpResponseNotModified()
            not_modified.cookies = response.cookies
            _finish(not_modified, etag)
            return not_modified
        _finish(response, etag)
        if state["key"] and request.method == "GET":
            self._store(request, response, state, content, etag, placeholder)
        return response

    def _store(self, request, response, state, content, etag, placeholder):
        timeout = _lifetime(request, response, state["kind"])
        if timeout <= 0:
            return
        extra = _listed_article_tags(response) if state["kind"] != "article" else []
        versions = dict(state["versions"])
        try:
            if extra:
                listed = _versions(extra)
                # These were read after rendering: a bump during the render (versions are the
                # bump's time) means the page may show what just changed; don't keep it.
                if any(float(v) > state["started"] - CLOCK_SKEW for v in listed.values()):
                    return
                versions.update(listed)
            digest = hashlib.sha256(content).hexdigest()
            entry = {
                "body": digest,
                "status": response.status_code,
                "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
                "etag": etag,
                "placeholder": placeholder,
                "signed_form": state.get("signed_form"),
                "tags": versions,
                "extra_tags": extra,
            }
            # The body first: an entry is never found without its body (short of eviction,
            # which renders the page again).
            cache.set(body_key(digest), content, timeout)
            cache.set(state["key"], entry, timeout)
        except Exception:
            logger.exception("page cache: could not store %s", request.path)


# Lists are small enough to remember what they show: approving a comment on one article then
# refreshes only the lists that show its comment count.
def _listed_article_tags(response):
    from articles.models import Article

    context = getattr(response, "context_data", None) or {}
    slugs = set()
    for value in context.values():
        if isinstance(value, Article):
            slugs.add(value.slug)
            continue
        items = getattr(value, "object_list", value)
        if isinstance(items, list | tuple) or getattr(items, "_result_cache", None) is not None:
            for item in items:
                article = item if isinstance(item, Article) else getattr(item, "article", None)
                if isinstance(article, Article):
                    slugs.add(article.slug)
    return sorted(article_tag(slug) for slug in slugs)


def _lifetime(request, response, kind):
    """Seconds this page may be kept: never past the moment it changes by itself."""
    from articles.models import Article

    now = timezone.now()
    until = now + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    if kind == "article":
        article = (getattr(response, "context_data", None) or {}).get("article")
        from comments.closing import closes_at

        closes = closes_at(article) if isinstance(article, Article) else None
        if closes and article.comments_open and closes > now:
            until = min(until, closes)
    else:
        scheduled = (
            Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        if scheduled:
            until = min(until, scheduled)
    if kind == "day":
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
        until = min(until, midnight)
    return int((until - now).total_seconds())


# What changes which pages. Connected in PressofficeConfig.ready().


def _article_saving(sender, instance, **kwargs):
    old = sender.objects.filter(pk=instance.pk).values("status", "slug").first()
    instance._pagecache_old = old or {}


def _article_saved(sender, instance, **kwargs):
    old = getattr(instance, "_pagecache_old", {})
    published = sender.Status.PUBLISHED
    # Publishing, scheduling, editing or unpublishing a public article changes lists too.
    listed = published in (instance.status, old.get("status"))
    bump(article_tag(instance.slug), article_tag(old.get("slug")), ARTICLES if listed else None)


def _article_part_changed(sender, instance, **kwargs):
    from articles.models import Article

    article = Article.objects.filter(pk=instance.article_id).values("slug", "status").first()
    if article:
        listed = article["status"] == Article.Status.PUBLISHED
        bump(article_tag(article["slug"]), ARTICLES if listed else None)


def _article_relations_changed(sender, instance, action, **kwargs):
    from articles.models import Article

    if action.startswith("post_") and isinstance(instance, Article):
        _article_saved(Article, instance)
    elif action.startswith("post_"):
        bump(SITE)  # a region's or topic's set of articles changed from its side


def _site_changed(sender, **kwargs):
    bump(SITE)


def _comment_changed(sender, instance, **kwargs):
    """A comment was written, edited or deleted outside moderation (which bumps itself).

    The article's stored count is refreshed too: the page skips the threads when it is 0, and
    an edit in the admin may publish or hide a comment. A new comment waiting for moderation
    changes nothing a reader sees.
    """
    from articles.models import Article
    from comments.moderation import refresh_comment_counts

    if instance.content_type.model_class() is not Article:
        return
    if kwargs.get("created") and not instance.is_public:
        return
    refresh_comment_counts([instance.object_pk])


def connect():
    from django.apps import apps
    from django.db.models import signals

    article = apps.get_model("articles", "Article")
    signals.pre_save.connect(_article_saving, sender=article, dispatch_uid="pagecache-a0")
    signals.post_save.connect(_article_saved, sender=article, dispatch_uid="pagecache-a1")
    signals.post_delete.connect(_article_saved, sender=article, dispatch_uid="pagecache-a2")
    for name in ("Block", "Photo"):
        model = apps.get_model("articles", name)
        for signal in (signals.post_save, signals.post_delete):
            signal.connect(_article_part_changed, sender=model, dispatch_uid=f"pagecache-{name}")
    for field in ("regions", "topics"):
        through = getattr(article, field).through
        signals.m2m_changed.connect(
            _article_relations_changed, sender=through, dispatch_uid=f"pagecache-{field}"
        )
    for label in ("people.Person", "people.Appointment", "regions.Region", "articles.Topic"):
        model = apps.get_model(label)
        for signal in (signals.post_save, signals.post_delete):
            signal.connect(_site_changed, sender=model, dispatch_uid=f"pagecache-{label}")
    comment = apps.get_model("comments", "Comment")
    for signal in (signals.post_save, signals.post_delete):
        signal.connect(_comment_changed, sender=comment, dispatch_uid=f"pagecache-c-{signal!r}")
