"""Who may do what with comments: the moderators' queue and the roles behind it."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, ModerationDecision
from comments.moderation import REJECT_REASONS
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS, PRESS_OFFICERS, ROLE_PERMISSIONS
from tests.factories import ArticleFactory, PersonFactory, region, staff_member

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
EVERY_STATUS = QUEUE + "?status=all"
NO_REASON = "Выберите причину отклонения в списке рядом с действием."


@pytest.fixture(autouse=True)
def no_rate_limits_left():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article():
    return ArticleFactory(title="Ремонт школы в Новомосковске завершён")


def make_comment(
    article,
    *,
    text,
    hours_ago,
    public=False,
    removed=False,
    reports=0,
    email=None,
    ip="198.51.100.7",
):
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_pk=str(article.pk),
        site_id=django_settings.SITE_ID,
        user_name=f"Автор «{text}»",
        user_email=email or f"{abs(hash(text)) % 10**6}@example.ru",
        comment=text,
        submit_date=when,
        ip_address=ip,
        is_public=public,
        is_removed=removed,
        report_count=reports,
        parent_id=0,
        consent_at=when,
        policy_version=django_settings.PERSONAL_DATA_POLICY_VERSION,
    )
    comment.refresh_from_db()
    return comment


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def moderator():
    return staff_member(MODERATORS, username="moderator-perm")


@pytest.fixture
def moderator_client(client, moderator):
    return logged_in(client, moderator)


def queue_rows(html):
    """The primary keys of the queue's rows, top to bottom."""
    return [int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', html)]


def row_of(html, pk):
    rows = [
        row
        for row in re.findall(r"<tr>.*?</tr>", html, re.S)
        if f'name="_selected_action" value="{pk}"' in row
    ]
    assert len(rows) == 1, f"no row for comment {pk}"
    return rows[0]


def run_action(client, action, *comments, reason=""):
    return client.post(
        QUEUE,
        {
            "action": action,
            "index": "0",
            "select_across": "0",
            "reason": reason,
            "_selected_action": [str(comment.pk) for comment in comments],
        },
        follow=True,
    )


def states(*comments):
    result = []
    for comment in comments:
        comment.refresh_from_db()
        result.append(comment.status)
    return result


# --- the moderator ----------------------------------------------------------------------------


def test_queue_opens_on_pending_comments_oldest_first(moderator_client, article):
    approved = make_comment(article, text="одобренный давно", hours_ago=10, public=True)
    newest = make_comment(article, text="новый", hours_ago=1)
    rejected = make_comment(article, text="отклонённый", hours_ago=12, removed=True)
    older = make_comment(article, text="постарше", hours_ago=3)
    hidden = make_comment(article, text="скрыт по жалобам", hours_ago=5, reports=3)
    oldest_approved = make_comment(article, text="одобренный ещё давнее", hours_ago=20, public=True)

    response = moderator_client.get(QUEUE, follow=True)
    assert response.status_code == 200
    # Pending means new or hidden after reports: whoever waited longest comes first.
    assert queue_rows(response.content.decode()) == [hidden.pk, older.pk, newest.pk]

    rows = queue_rows(moderator_client.get(EVERY_STATUS).content.decode())
    assert sorted(rows) == sorted(
        c.pk for c in [approved, newest, rejected, older, hidden, oldest_approved]
    )


def test_queue_rows_show_article_name_email_ip_and_reports(moderator_client, article):
    comment = make_comment(
        article,
        text="Когда откроют спортзал?",
        hours_ago=2,
        reports=2,
        email="parent.of.pupil@example.ru",
        ip="203.0.113.45",
    )
    html = moderator_client.get(QUEUE, follow=True).content.decode()
    row = row_of(html, comment.pk)
    assert article.title in row
    assert f'href="{article.get_absolute_url()}#c{comment.pk}"' in row
    assert "Когда откроют спортзал?" in row
    assert comment.user_name in row
    assert "parent.of.pupil@example.ru" in row
    assert "203.0.113.45" in row
    assert '<td class="field-report_count">2</td>' in row
    assert "ждёт проверки" in row
    for header in ["материал", "автор", "жалоб"]:
        assert header in html.lower() or header in html


def test_moderator_approves_one_comment_and_the_decision_is_logged(
    moderator_client, moderator, article
):
    comment, other = (make_comment(article, text=t, hours_ago=h) for t, h in [("а", 2), ("б", 1)])
    response = run_action(moderator_client, "approve", comment)
    assert response.status_code == 200
    assert "Одобрено комментариев: 1." in response.content.decode()
    assert states(comment, other) == ["approved", "pending"]
    decision = ModerationDecision.objects.get()
    assert (decision.comment, decision.moderator, decision.action, decision.reason) == (
        comment,
        moderator,
        "approve",
        "",
    )
    article.refresh_from_db()
    assert article.comment_count == 1


def test_moderator_approves_in_bulk(moderator_client, moderator, article):
    comments = [make_comment(article, text=f"№{n}", hours_ago=n + 1) for n in range(3)]
    html = run_action(moderator_client, "approve", *comments[:2]).content.decode()
    assert "Одобрено комментариев: 2." in html
    assert states(*comments) == ["approved", "approved", "pending"]
    assert sorted(
        ModerationDecision.objects.values_list("comment_id", "moderator", "action", "reason")
    ) == sorted((c.pk, moderator.pk, "approve", "") for c in comments[:2])
    article.refresh_from_db()
    assert article.comment_count == 2


def test_moderator_rejects_with_a_reason_singly_and_in_bulk(moderator_client, moderator, article):
    spam, more_spam, rude = (
        make_comment(article, text=t, hours_ago=h)
        for t, h in [("купите", 3), ("дёшево", 2), ("грубость", 1)]
    )
    html = run_action(
        moderator_client, "reject", spam, more_spam, reason="Спам или реклама"
    ).content.decode()
    assert "Отклонено комментариев: 2." in html
    html = run_action(
        moderator_client, "reject", rude, reason="Оскорбления или грубость"
    ).content.decode()
    assert "Отклонено комментариев: 1." in html
    assert states(spam, more_spam, rude) == ["rejected"] * 3
    assert sorted(
        ModerationDecision.objects.values_list("comment_id", "moderator", "action", "reason")
    ) == sorted(
        [
            (spam.pk, moderator.pk, "reject", "Спам или реклама"),
            (more_spam.pk, moderator.pk, "reject", "Спам или реклама"),
            (rude.pk, moderator.pk, "reject", "Оскорбления или грубость"),
        ]
    )
    assert "Купите" not in moderator_client.get(article.get_absolute_url()).content.decode()


def test_rejecting_without_a_reason_changes_nothing_and_says_why(moderator_client, article):
    pending = make_comment(article, text="ждёт", hours_ago=2)
    approved = make_comment(article, text="одобрен", hours_ago=3, public=True)
    response = run_action(moderator_client, "reject", pending, approved, reason="")
    assert response.status_code == 200
    assert NO_REASON in response.content.decode()
    assert states(pending, approved) == ["pending", "approved"]
    assert not ModerationDecision.objects.exists()


def test_rejecting_with_a_reason_not_in_the_list_changes_nothing(moderator_client, article):
    pending = make_comment(article, text="ждёт", hours_ago=2)
    response = run_action(moderator_client, "reject", pending, reason="Потому что не нравится")
    assert response.status_code == 200
    assert states(pending) == ["pending"]
    assert not ModerationDecision.objects.exists()


def test_the_queue_offers_both_actions_and_every_reason_to_a_moderator(moderator_client):
    html = moderator_client.get(QUEUE, follow=True).content.decode()
    assert '<option value="approve">' in html and '<option value="reject">' in html
    for reason in REJECT_REASONS:
        assert f'<option value="{reason}">' in html
    assert '<option value="delete_selected">' not in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/people/person/",
        "/admin/people/person/add/",
        "/admin/regions/region/",
    ],
)
def test_moderator_cannot_open_articles_people_or_regions(moderator_client, url):
    assert moderator_client.get(url).status_code == 403


