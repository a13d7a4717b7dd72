"""Every bad input gets a Russian message and writes nothing; never a 500."""

import datetime
import threading
import time

import pytest
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article
from comments.closing import accepts_comments
from comments.models import Comment, StopWord
from comments.views import reserve_comment_slot
from tests.comments.helpers import approved_comment, form_data
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_readers(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def post(client, article, data):
    return client.post(f"/news/{article.slug}/comment/", data)


def refused(client, article, data, message, status=400):
    before = Comment.objects.count()
    response = post(client, article, data)
    assert response.status_code == status
    html = response.content.decode()
    assert message in html
    assert Comment.objects.count() == before
    return html


def test_valid_comment_is_saved_pending_with_consent(client, article, settings):
    response = post(client, article, form_data(article))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert not comment.is_public
    assert comment.consent_at is not None
    assert comment.policy_version == settings.PERSONAL_DATA_POLICY_VERSION
    assert comment.ip_address == "127.0.0.1"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Представьтесь, пожалуйста."),
        ({"name": "Я" * 51}, "Имя длиннее 50 знаков."),
        ({"email": ""}, "Укажите адрес электронной почты."),
        ({"email": "ivan@"}, "Проверьте адрес электронной почты"),
        ({"comment": "   "}, "Напишите текст комментария."),
        ({"comment": "а" * 3001}, "Комментарий длиннее 3000 знаков"),
        ({"consent": None}, "Без согласия на обработку персональных данных"),
        ({"website": "http://spam.example"}, "похоже, форму заполнила программа"),
        ({"security_hash": "0" * 40}, "Форма устарела"),
        ({"timestamp": "abc"}, "Форма устарела"),
        ({"content_type": "people.person"}, "Форма устарела"),
        ({"object_pk": "999999"}, "Форма устарела"),
    ],
)
def test_bad_field_is_refused_with_a_russian_message(client, article, overrides, message):
    refused(client, article, form_data(article, **overrides), message)


def test_form_signed_for_another_article_is_refused(client, article):
    other = ArticleFactory()
    refused(client, article, form_data(other), "Форма устарела")


def test_missing_hidden_fields_are_refused(client, article):
    data = form_data(article)
    for name in ["content_type", "object_pk", "timestamp", "security_hash"]:
        data.pop(name)
    refused(client, article, data, "Форма устарела")


def test_too_fast_and_too_old_forms_are_refused(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    refused(client, article, form_data(article), "слишком быстро")
    settings.COMMENTS_MIN_SECONDS = 0
    old = form_data(article)
    import time_machine

    with time_machine.travel(time.time() + settings.COMMENTS_FORM_MAX_AGE + 60, tick=False):
        refused(client, article, old, "Форма устарела")


def hidden(comment, **state):
    Comment.objects.filter(pk=comment.pk).update(**state)
    return comment.pk


@pytest.mark.parametrize("case", ["missing", "pending", "rejected", "foreign", "too-deep"])
def test_bad_reply_target_is_refused(client, article, case):
    root = approved_comment(article)
    targets = {
        "missing": lambda: 987654,
        "pending": lambda: hidden(approved_comment(article), is_public=False),
        "rejected": lambda: hidden(root, is_public=False, is_removed=True),
        "foreign": lambda: approved_comment(ArticleFactory()).pk,
        "too-deep": lambda: (
            approved_comment(article, parent=approved_comment(article, parent=root)).pk
        ),
    }
    target = targets[case]()
    message = "слишком глубокое" if case == "too-deep" else "не найден под этим материалом"
    refused(client, article, form_data(article, reply_to=str(target)), message)


def test_reply_to_garbage_is_refused(client, article):
    refused(client, article, form_data(article, reply_to="1 OR 1=1"), "Введите целое число")


def test_comment_on_a_draft_future_or_missing_article_is_a_404(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    future = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    for target in [draft, future]:
        assert post(client, target, form_data(target)).status_code == 404
    assert client.post("/news/net-takogo/comment/", {}).status_code == 404
    assert not Comment.objects.exists()


def test_closed_article_refuses_comments_and_says_so(client, article):
    Article.objects.filter(pk=article.pk).update(comments_open=False)
    article.refresh_from_db()
    refused(client, article, form_data(article), "Комментарии к этому материалу закрыты.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Комментарии к этому материалу закрыты." in html
    assert 'id="comment-form"' not in html


def test_comments_close_by_themselves_after_the_configured_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 10
    old = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=10, minutes=1))
    fresh = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=9, hours=23))
    assert not accepts_comments(old) and accepts_comments(fresh)
    refused(client, old, form_data(old), "Комментарии к этому материалу закрыты.")
    assert post(client, fresh, form_data(fresh)).status_code == 302


