"""The search page: a query, filters by region, person, topic and dates, ranked results."""

from django.conf import settings
from django.views.generic import ListView

from articles.models import Article
from pagecache.registry import cached_page

from . import limits, search
from .filters import filter_articles
from .forms import SearchForm
from .query import parse_query


@cached_page("list")
class SearchView(ListView):
    """Search results best first; with filters but no words, the filtered news by date.

    Whatever a reader types, the answer is a page: an empty, overlong or meaningless query
    gets a word of advice, never an error.
    """

    template_name = "discovery/search.html"
    context_object_name = "results"
    paginate_by = settings.ARTICLES_PER_PAGE

    def get(self, request, *args, **kwargs):
        self.query = parse_query(request.GET.get("q", ""))
        data = request.GET.copy()
        data["q"] = self.query.text
        self.form = SearchForm(data)
        self.filters = self.form.chosen_filters()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.query:
            return search(self.query, **self.filters)
        if self.filters and not self.query.text:
            return filter_articles(Article.objects.published(), **self.filters).for_lists()
        return Article.objects.none()

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end or mistyped shows the nearest page, not a 404.
        number = self.request.GET.get(self.page_kwarg)
        if hasattr(queryset, "prepare"):  # search results: the count comes with this page
            start = (_page_number(number) - 1) * page_size
            queryset.prepare(start, start + page_size)
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(number)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        params["q"] = self.query.text
        context = super().get_context_data(
            form=self.form,
            query=self.query,
            searched=bool(self.query or (self.filters and not self.query.text)),
            filtered=bool(self.filters),
            page_params=params.urlencode(),
            **kwargs,
        )
        tags = self.form.filter_choices.tags
        for article in context["results"]:  # the tags of its regions, the districts aside
            if hasattr(article, "region_ids"):  # PostgreSQL's search: named from the choices
                found = sorted(tags[pk] for pk in article.region_ids if pk in tags)
                article.region_names = [name for _, name in found]
            else:
                article.region_names = [r.name for r in article.regions.all() if not r.is_district]
        results = getattr(context.get("paginator"), "object_list", None)
        context["more_than"] = limits.RANKED_LIMIT if getattr(results, "more", False) else None
        # Words too common for the whole archive: only the newest documents were searched.
        context["searched_newest"] = getattr(results, "searched_newest", None)
        return context


def _page_number(number):
    """The page a Paginator's get_page() will show for ``number``, if there are that many."""
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1
