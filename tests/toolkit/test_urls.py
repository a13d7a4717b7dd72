"""Every {% url %} of the project's templates remembers what it reversed (issue 15): the same
addresses as Django's tag, one reverse() per distinct address and prefix."""

from unittest import mock

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLResolver, set_script_prefix

from toolkit.templatetags import urls


@pytest.fixture(autouse=True)
def forget():
    urls._reverse.cache_clear()
    yield
    urls._reverse.cache_clear()
    set_script_prefix("/")


def render(text, **context):
    return engines["django"].from_string(text).render(context)


def test_the_project_templates_use_the_remembering_tag():
    template = engines["django"].from_string("{% url 'articles:home' %}")
    assert isinstance(template.template.nodelist[0], urls.RememberingURLNode)


def test_an_address_is_reversed_once_and_printed_the_same():
    text = "{% url 'articles:article-detail' slug=slug %} {% url 'articles:home' %}"
    with mock.patch.object(urls, "reverse", wraps=urls.reverse) as reverse:
        first = render(text, slug="novost")
        again = render(text, slug="novost")
        other = render(text, slug="drugaya")
    assert first == again == "/news/novost/ /"
    assert other == "/news/drugaya/ /"
    assert reverse.call_count == 3  # two addresses, then one new slug


def test_a_script_prefix_is_part_of_the_address():
    assert render("{% url 'articles:home' %}") == "/"
    set_script_prefix("/press/")
    assert render("{% url 'articles:home' %}") == "/press/"


def test_arguments_are_escaped_and_as_var_keeps_quiet():
    assert render("{% url 'discovery:search' as link %}[{{ link }}]") == "[/search/]"
    assert render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")


def test_an_unhashable_argument_is_reversed_every_time():
    request = RequestFactory().get("/")
    text = "{% url 'articles:article-detail' slug=slug %}"
    with mock.patch.object(urls, "reverse", wraps=urls.reverse) as reverse:
        for _ in range(2):
            template = engines["django"].from_string(text)
            assert template.render({"slug": Unhashable("x")}, request) == "/news/x/"
    assert reverse.call_count == 2


class Unhashable(str):
    __hash__ = None


def test_addresses_of_many_slugs_cost_one_reverse_each_way():
    """Jinja2's address_of(): a page of results links each without reversing each."""
    urls._address_parts.cache_clear()
    with mock.patch.object(urls, "reverse", wraps=urls.reverse) as reverse:
        article_url = urls.address_of("articles:article-detail", "slug")
        addresses = [article_url(slug) for slug in ("novost", "0-100", "drugaya-10")]
        urls.address_of("articles:article-detail", "slug")
    assert addresses == [
        urls.reverse("articles:article-detail", kwargs={"slug": slug})
        for slug in ("novost", "0-100", "drugaya-10")
    ]
    assert reverse.call_count == 2  # the two marks, once


def test_jinja2_templates_print_the_same_addresses():
    template = engines["jinja2"].from_string(
        '{{ url("articles:article-detail", slug="novost") }} {{ url("articles:home") }}'
    )
    assert template.render() == "/news/novost/ /"


@pytest.mark.django_db
def test_models_addresses_are_django_s_and_reversed_once_per_process():
    """get_absolute_url of what an article page links (the article, its speakers, regions,
    topics, reported events): Django's address, without a reverse() per call."""
    from django.urls import reverse

    from events.models import Event
    from tests.factories import ArticleFactory, PersonFactory, TopicFactory, region

    objects = {
        "articles:article-detail": ArticleFactory(),
        "people:person-detail": PersonFactory(),
        "regions:region-detail": region("tula"),
        "articles:topic-detail": TopicFactory(name="Экономика"),
        "events:event-detail": Event(slug="forum-2026"),
    }
    for view, obj in objects.items():
        assert obj.get_absolute_url() == reverse(view, kwargs={"slug": obj.slug})
    with mock.patch.object(
        URLResolver, "_reverse_with_prefix", side_effect=AssertionError("reversed")
    ):
        for obj in objects.values():
            obj.get_absolute_url()
    with pytest.raises(NoReverseMatch):  # as Django: no address without a slug
        ArticleFactory.build(slug="").get_absolute_url()


@pytest.mark.parametrize("slug", ["a b", "a?b#c", "../../admin", "привет", "a/b", ""])
def test_an_address_of_what_reverse_refuses_is_refused(slug):
    """Only what an address holds as it is goes around the mark; the rest is reversed."""
    from django.urls import reverse

    with pytest.raises(NoReverseMatch):
        reverse("articles:article-detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        urls.address_of("articles:article-detail", "slug")(slug)
