"""The search page: a query, filters by region, person, topic and dates, ranked results."""

import functools
import time
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, signals
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from pagecache.registry import cached_page
from pagecache.tags import ARTICLES, SITE, tag_key
from people.models import Person
from regions.models import Region

from .models import Article, Block, Topic
from .search import (
    QUERY_MAX_LENGTH,
    RANKED_LIMIT,
    filter_articles,
    parse_query,
    search,
)

# What the filters offer changes only with people, regions and topics (the page cache's ``site``
# tag) and with what is published (``articles``): both are bumped on every such change, so the
# choices are built once per version of the two, not per request.
CHOICES_DEPEND_ON = (SITE, ARTICLES)
CHOICES_KEPT = 4  # versions whose choices a process keeps


@dataclass(frozen=True)
class FilterChoices:
    """The three selects' choices, their options as HTML, and what a chosen slug stands for."""

    choices: dict  # field name → choices, as a ChoiceField takes them
    options: dict  # field name → the <option>s' HTML, none selected
    regions: dict  # slug → ids of the region and, for a district, of its subjects
    people: dict  # slug → id
    topics: dict  # slug → id
    # The next scheduled publication: when it comes, another person may be quoted in public.
    valid_until: object = None

    def fresh(self):
        return self.valid_until is None or timezone.now() < self.valid_until


def filter_choices():
    """The filters' choices of the current data: from this process's memory while the versions
    of what they depend on stay the same; three queries (and a fourth) when they change."""
    versions = _versions()
    if not versions:
        return _build_choices()
    built = _choices_of(versions)
    if not built.fresh():  # a scheduled publication has come: someone else may be quoted
        _choices_of.cache_clear()
        built = _choices_of(versions)
    return built


@functools.lru_cache(maxsize=CHOICES_KEPT)
def _choices_of(versions):
    return _build_choices()


def _forget_choices(sender, **kwargs):
    """A change made here is seen here at once; other processes see it by the versions, which
    are bumped once it commits."""
    _choices_of.cache_clear()


for _model in (Article, Block, Person, Region, Topic):
    for _signal in (signals.post_save, signals.post_delete):
        _signal.connect(
            _forget_choices, sender=_model, dispatch_uid=f"search-choices-{_model.__name__}"
        )


def _versions():
    """The current versions of CHOICES_DEPEND_ON; None when the cache cannot tell them."""
    keys = [tag_key(tag) for tag in CHOICES_DEPEND_ON]
    try:
        found = cache.get_many(keys)
        versions = []
        for key in keys:
            version = found.get(key)
            if version is None:
                # Never bumped yet, or evicted: a version is given now (as a bump would), so
                # choices built from here on are never mistaken for ones built before the loss.
                # It costs the page cache a render of the pages stored under the missing one.
                version = f"{time.time():.6f}"
                if not cache.add(key, version, timeout=None):
                    version = cache.get(key)
            if version is None:
                return None
            versions.append(version)
    except Exception:  # the cache is down: build the choices per request, as before
        return None
    return tuple(versions)


def _build_choices():
    # Read before what it guards: a publication that comes while the choices are built
    # makes them stale at once rather than too late.
    next_publication = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    regions = list(Region.objects.all())
    region_choices, region_ids = [("", "Все регионы")], {}
    below = {}  # a region's pk → the regions one level below it
    for region in regions:
        below.setdefault(region.parent_id, []).append(region)
    for district in (region for region in regions if region.is_district):
        options, district_ids = [(district.slug, f"{district.name}, все субъекты")], [district.pk]
        for subject in below.get(district.pk, []):
            # A subject's municipalities follow it, and searching the subject includes them.
            municipalities = below.get(subject.pk, [])
            options.append((subject.slug, subject.name))
            options += [(m.slug, f"{m.name} ({subject.name})") for m in municipalities]
            subject_ids = (subject.pk, *(m.pk for m in municipalities))
            region_ids[subject.slug] = subject_ids
            region_ids.update((m.slug, (m.pk,)) for m in municipalities)
            district_ids += subject_ids
        region_choices.append((district.name, options))
        region_ids[district.slug] = tuple(district_ids)
    quoted = Article.objects.published().quoting(OuterRef(OuterRef("pk")))
    people = list(Person.objects.public().filter(Exists(quoted)))
    topics = list(Topic.objects.all())
    choices = {
        "region": region_choices,
        "person": [("", "Все")] + [(person.slug, person.full_name) for person in people],
        "topic": [("", "Все темы")] + [(topic.slug, topic.name) for topic in topics],
    }
    return FilterChoices(
        choices={name: _Normalized(field_choices) for name, field_choices in choices.items()},
        options={name: _options(field_choices) for name, field_choices in choices.items()},
        regions=region_ids,
        people={person.slug: person.pk for person in people},
        topics={topic.slug: topic.pk for topic in topics},
        valid_until=next_publication,
    )


