"""RSS 2.0 and Atom feeds of published news: all of it, and a region's, a person's, a topic's;
and the full-text feeds of the news aggregators, Яндекс Новости and Дзен.

Every feed answers a conditional GET with 304 (ETag and Last-Modified from one aggregate query;
the full-text feeds by ETag alone, a digest of the text) and is built in a fixed number of
queries whatever the number of items. ``SITE_FEEDS`` is the one list of the site's own feeds.
"""

import copy
import hashlib
import logging
from functools import cached_property
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.views.decorators.http import condition

from articles.models import Article, Block, Topic
from pagecache.registry import cached_page
from people.models import Person
from regions.models import Region

from .aggregators import YandexNewsRss, ZenRss
from .fulltext import full_text

logger = logging.getLogger(__name__)

FEED_LENGTH = 20
# Photos are stored under these extensions only, whatever the upload was (toolkit.images).
IMAGE_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


@cached_page("list")
class NewsFeed(Feed):
    """The latest published news of the whole site; subclasses narrow it to one subject."""

    def __init__(self, feed_type=Rss201rev2Feed):
        self.feed_type = feed_type

    def __call__(self, request, **kwargs):
        # One instance serves every request to its URL: what belongs to a request goes on a copy.
        feed = copy.copy(self)
        feed.request = request
        feed.subject = feed.get_subject(**kwargs)
        view = condition(etag_func=feed.etag, last_modified_func=feed.last_modified)(feed.render)
        return view(request, **kwargs)

    def render(self, request, **kwargs):
        response = super().__call__(request, **kwargs)
        # Feed dates Last-Modified by the items shown; ``condition`` puts ours back, which also
        # moves when an article is withdrawn, so a reader's copy never outlives a withdrawal.
        response.headers.pop("Last-Modified", None)
        return response

    def get_subject(self, **kwargs):
        return None

    def get_object(self, request, *args, **kwargs):
        return self.subject

    def articles(self):
        """The articles this feed is about, whatever their status, each once."""
        return Article.objects.all()

    # Conditional GET

    @cached_property
    def shown(self):
        """The feed's items, read once for both the validators and the feed itself."""
        return list(self.articles().published().for_lists()[:FEED_LENGTH])

    @cached_property
    def freshness(self):
        """Each item's id and dates, and the newest withdrawal of the feed's subject: reads the
        newest-first index only as far as the feed goes, however large the archive (an
        aggregate over every article took 235 ms at 100,000 articles)."""
        shown = [(item.pk, item.published_at, item.updated_at) for item in self.shown]
        withdrawn = (
            self.articles()
            .filter(status=Article.Status.WITHDRAWN)
            .aggregate(changed=Max("updated_at"))["changed"]
        )
        return shown, withdrawn

    def etag(self, request, **kwargs):
        shown, withdrawn = self.freshness
        return hashlib.sha256(f"{shown!r}|{withdrawn}".encode()).hexdigest()[:32]

    def last_modified(self, request, **kwargs):
        # A withdrawal counts: the feed lost an item, so a reader's copy is out of date.
        shown, withdrawn = self.freshness
        dates = [date for _, published, updated in shown for date in (published, updated)]
        return max([date for date in [*dates, withdrawn] if date], default=None)

    # The channel

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    def title(self, obj):
        return self.as_text(self.channel_title(obj))

    def description(self, obj):
        return self.as_text(self.channel_description(obj))

    def as_text(self, text):
        """RSS readers take titles and descriptions for HTML (Django escapes only for XML, ticket
        #6533): names of people, topics and regions are escaped once more; Atom's are text."""
        return text if self.feed_type is Atom1Feed else escape(text)

    def channel_title(self, obj):
        return settings.SITE_NAME

    def channel_description(self, obj):
        return f"Новости: {settings.SITE_NAME}."

    def subtitle(self, obj):
        return self.description(obj)  # what Atom calls the description

    def link(self, obj):
        return self.absolute(reverse("articles:home"))

    def feed_url(self, obj):
        return self.absolute(self.request.path)

    def author_name(self, obj):
        return settings.SITE_NAME

    def author_link(self, obj):
        return self.absolute(reverse("articles:home"))

    # The items

    def items(self, obj):
        return self.shown

    def item_title(self, item):
        # Atom titles are text; RSS readers take them for HTML (so Django escapes, ticket #6533).
        return item.title if self.feed_type is Atom1Feed else escape(item.title)

    def item_description(self, item):
        return escape(item.lead)  # HTML in both formats: the full lead, as text

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(max(item.published_at, item.updated_at))

    def item_author_name(self, item):
        return settings.SITE_NAME

    def item_author_link(self, item):
        return self.absolute(reverse("articles:home"))

    def item_categories(self, item):
        # Prefetched by for_lists(): no query per item.
        return [region.name for region in item.regions.all()] + [
            topic.name for topic in item.topics.all()
        ]

    def item_enclosures(self, item):
        """The cover, sized by the storage (a stat of the file, never a read or a query)."""
        if not item.cover:
            return []
        try:
            length = item.cover.size
        except OSError:
            logger.warning("Cover %s of article %s is missing", item.cover.name, item.pk)
            return []
        suffix = PurePosixPath(item.cover.name).suffix.lower()
        mime_type = IMAGE_TYPES.get(suffix, "application/octet-stream")
        return [Enclosure(self.absolute(item.cover.url), str(length), mime_type)]


