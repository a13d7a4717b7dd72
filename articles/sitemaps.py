"""sitemap.xml and robots.txt: published articles, people, the regions and topics that have
news, and the fixed pages.

sitemap.xml is an index of section sitemaps, each paginated: the protocol allows 50,000
addresses a file, and the archive passes that."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, Max, OuterRef
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView

from people.models import Person
from regions.models import Region

from .models import Article, Topic


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
    # A page of addresses stays a quick response; at 100,000 articles that is 20 pages.
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, item):
        return max(item.published_at, item.updated_at)

    def get_latest_lastmod(self):
        # The index leaves this section undated: the newest change among all articles would
        # take a read of every row (the default reads them all into memory).
        return None


class PersonSitemap(RequestSitemap):
    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return Person.objects.aggregate(latest=Max("updated_at"))["latest"]


class RegionSitemap(RequestSitemap):
    """Regions whose page lists news: their own or, for a federal district, its subjects'.
    The pages of the others are empty lists, not worth a crawler's visit."""

    def items(self):
        # EXISTS per region: each stops at the region's first published article.
        published = Article.objects.published()
        tagged = Article.regions.through.objects.filter(article__in=published)
        own = tagged.filter(region=OuterRef("pk"))
        subjects = tagged.filter(region__parent=OuterRef("pk"))
        return Region.objects.filter(Exists(own) | Exists(subjects)).only("slug")


class TopicSitemap(RequestSitemap):
    """Topics with published news."""

    def items(self):
        with_news = Article.topics.through.objects.filter(
            article__in=Article.objects.published()
        ).values("topic_id")
        return Topic.objects.filter(pk__in=with_news).only("slug")


SITEMAPS = {
    "static": StaticSitemap,
    "articles": ArticleSitemap,
    "regions": RegionSitemap,
    "people": PersonSitemap,
    "topics": TopicSitemap,
}


@sitemap_views.x_robots_tag
def index(request):
    """sitemap.xml: every page of every section, on the host the request came by (Django's
    index view names the host of the Site record instead)."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        site = sitemap_class(request)
        location = request.build_absolute_uri(reverse("sitemap-section", args=[section]))
        lastmod = site.get_latest_lastmod()
        items.append(sitemap_views.SitemapIndexItem(location, lastmod))
        items += [
            sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, site.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


def sitemap(request, section):
    """One page (``?p=``) of one section's sitemap."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap section.")
    sitemaps = {section: SITEMAPS[section](request)}
    return sitemap_views.sitemap(request, sitemaps=sitemaps, section=section)


class RobotsView(TemplateView):
    """robots.txt: the admin and staff previews are closed to crawlers; the sitemap's address."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
