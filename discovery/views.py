"""Region and person pages: the regions and people readers follow, and the news of each.

They list articles, so they stand above articles (regions ← people ← articles); the lists
share ``articles.views.ArticleListMixin`` with the other lists of news.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import ListView

from articles.models import Article, Block
from articles.views import ArticleListMixin, UnboundedPaginator
from pagecache.registry import cached_page
from people.models import Appointment, Person
from regions.models import Region


@cached_page("list")
class RegionListView(ListView):
    template_name = "regions/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return Region.objects.for_lists(Article.objects.published())


@cached_page("list")
class RegionDetailView(ArticleListMixin, ListView):
    """A region's news; a federal district's page includes the news of its subjects."""

    template_name = "regions/region_detail.html"

    def get_queryset(self):
        # The ids below the region come with it: the articles' query names them (see
        # in_region), at no extra query.
        self.region, ids = Region.objects.named_with_those_below(self.kwargs["slug"])
        if self.region is None:
            raise Http404("Нет такого региона.")
        return Article.objects.published().for_lists().in_region(ids)

    def get_context_data(self, **kwargs):
        return super().get_context_data(region=self.region, **kwargs)


@cached_page("day")
class PersonListView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50
    paginator_class = UnboundedPaginator

    def get_queryset(self):
        return Person.objects.public().prefetch_related("appointments")


@cached_page("day")
class PersonDetailView(ArticleListMixin, ListView):
    """An official: current post, appointment history, recent quotes, articles quoting them."""

    template_name = "people/person_detail.html"
    quotes_shown = 10

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.public().prefetch_related(
                Prefetch("appointments", queryset=Appointment.objects.select_related("region"))
            ),
            slug=self.kwargs["slug"],
        )
        return Article.objects.published().for_lists().quoting(self.person)

    def get_context_data(self, **kwargs):
        quotes = (
            Block.objects.filter(person=self.person, article__in=Article.objects.published())
            .select_related("article")
            .order_by("-article__published_at", "position")[: self.quotes_shown]
        )
        return super().get_context_data(
            person=self.person,
            current=self.person.appointment_on(timezone.localdate()),
            quotes=quotes,
            **kwargs,
        )