@cached_page("list")
class RegionFeed(NewsFeed):
    """A region's news; a federal district's includes the news of its subjects."""

    def get_subject(self, *, slug):
        region = get_object_or_404(Region, slug=slug)
        region.ids = region.with_subjects()  # once for both readings of articles()
        return region

    def articles(self):
        return Article.objects.in_region(self.subject.ids)

    def channel_title(self, obj):
        return f"Новости {obj.name_genitive} — {settings.SITE_NAME}"

    def channel_description(self, obj):
        return f"Новости {obj.name_genitive}: {settings.SITE_NAME}."

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())


@cached_page("list")
class PersonFeed(NewsFeed):
    """The news that quote a person."""

    def get_subject(self, *, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def articles(self):
        return Article.objects.quoting(self.subject)

    def channel_title(self, obj):
        return f"{obj.full_name} — {settings.SITE_NAME}"

    def channel_description(self, obj):
        return f"Новости с цитатами: {obj.full_name}."

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())


@cached_page("list")
class TopicFeed(NewsFeed):
    """The news of a topic."""

    def get_subject(self, *, slug):
        return get_object_or_404(Topic, slug=slug)

    def articles(self):
        return Article.objects.filter(topics=self.subject)

    def channel_title(self, obj):
        return f"{obj.name} — {settings.SITE_NAME}"

    def channel_description(self, obj):
        return f"Новости на тему «{obj.name}»: {settings.SITE_NAME}."

    def link(self, obj):
        return self.absolute(obj.get_absolute_url())


class FullTextFeed(NewsFeed):
    """The latest news of the whole site with their full text, for a news aggregator."""

    generator = None  # the aggregator's RSS dialect

    def __init__(self):
        super().__init__(self.generator)

    @cached_property
    def shown(self):
        blocks = Prefetch("blocks", queryset=Block.objects.select_related("person"))
        articles = self.articles().published().for_lists().prefetch_related(blocks, "photos")
        return list(articles[:FEED_LENGTH])

    @cached_property
    def texts(self):
        """Each item's full text by its id, rendered once for the validator and the feed."""
        return {item.pk: full_text(item, self.absolute) for item in self.shown}

    def etag(self, request, **kwargs):
        # Blocks, photos and speakers change without touching the article's dates: the text
        # itself is the validator.
        shown, withdrawn = self.freshness
        texts = [(text.html, text.images) for text in self.texts.values()]
        digest = f"{type(self).__name__}|{shown!r}|{withdrawn}|{texts!r}"
        return hashlib.sha256(digest.encode()).hexdigest()[:32]

    def last_modified(self, request, **kwargs):
        return None  # no date covers an edit of a block: readers revalidate by ETag alone

    def channel_description(self, obj):
        return f"Новости с полным текстом: {settings.SITE_NAME}."

    def item_guid(self, item):
        # The id survives a change of the address (articles.SlugRedirect).
        return f"{self.absolute('/')}#article-{item.pk}"

    def item_enclosures(self, item):
        return []  # every image of the text instead, written by the generator

    def item_extra_kwargs(self, item):
        text = self.texts[item.pk]
        return {"full_text": text, "images": text.images, "genre": "message"}


@cached_page("list")
class YandexNewsFeed(FullTextFeed):
    """For Яндекс Новости: the text in ``yandex:full-text``, genre «message» (news)."""

    generator = YandexNewsRss


@cached_page("list")
class ZenFeed(FullTextFeed):
    """For Дзен: the text as HTML in ``content:encoded``, published as articles (or as drafts
    for an editor at Дзен, with ZEN_FEED_DRAFTS), indexed, without Дзен's own comments."""

    generator = ZenRss

    def item_categories(self, item):
        rules = ["format-article", "index", "comment-none"]
        if settings.ZEN_FEED_DRAFTS:
            rules.append("native-draft")
        return rules + super().item_categories(item)


def rss_and_atom(route, feed_class, name):
    return [
        path(f"{route}rss/", feed_class(Rss201rev2Feed), name=f"{name}-rss"),
        path(f"{route}atom/", feed_class(Atom1Feed), name=f"{name}-atom"),
    ]


feed_patterns = (
    [
        *rss_and_atom("", NewsFeed, "news"),
        *rss_and_atom("regions/<slug:slug>/", RegionFeed, "region"),
        *rss_and_atom("people/<slug:slug>/", PersonFeed, "person"),
        *rss_and_atom("topics/<slug:slug>/", TopicFeed, "topic"),
        path("yandex/", YandexNewsFeed(), name="yandex"),
        path("zen/", ZenFeed(), name="zen"),
    ],
    "feeds",
)

# The site's own feeds, for whatever lists them to readers (the footer, the «Для СМИ» page):
# (name, URL name, MIME type).
SITE_FEEDS = (
    ("RSS", "feeds:news-rss", "application/rss+xml"),
    ("Atom", "feeds:news-atom", "application/atom+xml"),
    ("Яндекс Новости", "feeds:yandex", "application/rss+xml"),
    ("Дзен", "feeds:zen", "application/rss+xml"),
)


def site_feeds():
    """``SITE_FEEDS`` with their addresses: (name, path, MIME type)."""
    return [(name, reverse(url_name), mime_type) for name, url_name, mime_type in SITE_FEEDS]
