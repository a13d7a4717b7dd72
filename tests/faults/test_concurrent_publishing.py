"""Two editors publishing and editing one article at once: it is saved whole, by one of them.

The admin's change form runs in one transaction (ModelAdmin.changeform_view is atomic) and
ArticleForm.clean() locks the article's row (SELECT … FOR UPDATE) and compares ``updated_at``
with the version the editor opened: the second save waits for the first, then is refused.
"""

import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block, Photo
from pressoffice.roles import EDITORS
from tests.factories import ArticleFactory, PhotoFactory, staff_member

REFUSED = "сохранил другой сотрудник"


def inline(prefix, total, initial):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def change_form(article, title, texts, *, photos=(), publish=True):
    """The change form as an editor posts it: the old blocks deleted, ``texts`` as new ones."""
    old = list(article.blocks.order_by("position"))
    local = timezone.localtime(article.published_at or timezone.now())
    data = {
        "title": title,
        "slug": article.slug,
        "lead": article.lead,
        "version_seen": article.updated_at.isoformat(),
        "published_at_0": f"{local:%d.%m.%Y}",
        "published_at_1": f"{local:%H:%M:%S}",
        "comments_open": "on",
        "cover_alt": "",
        "cover_caption": "",
        "cover_credit": "",
        "withdrawn_reason": "",
        **inline("blocks", len(old) + len(texts), len(old)),
        **inline("photos", len(photos), len(photos)),
    }
    if publish:
        data["_publish"] = "Опубликовать"
    for index, block in enumerate(old):
        data.update(
            {
                f"blocks-{index}-id": str(block.pk),
                f"blocks-{index}-article": str(article.pk),
                f"blocks-{index}-position": str(block.position),
                f"blocks-{index}-kind": "text",
                f"blocks-{index}-text": block.text,
                f"blocks-{index}-DELETE": "on",
            }
        )
    for offset, text in enumerate(texts, start=len(old)):
        data.update(
            {
                f"blocks-{offset}-position": str(offset * 10),
                f"blocks-{offset}-kind": "text",
                f"blocks-{offset}-text": f"<p>{text}</p>",
            }
        )
    for index, (photo, caption) in enumerate(photos):
        data.update(
            {
                f"photos-{index}-id": str(photo.pk),
                f"photos-{index}-article": str(article.pk),
                f"photos-{index}-position": str(photo.position),
                f"photos-{index}-alt": photo.alt,
                f"photos-{index}-caption": caption,
                f"photos-{index}-credit": photo.credit,
            }
        )
    return data


def texts_of(article):
    return [block.text for block in Block.objects.filter(article=article).order_by("position")]


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between two connections need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_editors_saving_at_once_leave_one_editors_version_whole(attempt, migration_data):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    Block.objects.create(article=article, position=10, text="<p>Черновик</p>")
    article.refresh_from_db()
    editors = [staff_member(EDITORS, username=f"editor-{n}-{attempt}") for n in (1, 2)]
    url = reverse("admin:articles_article_change", args=[article.pk])
    versions = {
        "first": ("Версия первого редактора", [f"Первый редактор, абзац {n}" for n in range(3)]),
        "second": ("Версия второго редактора", [f"Второй редактор, абзац {n}" for n in range(2)]),
    }
    forms = {name: change_form(article, title, texts) for name, (title, texts) in versions.items()}
    start = threading.Barrier(2, timeout=10)
    answers = {}
    save_block = Block.save

    def slow_save(self, *args, **kwargs):
        threading.Event().wait(0.05)  # inlines take a while: the other editor arrives meanwhile
        return save_block(self, *args, **kwargs)

    def editor_posts(name, user):
        try:
            browser = Client(raise_request_exception=False)
            browser.force_login(user)
            start.wait()
            answers[name] = browser.post(url, forms[name])
        finally:
            connections.close_all()  # this thread's own connection

    with mock.patch.object(Block, "save", slow_save):
        threads = [
            threading.Thread(target=editor_posts, args=(name, user))
            for name, user in zip(versions, editors, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [200, 302]
    winner = next(name for name, answer in answers.items() if answer.status_code == 302)
    loser = next(name for name, answer in answers.items() if answer.status_code == 200)
    assert REFUSED in answers[loser].content.decode()

    article.refresh_from_db()
    title, texts = versions[winner]
    assert article.title == title
    assert article.status == Article.Status.PUBLISHED
    assert texts_of(article) == [f"<p>{text}</p>" for text in texts]  # one editor's set, whole


@pytest.mark.django_db
def test_a_failure_while_saving_the_inlines_leaves_the_article_as_it_was():
    article = ArticleFactory(title="Исходный заголовок")
    Block.objects.create(article=article, position=10, text="<p>Исходный текст</p>")
    photo = PhotoFactory(article=article, caption="Исходная подпись")
    article.refresh_from_db()
    before = (article.updated_at, texts_of(article))
    data = change_form(
        article,
        "Новый заголовок",
        ["Новый абзац"],
        photos=[(photo, "Новая подпись")],
        publish=False,
    )
    editor = Client(raise_request_exception=False)
    editor.force_login(staff_member(EDITORS, username="editor-crash"))

    with mock.patch.object(Photo, "save", side_effect=OSError("disk full")):
        response = editor.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 500

    article.refresh_from_db()
    photo.refresh_from_db()
    assert article.title == "Исходный заголовок"
    assert (article.updated_at, texts_of(article)) == before
    assert photo.caption == "Исходная подпись"

    # The same form, once saving works again, goes through whole.
    response = editor.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    photo.refresh_from_db()
    assert article.title == "Новый заголовок"
    assert texts_of(article) == ["<p>Новый абзац</p>"]
    assert photo.caption == "Новая подпись"
