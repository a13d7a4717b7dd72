"""What the page cache must know about articles: which changes make which pages stale, which
articles a list shows and when lists change by themselves. Connected in ArticlesConfig.ready().

The same tags key the article page's fragments (articles/fragments.py), so every rule here
covers them too (docs/decisions/0008-fragments.md).
"""

from django.db.models import signals
from django.utils import timezone

from pagecache import registry
from pagecache.tags import ARTICLES, SITE, article_tag, bump, bump_on_change

from .models import Article, Block, Photo, Topic


def articles_changed(article_ids, *, listed=False):
    """Pages of these articles changed (comments, counts); ``listed``: lists changed too."""
    slugs = Article.objects.filter(pk__in=article_ids).values_list("slug", flat=True)
    bump(*(article_tag(slug) for slug in slugs), ARTICLES if listed else None)


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
    article = Article.objects.filter(pk=instance.article_id).values("slug", "status").first()
    if article:
        listed = article["status"] == Article.Status.PUBLISHED
        bump(article_tag(article["slug"]), ARTICLES if listed else None)


def _article_relations_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, Article):
        _article_saved(Article, instance)
    elif action.startswith("post_"):
        bump(SITE)  # a region's or topic's set of articles changed from its side


# Lists are small enough to remember what they show: approving a comment on one article then
# refreshes only the lists that show its comment count.
def listed_article_tags(response):
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
    return [article_tag(slug) for slug in slugs]


def next_publication(kind, response):
    """Lists change when a scheduled article comes out; an article page does not."""
    if kind == "article":
        return None
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def connect():
    signals.pre_save.connect(_article_saving, sender=Article, dispatch_uid="pagecache-a0")
    signals.post_save.connect(_article_saved, sender=Article, dispatch_uid="pagecache-a1")
    signals.post_delete.connect(_article_saved, sender=Article, dispatch_uid="pagecache-a2")
    for model in (Block, Photo):
        for signal in (signals.post_save, signals.post_delete):
            signal.connect(
                _article_part_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}"
            )
    for field in ("regions", "topics"):
        through = getattr(Article, field).through
        signals.m2m_changed.connect(
            _article_relations_changed, sender=through, dispatch_uid=f"pagecache-{field}"
        )
    bump_on_change(SITE, Topic)
    registry.shown_by(listed_article_tags)
    registry.expires(next_publication)
