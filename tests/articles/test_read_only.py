"""Someone who may only look at an article (its author once it is on review, another author
on a published one) sees it as the article, not as a form of raw HTML (issue 13, item 4)."""

import pytest

from articles.models import Article
from pressoffice.roles import AUTHORS
from tests.articles.helpers import change_url
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    client_for,
    staff_member,
)

pytestmark = pytest.mark.django_db


def test_a_submitted_article_reads_as_an_article_for_its_author():
    author = staff_member(AUTHORS, username="author")
    article = ArticleFactory(title="Центры поддержки", author=author,
                             status=Article.Status.REVIEW, published_at=None)  # fmt: skip
    TextBlockFactory(article=article, position=10,
                     text="<p>Центры будут работать <strong>круглый год</strong>.</p>")  # fmt: skip
    quote = QuoteBlockFactory(article=article, position=20, quote="Мы начнём весной.",
                              person_title="Губернатор Тульской области")  # fmt: skip
    AppointmentFactory(person=quote.person)
    response = client_for(author).get(change_url(article))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Центры будут работать <strong>круглый год</strong>." in html
    assert "&lt;p&gt;" not in html
    assert "Блок:" not in html and "блок 10" not in html
    assert "Оставьте пустым" not in html  # help for fields nobody can edit here
    assert f"{quote.person.display_name} / ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ" in html  # house style
    assert "на проверке" in html


def test_an_editor_still_gets_the_form():
    from tests.factories import UserFactory

    editor = UserFactory(username="root", is_staff=True, is_superuser=True)
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    html = client_for(editor).get(change_url(article)).content.decode()
    assert 'name="title"' in html
