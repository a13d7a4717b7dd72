import datetime

import pytest
from django.urls import reverse

from articles.models import Article, Block
from people.models import Appointment
from pressoffice.roles import MODERATORS
from tests.admin.helpers import article_form, inline_management
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    PersonFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TopicFactory,
    client_for,
    region,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "articles_article",
        "articles_topic",
        "people_person",
        "regions_region",
    ],
)
def test_changelist_add_and_change_forms_open_for_an_editor(editor_client, name):
    article = ArticleFactory(regions=[region("tulskaya-oblast")], topics=[TopicFactory()])
    QuoteBlockFactory(article=article)
    PhotoFactory(article=article)
    objects = {
        "articles_article": article,
        "articles_topic": article.topics.get(),
        "people_person": article.blocks.get().person,
        "regions_region": region("tulskaya-oblast"),
    }
    assert editor_client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:{name}_changelist"), {"q": "Тул"}).status_code == 200
    assert editor_client.get(reverse(f"admin:{name}_add")).status_code == 200
    change = reverse(f"admin:{name}_change", args=[objects[name].pk])
    assert editor_client.get(change).status_code == 200


def test_article_changelist_filters_and_shows_status(editor_client):
    ArticleFactory(title="Опубликованный")
    ArticleFactory(title="Будущий", published_at=ArticleFactory().published_at
                   + datetime.timedelta(days=3))  # fmt: skip
    url = reverse("admin:articles_article_changelist")
    html = editor_client.get(url).content.decode()
    assert ">запланирован</span>" in html  # when: in the publication column, once
    assert editor_client.get(url, {"status__exact": "draft"}).status_code == 200
    tula = region("tulskaya-oblast")
    assert editor_client.get(url, {"regions__id__exact": tula.pk}).status_code == 200


def test_saving_an_article_with_blocks_through_the_admin(editor_client, editor):
    person = PersonFactory(first_name="Алексей", last_name="Русских")
    AppointmentFactory(person=person, title="Губернатор Ульяновской области",
                       starts_on=datetime.date(2021, 9, 24))  # fmt: skip
    tula = region("tulskaya-oblast")
    data = article_form(
        regions=[tula.pk],
        **{
            "blocks-0-position": "20",
            "blocks-0-kind": "text",
            "blocks-0-text": '<p onclick="steal()">Второй <script>alert(1)</script>абзац</p>',
            "blocks-1-position": "10",
            "blocks-1-kind": "text",
            "blocks-1-text": "<p>Первый абзац</p>",
            "blocks-2-position": "30",
            "blocks-2-kind": "quote",
            "blocks-2-person": str(person.pk),
            "blocks-2-quote": "Мост построен в срок.",
            "blocks-2-person_title": "",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.author == editor
    assert article.slug == "gubernator-otkryl-novy-most"
    assert list(article.regions.all()) == [tula]
    blocks = list(article.blocks.all())
    assert [(b.position, b.kind) for b in blocks] == [(10, "text"), (20, "text"), (30, "quote")]
    assert blocks[1].text == "<p>Второй абзац</p>"
    assert blocks[2].person_title == "Губернатор Ульяновской области"


def test_reordering_and_removing_blocks_of_a_saved_article(editor_client):
    article = ArticleFactory()
    first = Block.objects.create(article=article, position=10, text="<p>Один</p>")
    second = Block.objects.create(article=article, position=20, text="<p>Два</p>")
    third = Block.objects.create(article=article, position=30, text="<p>Три</p>")
    data = article_form(
        title=article.title,
        slug=article.slug,
        version_seen=article.updated_at.isoformat(),
        **inline_management("blocks", 3, initial=3),
        **{
            "blocks-0-id": str(first.pk), "blocks-0-article": str(article.pk),
            "blocks-0-position": "10", "blocks-0-kind": "text", "blocks-0-text": "<p>Один</p>",
            "blocks-1-id": str(second.pk), "blocks-1-article": str(article.pk),
            "blocks-1-position": "10", "blocks-1-kind": "text", "blocks-1-text": "<p>Два</p>",
            "blocks-1-DELETE": "on",
            "blocks-2-id": str(third.pk), "blocks-2-article": str(article.pk),
            "blocks-2-position": "5", "blocks-2-kind": "text", "blocks-2-text": "<p>Три</p>",
        },
    )  # fmt: skip
    data.pop("_publish")  # already published: a plain save
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [(b.text, b.position) for b in article.blocks.all()] == [
        ("<p>Три</p>", 10),
        ("<p>Один</p>", 20),
    ]


def test_quote_without_person_is_refused_with_a_message_and_nothing_saved(editor_client):
    data = article_form(**{
        **inline_management("blocks", 1),
        "blocks-0-position": "10", "blocks-0-kind": "quote", "blocks-0-quote": "Слова",
    })  # fmt: skip
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "Укажите, чьи это слова." in response.content.decode()
    assert not Article.objects.exists()


def test_overlapping_appointments_in_one_save_are_refused(editor_client):
    person = PersonFactory()
    data = {
        "last_name": person.last_name, "first_name": person.first_name, "patronymic": "",
        "slug": person.slug, "photo_alt": "", "biography": "",
        **inline_management("appointments", 2),
        "appointments-0-title": "Губернатор Тульской области",
        "appointments-0-starts_on": "01.01.2020", "appointments-0-ends_on": "31.12.2021",
        "appointments-1-title": "Губернатор Тульской области",
        "appointments-1-starts_on": "01.06.2021", "appointments-1-ends_on": "",
    }  # fmt: skip
    response = editor_client.post(reverse("admin:people_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "пересекается" in response.content.decode()
    assert not Appointment.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_forbidden_admin_page_answers_in_russian():
    moderator = client_for(staff_member(MODERATORS))
    response = moderator.get("/admin/articles/article/add/")
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()
