"""sitemap.xml and robots.txt: published articles, people, the regions and topics that have
news, and the fixed pages.

sitemap.xml is an index of section sitemaps; ``sitemap-news.xml`` is the news sitemap (Google's
``news:news`` extension) of the articles published in the last two days.

Articles have a section per month of the site's time zone (``sitemap-articles-2026-11.xml``):
each section is then a range of the newest-first index, and the index lists the months with one
probe each. A single articles section paginated by 5,000 counted every published article for
the index and read deeper OFFSETs page after page (a sequential scan of the articles at 100,000,
bench/results/explain.md)."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from articles.models import Article, Topic
from pagecache.registry import cached_page
from people.models import Person
from regions.models import Region

MONTH_SECTION = re.compile(r"articles-(\d{4})-(\d{2})")
NEWS_SECTION = "news"
# Google News takes articles of the last two days, at most 1,000 a sitemap.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class RequestSitemap(Sitemap):
    """Addresses on the scheme and host the request came by, like the pages' canonical links:
    the Site record of django.contrib.sites is not what names this site's domain."""

    def __init__(self, request):
        self.request = request

    def get_protocol(self, protocol=None):
        return self.request.scheme

    def get_domain(self, site=None):
        return self.request.get_host()


class StaticSitemap(RequestSitemap):
    changefreq = "daily"

    def items(self):
        return [
            "articles:home",
            "articles:archive",
            "regions:region-list",
            "people:person-list",
            "personal-data",
        ]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(RequestSitemap):
    """The articles published in one month (``month``: its first day, in the site's zone)."""

    # The protocol's maximum: a month of a press office is a few thousand stories, so a section
    # is one page and the index need not count any.
    limit = 50_000

    def __init__(self, request, month):
        super().__init__(request)
        self.month = month

    def items(self):
        start = timezone.make_aware(datetime.datetime(self.month.year, self.month.month, 1))
        following = (self.month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        end = timezone.make_aware(datetime.datetime(following.year, following.month, 1))
        return (
            Article.objects.published()
            .filter(published_at__gte=start, published_at__lt=end)
            .order_by("published_at", "pk")
            .only("slug", "published_at", "updated_at")
        )

    def lastmod(self, item):
        return max(item.published_at, item.updated_at)

    def get_latest_lastmod(self):
        # The index leaves the months undated: dating each would take a query per month.
        return None

    @classmethod
    def section(cls, month):
        return f"articles-{month:%Y-%m}"

    @classmethod
    def for_section(cls, request, section):
        """The month's sitemap named by ``section``, or None when the name is not a month."""
        match = MONTH_SECTION.fullmatch(section)
        if not match or not 1 <= int(match[2]) <= 12:
            return None
        return cls(request, datetime.date(int(match[1]), int(match[2]), 1))


class PersonSitemap(RequestSitemap):
    def items(self):
        return Person.objects.public().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Person.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class RegionSitemap(RequestSitemap):
    """Regions whose page lists news: their own or that of a region below them. The pages of
    the others are empty lists, not worth a crawler's visit."""

    def items(self):
        # EXISTS per region: each stops at the region's first published article.
        return Region.objects.with_news(Article.objects.published()).only("slug")


class TopicSitemap(RequestSitemap):
    """Topics with published news."""

    def items(self):
        with_news = Article.topics.through.objects.filter(
            article__in=Article.objects.published()
        ).values("topic_id")
        return Topic.objects.filter(pk__in=with_news).only("slug")


SITEMAPS = {
    "static": StaticSitemap,
    "regions": RegionSitemap,
    "people": PersonSitemap,
    "topics": TopicSitemap,
}


@cached_page("list")
@sitemap_views.x_robots_tag
def index(request):
    """sitemap.xml: every page of every section, the articles month by month, on the host the
    request came by (Django's index view names the host of the Site record instead)."""
    fixed = {section: sitemap_class(request) for section, sitemap_class in SITEMAPS.items()}
    months = [
        (ArticleSitemap.section(m), ArticleSitemap(request, m))
        for m in Article.objects.periods_with_news("month")
    ]
    news = request.build_absolute_uri(reverse("sitemap-section", args=[NEWS_SECTION]))
    items = [sitemap_views.SitemapIndexItem(news, None)]
    for section, site in [("static", fixed.pop("static")), *months, *fixed.items()]:
        location = request.build_absolute_uri(reverse("sitemap-section", args=[section]))
        lastmod = site.get_latest_lastmod()
        # A month is one page by construction (ArticleSitemap.limit): no count needed.
        pages = 1 if isinstance(site, ArticleSitemap) else site.paginator.num_pages
        items.append(sitemap_views.SitemapIndexItem(location, lastmod))
        items += [
            sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


@cached_page("list")
def sitemap(request, section):
    """One page (``?p=``) of one section's sitemap; a month without news is a 404."""
    if section == NEWS_SECTION:
        return news_sitemap(request)
    if section in SITEMAPS:
        site = SITEMAPS[section](request)
    else:
        site = ArticleSitemap.for_section(request, section)
        if site is None or not site.items().exists():
            raise Http404("No such sitemap section.")
    return sitemap_views.sitemap(request, sitemaps={section: site}, section=section)


@dataclass(frozen=True)
class NewsEntry:
    article: Article
    published: str


@sitemap_views.x_robots_tag
def news_sitemap(request):
    """sitemap-news.xml: the articles published in the last two days, newest first, each with
    its ``news:news`` (the office as the publication, in Russian; the date; the title).

    With nothing in two days it lists the newest article without ``news:news`` (Google's "remove
    the metadata from older URLs"), or the home page on a site without news: the sitemap schema
    wants one url at least."""
    now = timezone.now()
    published = Article.objects.published().order_by("-published_at", "-pk")
    fields = ("slug", "title", "published_at", "updated_at")
    articles = list(published.filter(published_at__gt=now - NEWS_WINDOW).only(*fields)[:NEWS_LIMIT])
    context = {
        # W3C dates to the second in the site's zone (a template's "c" would add microseconds).
        "entries": [
            NewsEntry(a, timezone.localtime(a.published_at).isoformat(timespec="seconds"))
            for a in articles
        ],
        # The page changes by itself when its oldest article leaves the window
        # (news_window_ends, read by DiscoveryConfig's expiry).
        "news_window_ends": articles[-1].published_at + NEWS_WINDOW if articles else None,
    }
    if not articles:
        newest = published.only("slug").first()
        context["fallback"] = newest.get_absolute_url() if newest else reverse("articles:home")
    return TemplateResponse(
        request, "discovery/sitemap_news.xml", context, content_type="application/xml"
    )


def news_window_ends(kind, response):
    """When the news sitemap loses its oldest article; None for every other page."""
    context = getattr(response, "context_data", None) or {}
    return context.get("news_window_ends")


@cached_page("site")
class RobotsView(TemplateView):
    """robots.txt: the admin and staff previews are closed to crawlers; the sitemap's address."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
