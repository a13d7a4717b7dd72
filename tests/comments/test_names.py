"""Readers cannot sign as the press office or a staff member, look-alike letters included."""

import pytest

from comments.forms import CommentForm
from comments.models import Comment
from comments.names import clean_display_name, is_reserved
from tests.comments.helpers import form_data
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

IMPERSONATIONS = [
    "Пресс-служба",
    "Прeсс-служба",  # Latin «e»
    "ПРЕСС-СЛУЖБА",
    "Пресс служба",
    "Пресс—служба",
    "Пресс - служба",
    "Пре\u200bсс-служба",  # zero-width space
    "\u202eПресс-служба",  # right-to-left override
    "Пресс-служба правительства области",
    "пресс-служба губернатора",
    "Пpecc-cлужбa",  # Latin p, e, c, a
]


@pytest.mark.parametrize("name", IMPERSONATIONS)
def test_office_name_and_look_alikes_are_reserved(name):
    assert is_reserved(name)


@pytest.mark.parametrize("name", ["Иван Петров", "Служба доставки", "Пресса читатель", "Ann"])
def test_ordinary_names_are_not_reserved(name):
    assert not is_reserved(name)


def test_active_staff_full_names_are_reserved_in_either_order():
    UserFactory(username="s1", first_name="Анна", last_name="Смирнова", is_staff=True)
    UserFactory(username="s2", first_name="Олег", last_name="Ушёл", is_staff=True,
                is_active=False)  # fmt: skip
    UserFactory(username="r1", first_name="Пётр", last_name="Читатель", is_staff=False)
    assert is_reserved("Анна Смирнова")
    assert is_reserved("смирнова  анна")
    assert is_reserved("Aннa Cмирнoвa")  # Latin A, a, C, o
    assert not is_reserved("Анна")  # a first name alone is anyone's
    assert not is_reserved("Олег Ушёл")
    assert not is_reserved("Пётр Читатель")


def test_bidi_and_zero_width_characters_are_stripped_from_names():
    assert clean_display_name("\u202eИван\u200d Петров\ufeff\u2066") == "Иван Петров"


def test_form_refuses_the_office_name_and_keeps_the_text(client):
    article = ArticleFactory()
    text = "Когда отремонтируют дорогу на Алексин?"
    response = client.post(
        f"/news/{article.slug}/comment/", form_data(article, name="Прeсс-служба", comment=text)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Это имя нельзя использовать" in html
    assert text in html
    assert not Comment.objects.exists()


def test_form_saves_names_without_invisible_characters(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    form = CommentForm(article, data=form_data(article, name="Иван\u200b \u202eПетров"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Иван Петров"


def test_a_name_of_invisible_characters_only_is_missing():
    article = ArticleFactory()
    form = CommentForm(article, data=form_data(article, name="\u200b\u202e"))
    assert not form.is_valid()
    assert form.errors["name"] == ["Представьтесь, пожалуйста."]
