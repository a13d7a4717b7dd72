"""A quote's signature follows the article's date until publication unless someone typed it,
and publishing refuses a typed signature that disagrees with the person's appointment on the
article's date unless the editor confirms it (issue 13, item 1)."""

import datetime

import pytest
from django.urls import reverse

from articles.admin_tools import stale_quote_blocks
from articles.models import Article, Block
from pressoffice.roles import EDITORS
from tests.articles.helpers import change_url, form_for
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    PersonFactory,
    client_for,
    staff_member,
)

pytestmark = pytest.mark.django_db
Status = Article.Status
GOVERNOR = "Губернатор Тульской области"
ACTING = "Врио губернатора Тульской области"


@pytest.fixture
def milyaev():
    person = PersonFactory(last_name="Миляев", first_name="Дмитрий", patronymic="Вячеславович")
    AppointmentFactory(person=person, title=GOVERNOR, acting=True,
                       starts_on=datetime.date(2021, 10, 7),
                       ends_on=datetime.date(2022, 9, 22))  # fmt: skip
    AppointmentFactory(person=person, title=GOVERNOR, starts_on=datetime.date(2022, 9, 23))
    return person


@pytest.fixture
def editor(db):
    return staff_member(EDITORS, username="editor")


def quote_rows(block=None, person=None, title=""):
    rows = {"blocks-TOTAL_FORMS": "1", "blocks-INITIAL_FORMS": "1" if block else "0",
            "blocks-0-position": "10", "blocks-0-kind": "quote",
            "blocks-0-person": str(person.pk), "blocks-0-person_title": title,
            "blocks-0-quote": "Мы продолжим работу.", "blocks-0-text": ""}  # fmt: skip
    if block:
        rows.update({"blocks-0-id": str(block.pk), "blocks-0-article": str(block.article_id)})
    return rows


def publish_on(editor, article, day, **extra):
    article.refresh_from_db()
    block = article.blocks.get()
    data = form_for(article, **quote_rows(block, block.person, block.person_title), **extra)
    data.update({"published_at_0": f"{day:%d.%m.%Y}", "published_at_1": "12:00:00",
                 "_publish": "Опубликовать"})  # fmt: skip
    return client_for(editor).post(change_url(article), data)


def test_an_untyped_signature_follows_the_articles_date_to_publication(editor, milyaev):
    article = ArticleFactory(title="Итоги года", status=Status.DRAFT, published_at=None)
    client_for(editor).post(change_url(article), form_for(article, **quote_rows(person=milyaev)))
    assert Block.objects.get().person_title == GOVERNOR  # today's title, for a draft

    response = publish_on(editor, article, datetime.date(2022, 3, 15))
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert Block.objects.get().person_title == ACTING
    page = client_for(None).get(article.get_absolute_url()).content.decode()
    assert f">{ACTING}<" in page  # set in capitals by the style sheet


def test_a_typed_signature_that_disagrees_is_refused_until_confirmed(editor, milyaev):
    article = ArticleFactory(title="Итоги года", status=Status.DRAFT, published_at=None)
    Block.objects.create(article=article, kind="quote", person=milyaev, quote="Слова",
                         person_title=GOVERNOR, person_title_manual=True)  # fmt: skip
    response = publish_on(editor, article, datetime.date(2022, 3, 15))
    assert response.status_code == 200
    html = response.content.decode()
    assert "не совпадает с должностью на 15.03.2022" in html
    assert ACTING in html
    article.refresh_from_db()
    assert article.status == Status.DRAFT

    confirmed = publish_on(editor, article, datetime.date(2022, 3, 15), titles_confirmed="on")
    assert confirmed.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert Block.objects.get().person_title == GOVERNOR  # as typed, confirmed


def test_the_stale_signature_check_covers_published_articles(milyaev):
    article = ArticleFactory(published_at=datetime.datetime(2022, 3, 15, 9, tzinfo=datetime.UTC))
    block = Block.objects.create(article=article, kind="quote", person=milyaev, quote="Слова",
                                 person_title=GOVERNOR, person_title_manual=True)  # fmt: skip
    assert [b.pk for b in stale_quote_blocks()] == [block.pk]


def test_a_published_signature_stays_as_published(editor, milyaev):
    article = ArticleFactory(published_at=datetime.datetime(2022, 3, 15, 9, tzinfo=datetime.UTC))
    block = Block.objects.create(article=article, kind="quote", person=milyaev, quote="Слова")
    assert block.person_title == ACTING
    article.published_at = datetime.datetime(2023, 3, 15, 9, tzinfo=datetime.UTC)
    article.save()
    article.refresh_signatures()
    block.refresh_from_db()
    assert block.person_title == ACTING


def test_the_titles_page_lists_published_articles(editor, milyaev):
    article = ArticleFactory(published_at=datetime.datetime(2022, 3, 15, 9, tzinfo=datetime.UTC))
    Block.objects.create(article=article, kind="quote", person=milyaev, quote="Слова",
                         person_title=GOVERNOR, person_title_manual=True)  # fmt: skip
    page = client_for(editor).get(reverse("admin:articles_article_titles"))
    assert article.title in page.content.decode()