def test_moderator_cannot_change_an_article_a_person_or_a_region(moderator_client):
    article = ArticleFactory(title="Исходный заголовок")
    person = PersonFactory()
    tula = region("tulskaya-oblast")
    for url in [
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/people/person/{person.pk}/change/",
        f"/admin/regions/region/{tula.pk}/change/",
        f"/admin/articles/article/{article.pk}/delete/",
    ]:
        assert moderator_client.get(url).status_code == 403, url
        assert moderator_client.post(url, {"title": "Изменён", "post": "yes"}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Исходный заголовок"
    assert Article.objects.filter(pk=article.pk).exists()


def test_moderator_index_lists_only_the_comment_models(moderator_client):
    html = moderator_client.get("/admin/").content.decode()
    assert "/admin/comments/comment/" in html
    for url in ["/admin/articles/article/", "/admin/people/person/", "/admin/regions/region/"]:
        assert url not in html


# --- the others -------------------------------------------------------------------------------


def test_editor_neither_sees_emails_in_the_queue_nor_approves(client, article):
    """Commenters' emails and addresses are for moderators only (personal-data policy)."""
    editor = staff_member(EDITORS, username="editor-perm")
    pending = make_comment(article, text="ждёт редактора", hours_ago=1)
    logged_in(client, editor)
    assert client.get(QUEUE, follow=True).status_code == 403
    assert run_action(client, "approve", pending).status_code == 403
    assert states(pending) == ["pending"]
    assert not ModerationDecision.objects.exists()


def test_staff_who_may_view_comments_but_not_moderate_get_no_actions(client, article):
    from django.contrib.auth.models import Permission

    viewer = staff_member(EDITORS, username="viewer")
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="comments", codename="view_comment")
    )
    pending = make_comment(article, text="ждёт решения", hours_ago=1)
    logged_in(client, viewer)
    html = client.get(QUEUE, follow=True).content.decode()
    assert "ждёт решения" in html
    assert 'value="approve"' not in html and 'value="reject"' not in html
    run_action(client, "approve", pending)
    run_action(client, "reject", pending, reason=REJECT_REASONS[0])
    assert states(pending) == ["pending"]
    assert not ModerationDecision.objects.exists()


