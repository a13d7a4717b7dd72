"""sitemap.xml and robots.txt: published articles, people, the regions and topics that have
news, and the fixed pages."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Q
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
    def items(self):
        return Article.objects.published().only("slug", "published_at", "updated_at")

    def lastmod(self, item):
        return max(item.published_at, item.updated_at)


class PersonSitemap(RequestSitemap):
    def items(self):
        return Person.objects.only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class RegionSitemap(RequestSitemap):
    """Regions whose page lists news: their own or, for a federal district, its subjects'.
    The pages of the others are empty lists, not worth a crawler's visit."""

    def items(self):
        with_news = Article.regions.through.objects.filter(
            article__in=Article.objects.published()
        ).values("region_id")
        districts_of = Region.objects.filter(pk__in=with_news).values("parent_id")
        return Region.objects.filter(Q(pk__in=with_news) | Q(pk__in=districts_of)).only("slug")


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


def sitemap(request):
    """The whole site in one sitemap (the protocol allows 50,000 addresses in one file)."""
    sitemaps = {section: sitemap_class(request) for section, sitemap_class in SITEMAPS.items()}
    return sitemap_views.sitemap(request, sitemaps=sitemaps)


class RobotsView(TemplateView):
    """robots.txt: the admin and staff previews are closed to crawlers; the sitemap's address."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"
