"""Per-comment decisions and the office's replies, from the queue's rows and the comment page."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from comments.models import Comment, ModerationDecision
from comments.names import OFFICE_NAME
from pressoffice.roles import EDITORS, MODERATORS
from tests.comments.helpers import QUEUE, approved_comment, pending
from tests.factories import staff_member

pytestmark = pytest.mark.django_db
REASON = "Спам или реклама"


@pytest.fixture
def moderator():
    return staff_member(MODERATORS, username="mod", first_name="Мария", last_name="Котова")


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def decide_url(comment):
    return f"/admin/comments/comment/{comment.pk}/decide/"


def reply_url(comment):
    return f"/admin/comments/comment/{comment.pk}/reply/"


def said(response):
    """The messages of this response (earlier unread ones left out)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def test_queue_rows_carry_their_own_decision_buttons(mod_client, article):
    comment = pending(article)
    html = mod_client.get(QUEUE).content.decode()
    assert f'formaction="{decide_url(comment)}?next=' in html
    assert f'name="reason_{comment.pk}"' in html
    assert f'formaction="{reply_url(comment)}?next=' in html
    assert 'name="action"' in html  # the bulk actions stay


def test_approve_from_a_row_goes_through_decide_and_back_to_the_queue(mod_client, moderator,
                                                                       article):  # fmt: skip
    comment = pending(article)
    response = mod_client.post(
        f"{decide_url(comment)}?next=/admin/comments/comment/%3Fstatus%3Dpending%26p%3D2",
        {"decision": "approve", f"seen_{comment.pk}": "pending"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/comments/comment/?status=pending&p=2"
    comment.refresh_from_db()
    assert comment.status == "approved"
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.moderator) == ("approve", moderator)
    article.refresh_from_db()
    assert article.comment_count == 1
    assert said(response) == [f"Комментарий № {comment.pk} одобрен и опубликован."]


def test_reject_from_a_row_needs_a_reason(mod_client, article):
    comment = pending(article)
    response = mod_client.post(decide_url(comment), {"decision": "reject"})
    assert response.status_code == 302
    assert Comment.objects.get().status == "pending"
    assert not ModerationDecision.objects.exists()
    assert said(response) == ["Выберите причину отклонения в списке рядом с кнопкой «Отклонить»."]
    response = mod_client.post(
        decide_url(comment), {"decision": "reject", f"reason_{comment.pk}": REASON}
    )
    assert Comment.objects.get().status == "rejected"
    assert ModerationDecision.objects.get().reason == REASON
    assert said(response) == [f"Комментарий № {comment.pk} отклонён: {REASON.lower()}."]


def test_a_comment_decided_meanwhile_is_reported_not_changed(mod_client, article):
    comment = pending(article)
    other = staff_member(MODERATORS, username="other", first_name="Олег", last_name="Зуев")
    Client().force_login(other)
    from comments.moderation import decide

    decide(Comment.objects.filter(pk=comment.pk), action="approve", moderator=other)
    response = mod_client.post(
        decide_url(comment),
        {"decision": "reject", f"reason_{comment.pk}": REASON, f"seen_{comment.pk}": "pending"},
    )
    assert response.status_code == 302
    assert Comment.objects.get().status == "approved"
    assert ModerationDecision.objects.count() == 1
    [message] = said(response)
    assert message.startswith(f"Комментарий № {comment.pk} уже одобрен")
    assert "Олег Зуев" in message and "ваше решение не применено" in message


def test_decisions_from_the_comment_page_go_on_to_the_next_pending(mod_client, article):
    first, second = pending(article, "Первый"), pending(article, "Второй")
    page = mod_client.get(f"/admin/comments/comment/{first.pk}/change/").content.decode()
    assert f'formaction="{decide_url(first)}?next=next-pending"' in page
    response = mod_client.post(f"{decide_url(first)}?next=next-pending",
                               {"decision": "approve"})  # fmt: skip
    assert response["Location"] == f"/admin/comments/comment/{second.pk}/change/"
    response = mod_client.post(f"{decide_url(second)}?next=next-pending",
                               {"decision": "approve"})  # fmt: skip
    assert response["Location"] == QUEUE


def test_the_comment_page_shows_the_comment_a_reply_answers(mod_client, article):
    parent = approved_comment(article, comment="Вопрос о дорогах", user_name="Пётр")
    reply = pending(article, "Ответ читателя", parent=parent)
    html = mod_client.get(f"/admin/comments/comment/{reply.pk}/change/").content.decode()
    assert "Вопрос о дорогах" in html and "Пётр" in html
    queue = mod_client.get(QUEUE).content.decode()
    assert "в ответ на" in queue and "Вопрос о дорогах" in queue


def test_official_reply_is_published_at_once_under_the_comment(mod_client, moderator, article):
    question = pending(article, "Когда починят мост?")
    response = mod_client.post(
        f"{reply_url(question)}?next=/admin/comments/comment/%3Fstatus%3Dpending",
        {f"reply_{question.pk}": "Мост откроют в мае."},
    )
    assert response.status_code == 302
    reply = Comment.objects.get(is_official=True)
    assert reply.user_name == OFFICE_NAME and reply.user == moderator
    assert reply.status == "approved" and reply.parent_id == question.pk and reply.level == 1
    question.refresh_from_db()
    assert question.status == "approved"  # an answer to an unpublished question makes no sense
    log = ModerationDecision.objects.order_by("pk")
    assert [(d.comment_id, d.action, d.moderator) for d in log] == [
        (question.pk, "approve", moderator), (reply.pk, "approve", moderator)
    ]  # fmt: skip
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Мост откроют в мае." in html
    assert "Официальный ответ" in html


def test_official_reply_refuses_too_deep_threads_and_empty_text(mod_client, article, settings):
    settings.COMMENTS_XTD_MAX_THREAD_LEVEL = 1
    root = approved_comment(article)
    child = approved_comment(article, parent=root)
    response = mod_client.post(reply_url(child), {f"reply_{child.pk}": "Ответ"})
    assert response.status_code == 302
    assert "обсуждение слишком глубокое" in said(response)[0]
    response = mod_client.post(reply_url(root), {f"reply_{root.pk}": "   "})
    assert said(response) == ["Напишите текст ответа."]
    assert Comment.objects.count() == 2 and not ModerationDecision.objects.exists()


def test_a_reader_reply_is_not_official_even_with_the_office_name(article):
    assert not approved_comment(article, user_name=OFFICE_NAME).is_official


def test_staff_without_the_permission_are_refused_and_nothing_changes(article):
    comment = pending(article)
    editor = Client()
    editor.force_login(staff_member(EDITORS, username="ed"))
    for url, data in [(decide_url(comment), {"decision": "approve"}),
                      (reply_url(comment), {f"reply_{comment.pk}": "Ответ"})]:  # fmt: skip
        assert editor.post(url, data).status_code == 403
    assert Comment.objects.count() == 1 and Comment.objects.get().status == "pending"


def test_decision_urls_take_post_only_and_answer_404_for_no_comment(mod_client, article):
    comment = pending(article)
    assert mod_client.get(decide_url(comment)).status_code == 405
    assert mod_client.post("/admin/comments/comment/999999/decide/").status_code == 404
    assert mod_client.post("/admin/comments/comment/999999/reply/").status_code == 404


def test_csrf_is_required(moderator, article):
    comment = pending(article)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(decide_url(comment), {"decision": "approve"}).status_code == 403
    assert Comment.objects.get().status == "pending"
    client.get(QUEUE)
    token = client.cookies["csrftoken"].value
    data = {"decision": "approve", "csrfmiddlewaretoken": token}
    response = client.post(decide_url(comment), data)
    assert response.status_code == 302 and Comment.objects.get().status == "approved"


def test_next_outside_the_queue_is_ignored(mod_client, article):
    comment = pending(article)
    response = mod_client.post(f"{decide_url(comment)}?next=https://evil.example/",
                               {"decision": "approve"})  # fmt: skip
    assert response["Location"] == QUEUE


@pytest.mark.parametrize("count", [1, 20])
def test_queue_with_row_controls_has_a_fixed_query_count(mod_client, article, count,
                                                        django_assert_num_queries):  # fmt: skip
    """Guards the per-row parent text and controls against an N+1."""
    parent = approved_comment(article)
    for n in range(count):
        pending(article, f"Ответ {n}", parent=parent)
    mod_client.get(QUEUE)
    with django_assert_num_queries(QUEUE_QUERIES):
        html = mod_client.get(QUEUE).content.decode()
    assert html.count('name="decision" value="approve"') == count
    assert html.count("в ответ на Читатель") == count


# The user, their TOTP devices, their own and their groups' permissions, the count of the
# queue (which is also the pending count every admin page shows moderators:
# pressoffice/adminsite.py) and the rows.
QUEUE_QUERIES = 6


def test_the_demo_office_reply_is_official_and_badged(client, article):
    from demo.comments import load_demo_comments

    load_demo_comments(article)
    office = Comment.objects.get(user_name=OFFICE_NAME)
    assert office.is_official
    assert not Comment.objects.exclude(pk=office.pk).filter(is_official=True).exists()


def test_the_status_filter_has_one_all_and_it_means_every_status(db):
    """Issue 13, item 13: «Все» (no status: the queue again) stood beside «все» (every
    status)."""
    from django.urls import reverse

    from pressoffice.roles import MODERATORS
    from tests.factories import client_for, staff_member

    client = client_for(staff_member(MODERATORS, username="filter-moderator"))
    page = client.get(reverse("admin:comments_comment_changelist"), {"status": "pending"})

    spec = next(f for f in page.context["cl"].filter_specs if f.parameter_name == "status")
    choices = list(spec.choices(page.context["cl"]))
    assert [c["display"] for c in choices] == [
        "ждут проверки", "одобрены", "отклонены", "все статусы",
    ]  # fmt: skip
    assert [c["selected"] for c in choices] == [True, False, False, False]
