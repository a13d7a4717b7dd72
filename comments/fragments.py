"""The comment threads of an article page, rendered once per change rather than per request.

The threads are the same for every reader of a page of comments until a comment is approved,
edited or removed, and they were half the time of an article page rendered without the page
cache. So the HTML of one page of threads is kept in the cache under the version of the
article's page-cache tag (``pagecache.tags.article_tag``): everything that changes the
threads (moderation, a staff edit, a deletion, the article itself) already bumps it, so a
fragment is invalidated by exactly the rules the page cache has. Whether replies are still
accepted is part of the key: comments close by the clock, with no save to bump anything.

``FRAGMENT_CACHE_SECONDS`` is the longest a fragment is kept (0: rendered every time, as the
bench's fully cold figure and the tests need). Like the page cache, fragments need a cache all
app servers share (Redis) to be invalidated in every worker.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse

from pagecache.tags import article_tag, versions
from toolkit.templatetags.fragments import keep

from .forms import CommentForm, fresh_security_fields
from .threads import flatten, thread_page

MAX_CACHED_PAGE = 100  # page numbers past this are rendered, not cached (no key flood)
# What the kept form holds where each reader's values go. Not secrets: the form is rendered
# from no reader's input, so nothing a reader writes can reach these places.
FORM_MARKS = {"token": "comment-form-token-mark", "ts": "9999999999", "hash": "f" * 40}
logger = logging.getLogger(__name__)


def section_parts(
    request, article, page_number, *, open_, fresh_form, tag_versions=None, csrf_token=None
):
    """The threads' HTML of one page ("" when there are none) and the comment form's HTML
    (None: the template renders the form itself), both kept under the version of the
    article's page-cache tag and read in one round trip. ``tag_versions``: the versions the
    page has read already; ``csrf_token``: the page's own (each new one costs a masking).
    Only a fresh form (``fresh_form``) is kept: one with errors or replying to a comment is
    the reader's own."""
    seconds = settings.FRAGMENT_CACHE_SECONDS
    tag = article_tag(article.slug)
    if seconds > 0 and not (tag_versions and tag in tag_versions):
        tag_versions = versions([tag])
    if seconds <= 0 or tag_versions is None:
        return thread_html(article, page_number, open_=open_), None
    version = tag_versions[tag]
    number = _number(page_number)
    release = settings.RELEASE  # a release that draws them otherwise draws them afresh
    thread_key = f"fragment:comments:{release}:{article.pk}:{version}:{number}:{int(open_)}"
    form_key = f"fragment:comment-form:{release}:{article.pk}:{version}"
    wanted = []
    if article.comment_count and number is not None:  # the count is kept: no query
        wanted.append(thread_key)
    fresh = open_ and fresh_form
    if fresh:
        wanted.append(form_key)
    try:
        kept = cache.get_many(wanted) if wanted else {}
    except Exception:
        logger.exception("comments: the cache cannot be read, rendering live")
        return thread_html(article, page_number, open_=open_), None
    if not article.comment_count:
        threads = ""
    elif number is None:
        threads = render(article, page_number, open_=open_)
    else:
        threads = keep(thread_key, seconds, lambda: render(article, page_number, open_=open_),
                       "comments", kept=kept)  # fmt: skip
    if not fresh:
        return threads, None
    marked = keep(form_key, seconds, lambda: _marked_form(article), "comment form", kept=kept)
    return threads, _signed(marked, str(csrf_token or get_token(request)), article)


def _marked_form(article):
    """A fresh form's HTML with marks where the CSRF token and the form's signature go."""
    form = CommentForm(article)
    form.initial.update(timestamp=FORM_MARKS["ts"], security_hash=FORM_MARKS["hash"])
    return get_template("comments/form.html").render(
        {"form": form, "article": article, "reply_to": None, "csrf_token": FORM_MARKS["token"]}
    )


def _signed(marked, token, article):
    """The kept form with this reader's CSRF token and a signature made now (what
    CommentSecurityForm signs: the target's model label and key)."""
    timestamp, signed = fresh_security_fields(str(article._meta), str(article.pk))
    return (
        marked.replace(FORM_MARKS["token"], token)
        .replace(f'value="{FORM_MARKS["ts"]}"', f'value="{timestamp}"')
        .replace(f'value="{FORM_MARKS["hash"]}"', f'value="{signed}"')
    )


def thread_html(article, page_number, *, open_):
    """The HTML of one page of the article's approved threads, rendered now; "" when it has
    none."""
    if not article.comment_count:
        return ""  # the count is kept with the comments (comments.moderation): no query
    return render(article, page_number, open_=open_)


def render(article, page_number, *, open_):
    page, threads = thread_page(article, page_number)
    if not threads:
        return ""
    report_url = reverse("comments:comment-report", kwargs={"pk": 0})
    template = engines["jinja2"].get_template("comments/thread.html")
    return template.render(
        {
            "rows": flatten(threads, report_url),
            "page": page,
            "open": open_,
            "max_level": settings.COMMENTS_XTD_MAX_THREAD_LEVEL,
        }
    )


def _number(page_number):
    """The page asked for as a cache key: 1 when none; None (not cached) when odd or far."""
    if page_number in (None, ""):
        return 1
    if not str(page_number).isdigit() or not 1 <= int(page_number) <= MAX_CACHED_PAGE:
        return None
    return int(page_number)
