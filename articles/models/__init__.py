"""The articles' models, a module each: the article (with its topics and old addresses), the
blocks of its body, the photos of its gallery. The app label stays ``articles``."""

from .article import SLUG_MAX_LENGTH, Article, SlugRedirect, Topic
from .block import Block
from .photo import Photo

__all__ = ["SLUG_MAX_LENGTH", "Article", "Block", "Photo", "SlugRedirect", "Topic"]
