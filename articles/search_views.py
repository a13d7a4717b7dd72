"""The search page: a query, filters by region, person, topic and dates, ranked results."""

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.views.generic import ListView

from people.models import Person
from regions.models import Region

from .models import Article, Block, Topic
from .search import QUERY_MAX_LENGTH, RANKED_LIMIT, filter_articles, parse_query, search


class SearchForm(forms.Form):
    """What a reader may ask for; the choices come from three queries, whatever the data."""

    q = forms.CharField(
        label="Что найти",
        required=False,
        help_text="Слова в любой форме: «тульская» найдёт и «Тульской». Точная фраза — "
        "в кавычках, исключить слово — минус перед ним.",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": QUERY_MAX_LENGTH}),
    )
    region = forms.ChoiceField(
        label="Регион", required=False, help_text="Округ — вместе с его субъектами."
    )
    person = forms.ChoiceField(label="Кого цитируют", required=False)
    topic = forms.ChoiceField(label="Тема", required=False)
    date_from = forms.DateField(
        label="с",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label="по",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    filters = ("region", "person", "topic", "date_from", "date_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = list(Region.objects.all())
        self.regions = {region.slug: region for region in regions}
        region_choices = [("", "Все регионы")]
        for district in (region for region in regions if region.is_district):
            subjects = [region for region in regions if region.parent_id == district.pk]
            region_choices.append(
                (
                    district.name,
                    [(district.slug, f"{district.name}, все субъекты")]
                    + [(subject.slug, subject.name) for subject in subjects],
                )
            )
        self.fields["region"].choices = region_choices
        quoted = Block.objects.filter(
            person=OuterRef("pk"), article__in=Article.objects.published()
        )
        self.people = {
            person.slug: person for person in Person.objects.public().filter(Exists(quoted))
        }
        self.fields["person"].choices = [("", "Все")] + [
            (slug, person.full_name) for slug, person in self.people.items()
        ]
        self.topics = {topic.slug: topic for topic in Topic.objects.all()}
        self.fields["topic"].choices = [("", "Все темы")] + [
            (slug, topic.name) for slug, topic in self.topics.items()
        ]

    def clean(self):
        cleaned_data = super().clean()
        # A date field cannot show back what is no date: that would be invalid HTML.
        self.data = self.data.copy()
        for name in ("date_from", "date_to"):
            if name in self._errors:
                self.data[name] = ""
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "Эта дата раньше начальной: поменяйте даты местами.")
        return cleaned_data

    def chosen_filters(self):
        """The valid filters chosen, as filter_articles takes them; an invalid one is left out."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        chosen = {
            "region": self.regions.get(data.get("region")),
            "person": self.people.get(data.get("person")),
            "topic": self.topics.get(data.get("topic")),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        return {name: value for name, value in chosen.items() if value is not None}


class SearchView(ListView):
    """Search results best first; with filters but no words, the filtered news by date.

    Whatever a reader types, the answer is a page: an empty, overlong or meaningless query
    gets a word of advice, never an error.
    """

    template_name = "articles/search.html"
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
        articles = filter_articles(Article.objects.published(), **self.filters)
        if self.query:
            return search(articles, self.query)
        if self.filters and not self.query.text:
            return articles.for_lists()
        return Article.objects.none()

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end or mistyped shows the nearest page, not a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
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
        results = getattr(context.get("paginator"), "object_list", None)
        context["more_than"] = RANKED_LIMIT if getattr(results, "more", False) else None
        return context
