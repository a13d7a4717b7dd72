"""What the page cache must know about comments: an article page shows its approved comments
and their count, carries the comment form with fields signed per reader, and stops taking
comments at a moment no save marks. Connected in CommentsConfig.ready()."""

import re

from django.db.models import signals
from django.utils import timezone

from articles.models import Article
from pagecache import registry

from .closing import closes_at
from .forms import fresh_security_fields
from .models import Comment
from .moderation import refresh_comment_counts

# The comment form signs the time it was shown (django_comments' CommentSecurityForm): a cached
# page gets a fresh signature per reader, so "too fast" and "too old" count from its visit.
SIGNED_TARGET = re.compile(
    r'name="content_type" value="([\w.]+)".*?name="object_pk" value="(\d+)"', re.S
)
SIGNED_FIELDS = re.compile(
    r'(name="timestamp" value=")\d+(".*?name="security_hash" value=")[0-9a-f]+(")', re.S
)


def _comment_changed(sender, instance, **kwargs):
    """A comment was written, edited or deleted outside moderation (which bumps itself).

    The article's stored count is refreshed too: the page skips the threads when it is 0, and
    an edit in the admin may publish or hide a comment. A new comment waiting for moderation
    changes nothing a reader sees.
    """
    if instance.content_type.model_class() is not Article:
        return
    if kwargs.get("created") and not instance.is_public:
        return
    refresh_comment_counts([instance.object_pk])


def comments_closing(kind, response):
    """An article page changes when its comments close by the clock."""
    if kind != "article":
        return None
    article = (getattr(response, "context_data", None) or {}).get("article")
    closes = closes_at(article) if isinstance(article, Article) else None
    if closes and article.comments_open and closes > timezone.now():
        return closes
    return None


def connect():
    for signal in (signals.post_save, signals.post_delete):
        signal.connect(_comment_changed, sender=Comment, dispatch_uid=f"pagecache-c-{signal!r}")
    registry.signed_per_reader(
        "comments", target=SIGNED_TARGET, fields=SIGNED_FIELDS, sign=fresh_security_fields
    )
    registry.expires(comments_closing)
