"""The parts of an article page that change only when the article or the site does, rendered
once per change: the body (blocks, typography, pictures, gallery, tags) and the page's
metadata (address, Open Graph, tags, JSON-LD). ``{% fragment %}`` keeps them, under the
versions of the page-cache tags ``article:<slug>`` and ``site`` (``pagecache.tags``): every
save that changes what they show already bumps one of those, so they go stale by exactly the
page cache's rules. When both are kept, the page does not even read the blocks, photos,
regions and topics (4 queries). A staff preview never reads or writes them.
``FRAGMENT_CACHE_SECONDS`` = 0 renders them every time.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from pagecache.tags import SITE, article_tag, versions
from toolkit.compiled import Relation

from .models import Article

FRAGMENTS = ("article-body", "article-meta")


# What the fragments show besides the article's own fields, read with SQL built once per
# process (toolkit/compiled.py): building it anew on every request, as prefetch_related does,
# was about a third of a fully cold article page's CPU (issue 15).
BODY = (
    Relation(Article, "regions"),
    Relation(Article, "topics"),
    Relation(Article, "photos"),
    Relation(Article, "blocks", lambda blocks: blocks.select_related("person")),
)


def load_body(article):
    """Read what the fragments show of ``article``, as ``prefetch_related`` would: then
    ``article.blocks.all()`` and the rest make no query."""
    for relation in BODY:
        relation.load(article)


def context_for(request, article, *, preview=False):
    """Template context for the fragments of ``article``'s page; reads the article's
    relations only when a fragment has to be rendered. The site's address is part of the key:
    the fragments hold absolute links (sharing, JSON-LD) built from the request."""
    seconds = 0 if preview else settings.FRAGMENT_CACHE_SECONDS
    tags = [article_tag(article.slug), SITE]
    found = versions(tags) if seconds else None
    if found is None:  # off, a preview, or the cache cannot be read: render everything
        load_body(article)
        return {
            "fragment_seconds": 0,
            "fragment_versions": "",
            "preview": bool(preview),
            "article_page": not preview,
        }
    # The release too: a release that draws the body otherwise does not take the old drawing.
    current = ":".join(
        [settings.RELEASE] + [found[tag] for tag in tags] + [request.build_absolute_uri("/")]
    )
    vary_on = [article.pk, current, bool(preview)]
    keys = [make_template_fragment_key(name, vary_on) for name in FRAGMENTS]
    try:
        kept = cache.get_many(keys)
    except Exception:
        kept, seconds = {}, 0
    if len(kept) < len(keys):
        load_body(article)
    # The template's ``{% fragment %}`` builds its key from these same values and takes what
    # was read here (no second read per fragment); the comments' fragments take the versions.
    return {
        "fragment_seconds": seconds,
        "fragment_versions": current,
        "fragment_kept": kept,
        "fragment_tag_versions": found,
        "preview": bool(preview),
        # The page is the article's, whatever its address (a comment sent back with errors
        # is answered at the form's): its metadata, kept once, names the article's address.
        "article_page": not preview,
    }
