"""The photo bank is a cached page, and every change to what it shows reaches readers at once:
a photo added, edited or deleted, an article published, scheduled, unpublished, a cover
replaced."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CoveredArticleFactory, PhotoFactory, region

pytestmark = pytest.mark.django_db
BANK = "/photobank/"
FILTERED = f"{BANK}?region=ulyanovskaya-oblast"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Run what a change schedules for after its commit, as production does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article():
    return ArticleFactory(regions=[region("ulyanovskaya-oblast")])


def warm(client, *urls):
    """Two requests each: the first one may give the filters' tags their first versions."""
    for url in urls:
        for _ in range(2):
            assert client.get(url).status_code == 200


def shown(client, url=BANK):
    return client.get(url).text


def test_second_view_runs_no_query(client, article, django_assert_num_queries):
    PhotoFactory(article=article)
    for url in (BANK, FILTERED):
        warm(client, url)
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_a_new_photo_edited_and_deleted_reaches_the_bank(client, article, changes):
    warm(client, BANK, FILTERED)
    with changes():
        photo = PhotoFactory(article=article, caption="Вид на набережную")
    assert "Вид на набережную" in shown(client)
    assert "Вид на набережную" in shown(client, FILTERED)
    with changes():
        photo.caption = "Набережная после ремонта"
        photo.credit = "Мария Сидорова"
        photo.save()
    for url in (BANK, FILTERED):
        assert "Набережная после ремонта" in shown(client, url)
        assert "Фото: Мария Сидорова" in shown(client, url)
    with changes():
        photo.delete()
    assert "Набережная после ремонта" not in shown(client)


def test_publishing_and_unpublishing_reach_the_bank(client, changes):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    PhotoFactory(article=draft, caption="Закладка первого камня")
    warm(client, BANK)
    assert "Закладка первого камня" not in shown(client)
    with changes():
        draft.status = Article.Status.PUBLISHED
        draft.save()
    assert "Закладка первого камня" in shown(client)
    with changes():
        draft.status = Article.Status.WITHDRAWN
        draft.withdrawn_reason = "Ошибка в дате"
        draft.save()
    assert "Закладка первого камня" not in shown(client)


def test_a_scheduled_article_appears_when_its_time_comes(client, time_machine):
    later = timezone.now() + datetime.timedelta(minutes=30)
    PhotoFactory(article=ArticleFactory(published_at=later), caption="Открытие выставки")
    warm(client, BANK)
    assert "Открытие выставки" not in shown(client)
    time_machine.move_to(later + datetime.timedelta(seconds=1))
    assert "Открытие выставки" in shown(client)


def test_a_cover_replaced_or_retagged_reaches_the_bank(client, changes):
    article = CoveredArticleFactory(cover_caption="Старая подпись")
    warm(client, BANK, FILTERED)
    with changes():
        article.cover_caption = "Новая подпись"
        article.save()
    assert "Новая подпись" in shown(client)
    assert "Новая подпись" not in shown(client, FILTERED)
    with changes():
        article.regions.set([region("ulyanovskaya-oblast")])
    assert "Новая подпись" in shown(client, FILTERED)
