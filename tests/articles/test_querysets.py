"""What a set of articles means is spelled once, on ``Article.objects``, and every page, feed
and search that shows such a set agrees with it."""

import re

import feedparser
import pytest
from django.db.models import Exists, OuterRef

from articles.models import Article
from people.models import Person
from tests.factories import ArticleFactory, PersonFactory, QuoteBlockFactory, region

pytestmark = pytest.mark.django_db


def page_titles(client, url):
    html = client.get(url).content.decode()
    return {title for title in Article.objects.values_list("title", flat=True) if title in html}


def feed_titles(client, url):
    return {entry.title for entry in feedparser.parse(client.get(url).content).entries}


def search_titles(client, **params):
    html = client.get("/search/", params).content.decode()
    titles = re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)
    return {re.sub(r"</?mark>", "", title) for title in titles}


def test_a_district_has_its_subjects_news_on_its_page_feed_and_search(client):
    district = region("tsentralny-federalny-okrug")
    ArticleFactory(title="Тульские новости", regions=[region("tulskaya-oblast")])
    ArticleFactory(title="Новости округа", regions=[district])
    ArticleFactory(title="Ульяновские новости", regions=[region("ulyanovskaya-oblast")])
    ArticleFactory(title="Ещё не вышли", regions=[district], status=Article.Status.DRAFT,
                   published_at=None)  # fmt: skip
    expected = {"Тульские новости", "Новости округа"}
    assert set(Article.objects.published().in_region(district).values_list("title", flat=True)) == (
        expected
    )
    assert set(Article.objects.in_region(district.with_subjects()).published().values_list(
        "title", flat=True)) == expected  # fmt: skip
    assert page_titles(client, district.get_absolute_url()) == expected
    assert feed_titles(client, f"/feeds/regions/{district.slug}/rss/") == expected
    assert search_titles(client, region=district.slug) == expected


def test_a_persons_quotes_are_the_same_news_on_the_page_feed_and_search(client):
    speaker, other = PersonFactory(), PersonFactory()
    QuoteBlockFactory(article=ArticleFactory(title="Он сказал"), person=speaker)
    QuoteBlockFactory(article=ArticleFactory(title="Сказал другой"), person=other)
    QuoteBlockFactory(
        article=ArticleFactory(title="Скажет завтра", status=Article.Status.DRAFT,
                               published_at=None), person=speaker,
    )  # fmt: skip
    assert set(Article.objects.published().quoting(speaker).values_list("title", flat=True)) == {
        "Он сказал"
    }
    assert page_titles(client, speaker.get_absolute_url()) == {"Он сказал"}
    assert feed_titles(client, f"/feeds/people/{speaker.slug}/rss/") == {"Он сказал"}
    assert search_titles(client, person=speaker.slug) == {"Он сказал"}


def test_people_quoted_in_public_are_found_through_quoting():
    speaker, unpublished = PersonFactory(), PersonFactory()
    QuoteBlockFactory(person=speaker)
    QuoteBlockFactory(
        article=ArticleFactory(status=Article.Status.DRAFT, published_at=None), person=unpublished
    )
    quoted = Article.objects.published().quoting(OuterRef(OuterRef("pk")))
    assert list(Person.objects.filter(Exists(quoted))) == [speaker]


def test_region_and_person_filters_are_semi_joins_not_distinct_joins():
    """A list newest first must be able to stop after a page: no DISTINCT over the match."""
    district = region("tsentralny-federalny-okrug")
    for queryset in (
        Article.objects.published().for_lists().in_region(district),
        Article.objects.published().for_lists().quoting(PersonFactory()),
    ):
        sql = str(queryset.query).upper()
        assert "EXISTS" in sql and "DISTINCT" not in sql
