"""The search filters: Django's own markup without a template per option, and choices built once
per version of the data they come from, never stale."""

import datetime
import re
from unittest import mock

import pytest
import time_machine
from django import forms
from django.core.cache import cache
from django.db import connection
from django.forms.renderers import get_default_renderer
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.choices import normalize_choices

from articles.models import Article
from discovery.search import choices
from discovery.search.choices import _options
from discovery.search.forms import OptionsSelect, PlainDateInput, PlainTextInput, SearchForm
from pagecache.tags import SITE, bump
from people.models import Person
from regions.models import Region
from tests.factories import ArticleFactory, PersonFactory, QuoteBlockFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/search/"
WORD = "элеватор"
# Queries of a search page with results once the choices are built: on PostgreSQL one for the
# count, the page and its regions; on SQLite the scan of titles and of blocks, the page and
# its regions.
PAGE_QUERIES = {"postgresql": 1, "sqlite": 4}
CHOICE_QUERIES = 4  # regions, people quoted, topics, and the next scheduled publication


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Run what a change schedules for after its commit (the versions' bump), as production does."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def search(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    # The statements, kept: the next request resets the connection's log.
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def select(html, name):
    return re.search(rf'<select name="{name}"[^>]*>.*?</select>', html, re.S).group()


# The markup


CHOICES = [
    ("", "Все"),
    ("Группа & <компания>", [("a", "Первый «А»"), ('b"q', "Второй <b>")]),
    ("c", "O'Brien & сын"),
    (7, 7),
]


@pytest.mark.parametrize("value", [None, "", "a", 'b"q', "c", "7", "<нет такого>", ["c"]])
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_x"},
        {"id": "id_x", "aria-describedby": "id_x_helptext id_x_error", "aria-invalid": True},
        {"id": "id_x", "disabled": False, "data-n": 0},
    ],
)
def test_the_select_is_djangos_own_markup(value, attrs):
    django_select = forms.Select(choices=CHOICES)
    ours = OptionsSelect(choices=CHOICES)
    ours.options_html = _options(CHOICES)
    renderer = get_default_renderer()
    expected = django_select.render("x", value, attrs=dict(attrs), renderer=renderer)
    assert ours.render("x", value, attrs=dict(attrs), renderer=renderer) == expected


@pytest.mark.parametrize(
    ("plain", "django_widget", "value"),
    [
        (PlainTextInput, forms.TextInput, None),
        (PlainTextInput, forms.TextInput, ""),
        (PlainTextInput, forms.TextInput, "\"кавычки\" & <теги> 'апостроф'"),
        (PlainDateInput, forms.DateInput, datetime.date(2024, 5, 7)),
        (PlainDateInput, forms.DateInput, "не дата"),
    ],
)
@pytest.mark.parametrize(
    "attrs",
    [
        {"id": "id_x"},
        {"id": "id_x", "aria-describedby": "id_x_error", "aria-invalid": True, "maxlength": 200},
        {"id": "id_x", "disabled": False, "required": True},
    ],
)
def test_the_inputs_are_djangos_own_markup(plain, django_widget, value, attrs):
    options = {"attrs": {"type": "search"}} if plain is PlainTextInput else {"format": "%Y-%m-%d"}
    expected = django_widget(**options).render("x", value, attrs=dict(attrs))
    assert plain(**options).render("x", value, attrs=dict(attrs)) == expected


def test_the_chosen_filters_are_selected_and_labelled(client):
    speaker = PersonFactory(last_name="Миляев")
    topic = TopicFactory(name="Авиация")
    QuoteBlockFactory(article=ArticleFactory(title=WORD, topics=[topic]), person=speaker)
    params = {"q": WORD, "region": "tulskaya-oblast", "person": speaker.slug, "topic": topic.slug}
    html, _ = search(client, **params)
    for name, value in params.items():
        if name == "q":
            continue
        chosen = select(html, name)
        assert f'<label for="id_{name}">' in html
        assert f'id="id_{name}"' in chosen
        assert re.findall(r'<option value="([^"]*)" selected>', chosen) == [value]
    html, _ = search(client, q=WORD)
    for name in ("region", "person", "topic"):
        assert re.findall(r'<option value="([^"]*)" selected>', select(html, name)) == [""]
    html, _ = search(client, q=WORD, region="atlantida")
    assert " selected>" not in select(html, "region")
    assert 'aria-invalid="true"' in select(html, "region")


# Built once per version of the data


def test_the_choices_cost_no_query_until_what_they_show_changes(client, changes):
    speaker = PersonFactory(last_name="Миляев")
    QuoteBlockFactory(article=ArticleFactory(title=WORD), person=speaker)
    search(client, q=WORD)  # builds the choices, fills the per-process caches
    html, warm = search(client, q=WORD)
    assert len(warm) == PAGE_QUERIES[connection.vendor], warm
    assert not any("is_confirmed" in sql for sql in warm)  # the people quoted
    assert "Миляев Иван Иванович</option>" in html

    with changes():
        speaker.last_name = "Новиков"
        speaker.save()
    html, rebuilt = search(client, q=WORD)
    assert len(rebuilt) == len(warm) + CHOICE_QUERIES
    assert "Новиков Иван Иванович</option>" in html and "Миляев" not in select(html, "person")
    # Many more people, regions' articles and topics: the same queries again.
    with changes():
        for _ in range(30):
            QuoteBlockFactory(article=ArticleFactory(topics=[TopicFactory()]))
    search(client, q=WORD)
    html, warm_again = search(client, q=WORD)
    assert len(warm_again) == len(warm)
    assert select(html, "person").count("<option") == 32


