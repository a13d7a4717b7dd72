"""Public pages. Every article queryset starts from ``Article.objects.published()``."""

import datetime

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.generic import (
    ArchiveIndexView,
    DetailView,
    ListView,
    MonthArchiveView,
    YearArchiveView,
)

from pagecache.registry import cached_page
from toolkit.compiled import Compiled

from . import fragments, workflow
from .models import Article, SlugRedirect, Topic

Status = Article.Status

# Lists offer this many pages at most: counting and skipping rows then costs the same at any
# size of the archive, and older news is one click away in the month archives.
MAX_PAGES = 50


class ListPage(Page):
    def elided_page_range(self):
        """Page numbers around this page, with ellipses: what the pagination include shows."""
        return self.paginator.get_elided_page_range(self.number)


class BoundedPaginator(Paginator):
    """Counts no further than ``max_pages`` pages of rows (``SELECT COUNT(*)`` over a ``LIMIT``
    subquery), so neither the count nor the deepest ``OFFSET`` grows with the archive; a page
    past them is a 404. ``more`` says whether older rows were left out."""

    max_pages = MAX_PAGES
    # Unordered by default: any max_pages pages' worth of rows answers "are there that many",
    # and a list narrowed by a join (a region, a topic) is best counted from the join's side.
    count_in_order = False

    @cached_property
    def _counted(self):
        if self.max_pages is None:
            return super().count
        rows = self.object_list if self.count_in_order else self.object_list.order_by()
        return rows[: self.max_pages * self.per_page + 1].count()

    @cached_property
    def count(self):
        if self.max_pages is None:
            return self._counted
        return min(self._counted, self.max_pages * self.per_page)

    @property
    def more(self):
        return self._counted > self.count

    def _get_page(self, *args, **kwargs):
        return ListPage(*args, **kwargs)


class NewestFirstPaginator(BoundedPaginator):
    """For lists of all published news: counted in the list's own order, so the count walks
    the newest-first index the page itself reads. Unordered, PostgreSQL chose a sequential
    scan of the articles at 100,000 (cheap only while the first rows it meets are published)."""

    count_in_order = True


class UnboundedPaginator(BoundedPaginator):
    """For lists short by their nature: a month of news, the people quoted."""

    max_pages = None


def published_with(related, **lookups):
    """Published articles, for lists, that have a row in ``related`` (a model with an
    ``article`` key) matching ``lookups``: a semi-join, so no DISTINCT over the whole match
    and the newest-first index on articles can stop after one page."""
    rows = related.objects.filter(article=OuterRef("pk"), **lookups)
    return Article.objects.published().for_lists().filter(Exists(rows))


class ArticleListMixin:
    """A paginated list of published articles, in a fixed number of queries; the last page
    offered links to the month archive of its oldest article."""

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = BoundedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_lists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None and page.paginator.more and not page.has_next() and page.object_list:
            oldest = timezone.localtime(list(page.object_list)[-1].published_at)
            context["older_url"] = reverse(
                "articles:archive-month", kwargs={"year": oldest.year, "month": oldest.month}
            )
        return context


@cached_page("list")
class HomeView(ArticleListMixin, ListView):
    template_name = "articles/home.html"
    paginator_class = NewestFirstPaginator


# The article page's own lookup, with SQL built once per process (toolkit/compiled.py): building
# it on every request was a tenth of a fully cold article page's CPU (issue 15).
PUBLISHED_BY_SLUG = Compiled(
    lambda slug, now: Article.objects.published(now=now).filter(slug=slug),
    slug=str,
    now=datetime.datetime,
)


@cached_page("article")
class ArticleDetailView(DetailView):
    """A published article; a withdrawn one answers 410 with the editor's reason, and an address
    the article had before its slug changed redirects for good."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published()  # its relations: only if a fragment is rendered

    def get_object(self, queryset=None):
        if queryset is not None or type(self).get_queryset is not ArticleDetailView.get_queryset:
            return super().get_object(queryset)  # another queryset than the compiled lookup's
        found = PUBLISHED_BY_SLUG.fetch(Article, slug=self.kwargs["slug"], now=timezone.now())
        if not found:
            raise Http404("Материал не найден.")
        return found[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context | fragments.context_for(self.request, self.object)

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


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(PermissionRequiredMixin, DetailView):
    """Staff see any article exactly as readers will; never cached, never indexed."""

    permission_required = "articles.view_article"
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # What the admin lists for this user; anything else is a 404, as for an address that
        # is not there.
        # Its body is read by fragments.context_for, as the published page's.
        return workflow.visible_to(self.request.user, Article.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(preview=True, **kwargs)
        return context | fragments.context_for(self.request, self.object, preview=True)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def years_with_news():
    """The years with published news (as their first days), newest first."""
    return Article.objects.periods_with_news("year")


class ArchiveMixin(ArticleListMixin):
    """Archives by date; a period without news is a 404, so prev/next never lead to emptiness."""

    date_field = "published_at"
    allow_future = False
    allow_empty = False
    make_object_list = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = self.years(context)
        return context

    def years(self, context):
        return years_with_news()

    def get_dated_queryset(self, **lookup):
        # Django checks a period for news with an EXISTS first; the list of its months (or
        # days) that the view reads next answers that too, a 404 when empty, through the index.
        return self.get_queryset().filter(**lookup)


@cached_page("list")
class ArchiveIndex(ArchiveMixin, ArchiveIndexView):
    template_name = "articles/archive_index.html"
    allow_empty = True
    paginator_class = NewestFirstPaginator

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        return years_with_news()

    def years(self, context):
        return context["date_list"]


@cached_page("list")
class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    paginator_class = NewestFirstPaginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = sorted(context["date_list"], reverse=True)  # the view's own
        return context

    # The page links every year with news (``years``), not a previous and a next one: two
    # queries the template would not use.
    def get_next_year(self, date):
        return None

    def get_previous_year(self, date):
        return None


@cached_page("list")
class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"
    month_format = "%m"
    paginator_class = UnboundedPaginator


@cached_page("list")
class TopicDetailView(ArticleListMixin, ListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return published_with(Article.topics.through, topic=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)