def test_author_can_neither_see_the_queue_nor_approve(client, article):
    author = staff_member(AUTHORS, username="author-perm")
    pending = make_comment(article, text="ждёт автора", hours_ago=1)
    logged_in(client, author)
    assert client.get(QUEUE, follow=True).status_code == 403
    assert client.get(EVERY_STATUS).status_code == 403
    assert run_action(client, "approve", pending).status_code == 403
    assert states(pending) == ["pending"]
    assert not ModerationDecision.objects.exists()


def test_anonymous_visitor_is_sent_to_the_admin_login(client, article):
    pending = make_comment(article, text="ждёт", hours_ago=1)
    for response in [
        client.get(QUEUE),
        client.post(QUEUE, {"action": "approve", "_selected_action": pending.pk}),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=/admin/comments/comment/")
    assert states(pending) == ["pending"]


def test_group_permissions_in_the_database_are_what_the_roles_module_says():
    """Migrations set the groups up; pressoffice.roles says what they should hold."""
    expected = {
        role: {
            (app_label, f"{action}_{model}")
            for (app_label, model), actions in grants.items()
            for action in actions
        }
        for role, grants in ROLE_PERMISSIONS.items()
    }
    actual = {
        group.name: set(group.permissions.values_list("content_type__app_label", "codename"))
        for group in Group.objects.filter(name__in=ROLE_PERMISSIONS)
    }
    assert actual == expected
    assert set(ROLE_PERMISSIONS) == {EDITORS, AUTHORS, MODERATORS, PRESS_OFFICERS}
    assert ("comments", "moderate_comment") in actual[MODERATORS]
    assert ("comments", "moderate_comment") not in actual[EDITORS]
