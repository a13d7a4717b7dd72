"""Public pages. Every article queryset starts from ``Article.objects.published()``."""

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import (
    ArchiveIndexView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from people.models import Appointment, Person
from regions.models import Region

from .models import Article, Block, SlugRedirect, Topic

Status = Article.Status


class ArticleListMixin:
    """A paginated list of published articles, in a fixed number of queries."""

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_lists()


class HomeView(ArticleListMixin, ListView):
    template_name = "articles/home.html"


class ArticleDetailView(DetailView):
    """A published article; a withdrawn one answers 410 with the editor's reason, and an address
    the article had before its slug changed redirects for good."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return with_body(Article.objects.published())

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            slug = kwargs["slug"]
            moved = SlugRedirect.objects.select_related("article").filter(old_slug=slug).first()
            if moved and (moved.article.is_public or moved.article.status == Status.WITHDRAWN):
                return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
            withdrawn = Article.objects.filter(slug=slug, status=Status.WITHDRAWN).first()
            if withdrawn is None:
                raise
            response = render(request, "articles/article_withdrawn.html", {"article": withdrawn})
            response.status_code = 410
            return response


def with_body(queryset):
    return queryset.prefetch_related(
        "regions",
        "topics",
        "photos",
        Prefetch("blocks", queryset=Block.objects.select_related("person")),
    )


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """Staff see any article exactly as readers will; never cached, never indexed."""

    permission_required = "articles.view_article"
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return with_body(Article.objects.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ArchiveMixin(ArticleListMixin):
    """Archives by date; a period without news is a 404, so prev/next never lead to emptiness."""

    date_field = "published_at"
    allow_future = False
    allow_empty = False
    make_object_list = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = Article.objects.published().dates("published_at", "year", order="DESC")
        return context


class ArchiveIndex(ArchiveMixin, ArchiveIndexView):
    template_name = "articles/archive_index.html"
    allow_empty = True


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = (
            Article.objects.published()
            .filter(published_at__year=self.get_year())
            .dates("published_at", "month", order="DESC")
        )
        return context


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"
    month_format = "%m"


class TopicDetailView(ArticleListMixin, ListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


class RegionListView(ListView):
    template_name = "regions/region_list.html"
    context_object_name = "districts"

    def get_queryset(self):
        return Region.objects.districts().prefetch_related("subjects")


class RegionDetailView(ArticleListMixin, ListView):
    """A region's news; a federal district's page includes the news of its subjects."""

    template_name = "regions/region_detail.html"

    def get_queryset(self):
        self.region = get_object_or_404(
            Region.objects.select_related("parent"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(regions__in=self.region.with_subjects()).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(region=self.region, **kwargs)


class PersonListView(ListView):
    template_name = "people/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        return Person.objects.prefetch_related("appointments")


class PersonDetailView(ArticleListMixin, ListView):
    """An official: current post, appointment history, recent quotes, articles quoting them."""

    template_name = "people/person_detail.html"
    quotes_shown = 10

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.prefetch_related(
                Prefetch("appointments", queryset=Appointment.objects.select_related("region"))
            ),
            slug=self.kwargs["slug"],
        )
        return super().get_queryset().filter(blocks__person=self.person).distinct()

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