def test_a_change_by_another_process_shows_once_its_versions_are_bumped(client, changes):
    """Another process's change sends no signal here: the bumped version tells."""
    speaker = PersonFactory(last_name="Миляев")
    QuoteBlockFactory(article=ArticleFactory(title=WORD), person=speaker)
    search(client, q=WORD)
    Person.objects.filter(pk=speaker.pk).update(last_name="Новиков")  # no signal here
    html, warm = search(client, q=WORD)
    assert "Миляев Иван Иванович</option>" in html
    with changes():
        bump(SITE)  # as the other process does after its commit
    html, rebuilt = search(client, q=WORD)
    assert "Новиков Иван Иванович</option>" in html
    assert len(rebuilt) == len(warm) + CHOICE_QUERIES


def test_a_change_made_here_shows_before_it_commits(client):
    search(client, q=WORD)
    TopicFactory(name="Судостроение")  # its bump waits for the commit; this process knows now
    assert "Судостроение</option>" in search(client, q=WORD)[0]


def test_the_choices_are_not_normalized_again_per_request(client):
    """Django normalizes a list of choices on every assignment: 420 of them, per request."""
    QuoteBlockFactory(article=ArticleFactory(title=WORD))
    search(client, q=WORD)
    calls = mock.Mock(wraps=normalize_choices)
    with (
        mock.patch("django.forms.fields.normalize_choices", calls),
        mock.patch("django.utils.choices.normalize_choices", calls),  # its own recursion
    ):
        search(client, q=WORD)
    assert calls.call_count <= len(SearchForm.selects)  # one look at each, no more


def test_a_region_filter_needs_no_query_for_a_districts_subjects(client):
    ArticleFactory(title=WORD, regions=[Region.objects.get(slug="tulskaya-oblast")])
    search(client, q=WORD)
    _, unfiltered = search(client, q=WORD)
    search(client, q=WORD, region="tsentralny-federalny-okrug")
    html, filtered = search(client, q=WORD, region="tsentralny-federalny-okrug")
    assert "Найдено: 1 материал<" in html
    assert len(filtered) == len(unfiltered)


def new_topic():
    TopicFactory(name="Судостроение")
    return "Судостроение</option>"


def newly_quoted():
    QuoteBlockFactory(article=ArticleFactory(), person=PersonFactory(last_name="Цитатов"))
    return "Цитатов Иван Иванович</option>"


def renamed_region():
    tula = Region.objects.get(slug="tulskaya-oblast")
    tula.name = "Тульская земля"
    tula.save()
    return '<option value="tulskaya-oblast">Тульская земля</option>'


@pytest.mark.parametrize("change", [new_topic, newly_quoted, renamed_region])
def test_a_change_shows_in_the_choices_at_once(client, changes, change):
    search(client, q=WORD)
    with changes():
        expected = change()
    html, _ = search(client, q=WORD)
    assert expected in html


def test_a_renamed_region_shows_in_the_results_tags_at_once(client, changes):
    """The tags of a result's regions are named from the choices (on PostgreSQL), which a
    change of a region rebuilds."""
    ArticleFactory(title=WORD, regions=[Region.objects.get(slug="tulskaya-oblast")])
    assert '<span class="tag">Тульская область</span>' in search(client, q=WORD)[0]
    with changes():
        renamed_region()
    html, _ = search(client, q=WORD)
    assert '<span class="tag">Тульская земля</span>' in html and "Тульская область" not in html


def test_a_person_confirmed_or_no_longer_quoted_in_public_shows_at_once(client, changes):
    person = PersonFactory(last_name="Предложенный", is_confirmed=False)
    article = ArticleFactory()
    QuoteBlockFactory(article=article, person=person)
    search(client, q=WORD)
    assert "Предложенный" not in search(client, q=WORD)[0]
    with changes():
        person.is_confirmed = True
        person.save()
    assert "Предложенный Иван Иванович</option>" in search(client, q=WORD)[0]
    with changes():
        article.status = Article.Status.WITHDRAWN
        article.withdrawn_reason = "Ошибка в тексте."
        article.save()
    assert "Предложенный" not in search(client, q=WORD)[0]


def test_a_person_quoted_in_a_scheduled_article_is_offered_when_it_comes_out(client):
    now = timezone.now()
    QuoteBlockFactory(
        article=ArticleFactory(published_at=now + datetime.timedelta(hours=1)),
        person=PersonFactory(last_name="Будущий"),
    )
    search(client, q=WORD)
    assert "Будущий" not in search(client, q=WORD)[0]
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        assert "Будущий Иван Иванович</option>" in search(client, q=WORD)[0]


def test_choices_are_rebuilt_when_the_cache_lost_their_versions(client):
    person = PersonFactory(last_name="Старый")
    QuoteBlockFactory(article=ArticleFactory(), person=person)
    search(client, q=WORD)
    cache.clear()  # evicted or restarted: the bump of the change below is lost with it
    person.last_name = "Новый"
    person.save()
    assert "Новый Иван Иванович</option>" in search(client, q=WORD)[0]


def test_without_a_cache_the_choices_are_built_per_request(client):
    person = PersonFactory(last_name="Старый")
    QuoteBlockFactory(article=ArticleFactory(title=WORD), person=person)
    search(client, q=WORD)
    with mock.patch.object(choices.cache, "get_many", side_effect=ConnectionError):
        person.last_name = "Новый"
        person.save()
        html, queries = search(client, q=WORD)
    assert "Новый Иван Иванович</option>" in html
    assert len(queries) == PAGE_QUERIES[connection.vendor] + CHOICE_QUERIES
