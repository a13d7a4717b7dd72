"""Mail about the editorial flow (issue 13, item 10): editors hear of a submission, the author
of a return (with the reason) and of a publication; nobody hears of their own action, and a
move never fails for want of an address. The mail goes into django-mailer's queue in the
transaction of the move."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
from tests.articles.helpers import form_for, post_change
from tests.factories import ArticleFactory, UserFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
Status = Article.Status


def queued():
    """The queued messages as (recipient, subject, body), by recipient: one message each, so
    colleagues' addresses are not shared."""
    from mailer.models import Message

    sent = [(m.to_addresses, m.subject, m.email.body) for m in Message.objects.all()]
    assert all(len(to) == 1 for to, _, _ in sent)
    return sorted((to[0], subject, body) for to, subject, body in sent)


@pytest.fixture
def newsroom():
    return {
        "author": staff_member(AUTHORS, username="author", email="author@example.ru",
                               first_name="Анна", last_name="Авторова"),
        "editor": staff_member(EDITORS, username="editor", email="editor@example.ru"),
        "second_editor": staff_member(EDITORS, username="editor2", email="editor2@example.ru"),
        "silent_editor": staff_member(EDITORS, username="editor3"),  # no address
        "gone_editor": staff_member(EDITORS, username="editor4", email="gone@example.ru",
                                    is_active=False),
        "moderator": staff_member(MODERATORS, username="moderator", email="mod@example.ru"),
        "chief": UserFactory(username="chief", is_staff=True, is_superuser=True,
                             email="chief@example.ru"),
    }  # fmt: skip


def draft_of(user, **fields):
    return ArticleFactory(status=Status.DRAFT, published_at=None, author=user,
                          title="Завод в Димитровграде открыл новый цех", **fields)  # fmt: skip


def admin_link(article):
    return "http://testserver" + reverse("admin:articles_article_change", args=[article.pk])


def test_editors_hear_of_a_submission_with_a_link_to_the_article(newsroom):
    article = draft_of(newsroom["author"])
    post_change(newsroom["author"], article, _submit="1")
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    sent = queued()
    assert [to for to, _, _ in sent] == ["chief@example.ru", "editor2@example.ru",
                                         "editor@example.ru"]  # fmt: skip
    _, subject, body = sent[0]
    assert subject == "На проверку: «Завод в Димитровграде открыл новый цех»"
    assert "Анна Авторова" in body and admin_link(article) in body


def test_the_author_hears_of_a_return_with_the_reason(newsroom):
    article = draft_of(newsroom["author"])
    Article.objects.filter(pk=article.pk).update(status=Status.REVIEW)
    article.refresh_from_db()
    post_change(newsroom["editor"], article, _return="1", reason="Нет цитаты губернатора",
                author=article.author_id)  # fmt: skip
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    [(to, subject, body)] = queued()
    assert to == "author@example.ru"
    assert subject == "Возвращён на доработку: «Завод в Димитровграде открыл новый цех»"
    assert "Причина: Нет цитаты губернатора" in body and admin_link(article) in body


def test_the_author_hears_of_a_publication(newsroom):
    article = draft_of(newsroom["author"])
    local = timezone.localtime(timezone.now() - timezone.timedelta(minutes=5))
    post_change(newsroom["editor"], article, _publish="1", author=article.author_id,
                published_at_0=f"{local:%d.%m.%Y}",
                published_at_1=f"{local:%H:%M:%S}")  # fmt: skip
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    [(to, subject, body)] = queued()
    assert to == "author@example.ru"
    assert subject == "Опубликован: «Завод в Димитровграде открыл новый цех»"
    assert admin_link(article) in body
    assert "http://testserver" + article.get_absolute_url() in body


def test_the_author_hears_when_a_publication_is_scheduled(newsroom):
    article = draft_of(newsroom["author"])
    local = timezone.localtime(timezone.now() + timezone.timedelta(days=2))
    post_change(newsroom["editor"], article, _publish="1", author=article.author_id,
                published_at_0=f"{local:%d.%m.%Y}",
                published_at_1="09:30:00")  # fmt: skip
    [(to, subject, body)] = queued()
    assert to == "author@example.ru" and subject.startswith("Запланирован: «")
    assert f"{local:%d.%m.%Y} в 09:30" in body


def test_bulk_actions_tell_each_author_and_carry_the_reason(newsroom):
    other = staff_member(AUTHORS, username="other", email="other@example.ru")
    first, second = draft_of(newsroom["author"]), draft_of(other, slug="vtoroy")
    Article.objects.filter(pk__in=[first.pk, second.pk]).update(status=Status.REVIEW)
    client_for(newsroom["editor"]).post(
        reverse("admin:articles_article_changelist"),
        {"action": "return_to_author", "reason": "Уточните цифры",
         "_selected_action": [first.pk, second.pk]},
    )  # fmt: skip
    sent = queued()
    assert [to for to, _, _ in sent] == ["author@example.ru", "other@example.ru"]
    assert all("Причина: Уточните цифры" in body for _, _, body in sent)


def test_nobody_hears_of_their_own_action(newsroom):
    editor = newsroom["editor"]
    mine = draft_of(editor)
    post_change(editor, mine, _submit="1")
    told = [to for to, _, _ in queued()]
    assert told == ["chief@example.ru", "editor2@example.ru"]  # not the editor themself
    mine.refresh_from_db()
    post_change(editor, mine, _publish="1", author=editor.pk)
    mine.refresh_from_db()
    assert mine.status == Status.PUBLISHED
    assert len(queued()) == 2  # the author published it: no mail to themself


def test_a_move_goes_through_when_nobody_has_an_address():
    author = staff_member(AUTHORS, username="author")  # no address
    editor = staff_member(EDITORS, username="editor", email="editor@example.ru")
    article = draft_of(author)
    post_change(author, article, _submit="1")
    assert [to for to, _, _ in queued()] == ["editor@example.ru"]
    article.refresh_from_db()
    response = post_change(editor, article, _return="1", reason="Сократите", author=author.pk)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert len(queued()) == 1


def test_mail_is_not_queued_for_a_move_that_is_rolled_back(newsroom, monkeypatch):
    """The message is a row written in the move's transaction: if the save fails after the
    move, neither the move nor the mail remains."""
    author, editor = newsroom["author"], newsroom["editor"]
    post_change(editor, draft_of(author), _publish="1", author=author.pk)
    assert len(queued()) == 1
    article = draft_of(author, slug="vtoroy")

    def broken(self, force=False):
        raise RuntimeError("the signatures could not be refreshed")

    monkeypatch.setattr(Article, "refresh_signatures", broken)
    client = client_for(editor)
    client.raise_request_exception = False
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        form_for(article, _publish="1", author=author.pk),
    )
    assert response.status_code == 500
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert len(queued()) == 1


def test_the_return_button_comes_with_a_field_for_the_reason(newsroom):
    article = draft_of(newsroom["author"])
    Article.objects.filter(pk=article.pk).update(status=Status.REVIEW)
    html = (
        client_for(newsroom["editor"])
        .get(reverse("admin:articles_article_change", args=[article.pk]))
        .content.decode()
    )
    assert html.count('name="reason"') == 1
    assert '<label for="id_return_reason">' in html
