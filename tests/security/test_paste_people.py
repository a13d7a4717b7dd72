"""«Вставить текст» by someone without the right to add people: the speakers it does not know
become people nobody sees until an editor confirms them (review, issue 12 item 4)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import workflow
from articles.models import Article
from people.models import Person
from pressoffice.roles import AUTHORS, EDITORS
from tests.factories import client_for, staff_member

pytestmark = pytest.mark.django_db

PASTE_URL = "/admin/articles/article/paste/"
STORY = """В Ульяновской области открыли новый цех.
Цех выпускает детали для авиационной промышленности.
Самозван САМОЗВАНОВ
ГУБЕРНАТОР УЛЬЯНОВСКОЙ ОБЛАСТИ
Мы открыли цех, и это только начало.
Работы продолжатся весной."""


def paste(user):
    client = client_for(user)
    preview = client.post(PASTE_URL, {"title": "Открыт цех", "text": STORY})
    form = preview.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    assert client.post(PASTE_URL, data).status_code == 302
    return Article.objects.latest("pk")


@pytest.fixture
def author(db):
    return staff_member(AUTHORS, username="author")


@pytest.fixture
def editor(db):
    return staff_member(EDITORS, username="editor")


def test_an_authors_paste_creates_no_public_person(client, author):
    paste(author)
    person = Person.objects.get(last_name="Самозванов")
    assert not person.is_confirmed
    assert client.get(reverse("people:person-detail", args=[person.slug])).status_code == 404
    assert "Самозванов" not in client.get(reverse("people:person-list")).content.decode()
    assert person.slug not in client.get("/sitemap-people.xml").content.decode()
    assert client.get(f"/feeds/people/{person.slug}/rss/").status_code == 404


def test_publishing_waits_for_the_speaker_to_be_confirmed(client, author, editor):
    article = paste(author)
    with pytest.raises(ValidationError, match="Самозван Самозванов"):
        workflow.check(editor, article, "publish")
    person = Person.objects.get(last_name="Самозванов")
    editor_client = client_for(editor)
    response = editor_client.post(
        reverse("admin:people_person_changelist"),
        {"action": "confirm", "_selected_action": [person.pk]},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_confirmed
    # Confirmed, but since when the speaker holds the title is still unknown: the editor
    # confirms the signature too (tests/articles/test_paste_appointments.py).
    workflow.check(editor, article, "publish", titles_confirmed=True)
    assert client.get(reverse("people:person-detail", args=[person.slug])).status_code == 200


def test_an_author_cannot_confirm_a_person(author):
    paste(author)
    person = Person.objects.get(last_name="Самозванов")
    client_for(author).post(
        reverse("admin:people_person_changelist"),
        {"action": "confirm", "_selected_action": [person.pk]},
    )
    person.refresh_from_db()
    assert not person.is_confirmed


def test_an_editors_paste_confirms_the_people_it_shows(editor):
    paste(editor)
    assert Person.objects.get(last_name="Самозванов").is_confirmed


def test_a_published_article_cannot_be_given_an_unconfirmed_speaker(author, editor):
    from tests.articles.helpers import post_change
    from tests.factories import ArticleFactory

    paste(author)
    person = Person.objects.get(last_name="Самозванов")
    article = ArticleFactory(title="Опубликованный материал")
    response = post_change(editor, article, **{
        "blocks-TOTAL_FORMS": "1", "blocks-0-position": "10", "blocks-0-kind": "quote",
        "blocks-0-person": str(person.pk), "blocks-0-quote": "Слова", "blocks-0-text": "",
        "blocks-0-person_title": "",
    })  # fmt: skip
    assert response.status_code == 200
    assert "ждёт подтверждения" in response.content.decode()
    assert not article.blocks.exists()