class _Normalized(BaseChoiceIterator):
    """Choices as a ChoiceField keeps them, normalized once: the field takes an iterator as
    it is, where a list would be normalized again on every request (420 of them)."""

    def __init__(self, choices):
        self.choices = normalize_choices(choices)

    def __iter__(self):
        return iter(self.choices)


def _options(choices):
    """The <option>s (and <optgroup>s) of ``choices``, spaced as Django's select.html does."""
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(format_html('\n  <optgroup label="{}">', value))
            parts.extend(_option(*choice) for choice in label)
            parts.append("\n  </optgroup>")
        else:
            parts.append(_option(value, label))
    return mark_safe("".join(parts))  # each part escaped by format_html


def _option(value, label):
    return format_html('\n  <option value="{}">{}</option>\n', value, label)


class OptionsSelect(forms.Select):
    """A <select> of options rendered beforehand (``options_html``), marked selected per request.

    Django's Select renders two templates per option: 420 options, 850 template renders, a
    fifth of the search page's time, for markup that differs only by the selected option. The
    HTML is Django's own (tests/articles/test_search_form.py compares the two).
    """

    options_html = ""

    def render(self, name, value, attrs=None, renderer=None):
        options = self.options_html
        for chosen in self.format_value(value)[:1]:
            option = format_html('<option value="{}">', chosen)
            options = options.replace(option, f"{option[:-1]} selected>", 1)
        attrs = self.build_attrs(self.attrs, attrs)
        options = mark_safe(options)  # escaped by format_html in _options
        return format_html('<select name="{}"{}>{}\n</select>', name, _attributes(attrs), options)


def _attributes(attrs):
    """Attributes as django/forms/widgets/attrs.html writes them: True bare, False left out."""
    return mark_safe(  # each attribute escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class SearchForm(forms.Form):
    """What a reader may ask for; the choices are built once per version of the data."""

    q = forms.CharField(
        label="Что найти",
        required=False,
        help_text="Слова в любой форме: «тульская» найдёт и «Тульской». Точная фраза — "
        "в кавычках, исключить слово — минус перед ним.",
        widget=forms.TextInput(attrs={"type": "search", "maxlength": QUERY_MAX_LENGTH}),
    )
    region = forms.ChoiceField(
        label="Регион",
        required=False,
        help_text="Округ — вместе с его субъектами.",
        widget=OptionsSelect,
    )
    person = forms.ChoiceField(label="Кого цитируют", required=False, widget=OptionsSelect)
    topic = forms.ChoiceField(label="Тема", required=False, widget=OptionsSelect)
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
    selects = ("region", "person", "topic")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filter_choices = filter_choices()
        for name in self.selects:
            field = self.fields[name]
            field.choices = self.filter_choices.choices[name]  # normalized when built
            field.widget.options_html = self.filter_choices.options[name]

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
        data, known = self.cleaned_data, self.filter_choices
        chosen = {
            "regions": known.regions.get(data.get("region")),
            "person": known.people.get(data.get("person")),
            "topic": known.topics.get(data.get("topic")),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        return {name: value for name, value in chosen.items() if value is not None}


@cached_page("list")
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
        results = getattr(context.get("paginator"), "object_list", None)
        context["more_than"] = RANKED_LIMIT if getattr(results, "more", False) else None
        # Words too common for the whole archive: only the newest documents were searched.
        context["searched_newest"] = getattr(results, "searched_newest", None)
        return context


def _page_number(number):
    """The page a Paginator's get_page() will show for ``number``, if there are that many."""
    try:
        return max(int(number), 1)
    except (TypeError, ValueError):
        return 1
