"""Region and person pages: the news of a region (a district's includes its subjects') and of
a person quoted, at the addresses and names they always had."""

import pytest
from django.urls import resolve, reverse

from articles.models import Article
from demo.loader import SEED_TITLE, DemoLoader
from tests.factories import ArticleFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    DemoLoader().load()
    return Article.objects.get(title=SEED_TITLE)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "kwargs", "address"),
    [
        ("regions:region-list", {}, "/regions/"),
        ("regions:region-detail", {"slug": "tulskaya-oblast"}, "/regions/tulskaya-oblast/"),
        ("people:person-list", {}, "/people/"),
        ("people:person-detail", {"slug": "dmitry-milyaev"}, "/people/dmitry-milyaev/"),
    ],
)
def test_region_and_person_pages_keep_their_addresses_and_names(name, kwargs, address):
    assert reverse(name, kwargs=kwargs) == address
    assert resolve(address).func.view_class.__module__ == "discovery.views"


def test_district_page_includes_its_subjects_news_once(client):
    article = ArticleFactory(regions=[region("ulyanovskaya-oblast"),
                                      region("privolzhsky-federalny-okrug")])  # fmt: skip
    html = page(client, "/regions/privolzhsky-federalny-okrug/")
    assert html.count(f'href="{article.get_absolute_url()}"') == 1
    assert "Новости Приволжского федерального округа" in html
    assert article.title not in page(client, "/regions/tsentralny-federalny-okrug/")


def test_person_page_shows_current_title_history_quotes_and_articles(client, demo):
    html = page(client, "/people/dmitry-milyaev/")
    assert '<p class="person__title">Губернатор Тульской области</p>' in html
    assert "Врио губернатора Тульской области" in html
    assert "Мы ещё достаточно плохо знаем свою собственную страну." in html
    assert f'href="{demo.get_absolute_url()}"' in html
