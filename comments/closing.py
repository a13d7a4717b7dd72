"""When an article takes comments: the comments' policy, so it lives here and not on Article.

The editor's switch (``Article.comments_open``) is the article's data; that comments also close
by themselves COMMENTS_CLOSE_AFTER_DAYS after publication is this app's rule. Articles import
nothing from comments (the domain floors go regions ← people ← articles ← comments), so the
form, the comment section's tag and the page cache ask these functions.
"""

import datetime

from django.conf import settings
from django.utils import timezone


def closes_at(article):
    """When readers can no longer comment on ``article`` (None: not yet published)."""
    if not article.published_at:
        return None
    return article.published_at + datetime.timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS)


def accepts_comments(article):
    """Whether a reader may comment on ``article`` now."""
    closes = closes_at(article)
    return (
        article.comments_open and article.is_public and closes is not None
        and timezone.now() < closes
    )  # fmt: skip