def test_exact_repeat_of_a_recent_comment_is_refused(client, article):
    assert post(client, article, form_data(article)).status_code == 302
    refused(client, article, form_data(article), "Такой комментарий уже отправлен")


def test_get_on_the_post_url_is_not_allowed(client, article):
    assert client.get(f"/news/{article.slug}/comment/").status_code == 405


def test_post_without_csrf_token_is_refused(article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = post(strict, article, form_data(article))
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_rate_limit_answers_429_with_a_message(client, article, settings):
    settings.COMMENTS_RATE = "2/m"
    for number in range(2):
        response = post(client, article, form_data(article, comment=f"Мнение {number}"))
        assert response.status_code == 302
    response = post(client, article, form_data(article, comment="Третье мнение"))
    assert response.status_code == 429
    assert "Слишком много комментариев" in response.content.decode()
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Смотрите http://a.example, https://b.example и www.c.example", "ссылок: 3"),
        ("Купите дешёвые КАЗИНО фишки", "стоп-слова: казино"),
    ],
)
def test_links_and_stop_words_hold_the_comment_with_a_reason(client, article, text, reason):
    StopWord.objects.create(word=" Казино ")
    assert post(client, article, form_data(article, comment=text)).status_code == 302
    comment = Comment.objects.get()
    assert reason in comment.hold_reason
    assert not comment.is_public


def test_comment_text_and_name_are_shown_as_plain_text(client, article):
    approved_comment(
        article,
        user_name='<img src=x onerror="alert(1)">',
        comment='<script>alert(1)</script> <a href="https://spam.example">ссылка</a> https://x.example',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="https://spam.example"' not in html
    assert 'href="https://x.example' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_refused_posts_do_not_use_up_the_rate_limit(client, article, settings):
    settings.COMMENTS_RATE = "2/m"
    for _ in range(5):
        refused(client, article, form_data(article, email="ivan@"), "Проверьте адрес")
    assert post(client, article, form_data(article)).status_code == 302
    assert post(client, article, form_data(article, comment="Ещё мнение")).status_code == 302
    assert post(client, article, form_data(article, comment="Третье")).status_code == 429
    assert Comment.objects.count() == 2


def test_parallel_posts_from_one_address_never_pass_the_limit(settings):
    """50 posts at once from one address: exactly the limit get a slot (the flood test found
    one over the limit when the count was checked before and incremented after saving)."""
    settings.COMMENTS_RATE = "5/10m"
    request = RequestFactory().post("/news/x/comment/", REMOTE_ADDR="203.0.113.7")
    start = threading.Barrier(50)
    granted = []

    def post_one():
        start.wait()
        granted.append(reserve_comment_slot(request) is not None)

    threads = [threading.Thread(target=post_one) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert granted.count(True) == 5
    assert reserve_comment_slot(RequestFactory().post("/", REMOTE_ADDR="203.0.113.8"))


def test_the_quota_holds_across_any_period_not_per_calendar_window(settings, monkeypatch):
    """5 in the last second of one ten-minute window and 5 more in the first second of the next
    passed a fixed-window counter (the flood test saw 10 from one address); each slot now
    lasts the whole period from when it was taken."""
    settings.COMMENTS_RATE = "5/10m"
    clock = [1_800_000_599.0]  # one second before a multiple of 600
    monkeypatch.setattr(time, "time", lambda: clock[0])
    request = RequestFactory().post("/news/x/comment/", REMOTE_ADDR="203.0.113.9")
    assert all(reserve_comment_slot(request) for _ in range(5))
    clock[0] += 2  # the next calendar window
    assert reserve_comment_slot(request) is None
    clock[0] += 597  # 599 s after the first five: still within ten minutes
    assert reserve_comment_slot(request) is None
    clock[0] += 2  # ten minutes and a second after: every slot is free again
    assert all(reserve_comment_slot(request) for _ in range(5))
    assert reserve_comment_slot(request) is None


def test_a_given_back_slot_can_be_taken_again(settings):
    settings.COMMENTS_RATE = "2/10m"
    request = RequestFactory().post("/news/x/comment/", REMOTE_ADDR="203.0.113.10")
    first = reserve_comment_slot(request)
    assert reserve_comment_slot(request)
    assert reserve_comment_slot(request) is None
    first()
    assert reserve_comment_slot(request)
    assert reserve_comment_slot(request) is None
