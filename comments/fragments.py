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

from django.conf import settings
from django.template import engines
from django.urls import reverse

from pagecache.tags import article_tag, versions
from toolkit.templatetags.fragments import keep

from .threads import flatten, thread_page

MAX_CACHED_PAGE = 100  # page numbers past this are rendered, not cached (no key flood)


def thread_html(article, page_number, *, open_):
    """The HTML of one page of the article's approved threads; "" when it has none."""
    if not article.comment_count:
        return ""  # the count is kept with the comments (comments.moderation): no query
    number = _number(page_number)
    tag = article_tag(article.slug)
    found = versions([tag]) if settings.FRAGMENT_CACHE_SECONDS > 0 else None
    if found is None or number is None:
        return render(article, page_number, open_=open_)
    key = f"fragment:comments:{article.pk}:{found[tag]}:{number}:{int(open_)}"
    seconds = settings.FRAGMENT_CACHE_SECONDS
    return keep(key, seconds, lambda: render(article, page_number, open_=open_), "comments")


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
