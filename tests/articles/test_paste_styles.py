"""«Вставить текст» on a story in agency style, not the house format (issue 14): the preview
shows each quote with its speaker, title and the sentence it came from; the draft gets quote
blocks. The story is written for this test."""

import pytest

from articles.models import Article
from people.models import Person
from pressoffice.roles import AUTHORS
from tests.articles.helpers import PASTE_URL, save_data
from tests.factories import AppointmentFactory, PersonFactory, client_for, staff_member

pytestmark = pytest.mark.django_db

STORY = """В Белгородской области откроют три новых школы
Губернатор Белгородской области Вячеслав Гладков провёл совещание о строительстве школ.
«Я благодарен строителям: все три здания готовы раньше срока», — отметил глава региона.
По словам министра образования Белгородской области Андрея Милёхина, «учебный год в новых \
школах начнётся 1 сентября».
Дмитрий Миляев отметил, что опыт соседей пригодится и Тульской области."""


def test_an_agency_style_story_gives_quote_blocks():
    gladkov = PersonFactory(first_name="Вячеслав", last_name="Гладков", patronymic="")
    AppointmentFactory(person=gladkov, title="Губернатор Белгородской области")
    client = client_for(staff_member(AUTHORS, username="paster"))

    response = client.post(PASTE_URL, {"title": "Новые школы", "text": STORY})

    rows = [row for row in response.context["form"].rows() if "quote" in row]
    assert [(row["quote"].person, row["title"].value()) for row in rows] == [
        (gladkov, "Губернатор Белгородской области"),
        (None, "Министр образования Белгородской области"),
    ]
    page = response.content.decode()
    assert 'Найдено в тексте: <span class="paste-sentence">По словам министра образования' in page
    assert "Проверьте, кто говорит" in page  # «глава региона» named nobody in that sentence

    client.post(PASTE_URL, save_data(response))
    article = Article.objects.get()
    assert [(b.kind, b.person.last_name if b.person else "") for b in article.blocks.all()] == [
        ("text", ""), ("quote", "Гладков"), ("quote", "Милёхин"), ("text", ""),
    ]  # fmt: skip
    assert article.blocks.filter(kind="quote")[1].quote == (
        "учебный год в новых школах начнётся 1 сентября"
    )
    assert Person.objects.filter(last_name="Миляев").count() == 0  # indirect speech: no quote
