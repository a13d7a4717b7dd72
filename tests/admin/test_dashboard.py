"""The admin's home as a newsroom dashboard, and the pending comments count in every admin
page's title (issue 13, items 9 and 10): each role sees what it needs and only what it may,
in a fixed number of queries however many articles and comments there are."""

import datetime

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
from tests.comments.helpers import approved_comment
from tests.factories import ArticleFactory, UserFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
Status = Article.Status
HOME = "/admin/"
QUEUE = "/admin/comments/comment/?status=pending"
CHANGELIST = "/admin/articles/article/"


@pytest.fixture
def staff():
    return {
        "author": staff_member(AUTHORS, username="author"),
        "other_author": staff_member(AUTHORS, username="other"),
        "editor": staff_member(EDITORS, username="editor"),
        "moderator": staff_member(MODERATORS, username="moderator"),
        "superuser": UserFactory(username="chief", is_staff=True, is_superuser=True),
    }


def pending(article, *, hours_ago, text="Когда откроют школу?"):
    comment = approved_comment(
        article, comment=text, submit_date=timezone.now() - datetime.timedelta(hours=hours_ago)
    )
    Comment.objects.filter(pk=comment.pk).update(is_public=False)
    return comment


def newsroom(staff, copies=1):
    """Each author's draft, submission and scheduled piece; published news with comments."""
    now = timezone.now()
    for n in range(copies):
        for who in ("author", "other_author", "editor"):
            user = staff[who]
            ArticleFactory(title=f"Черновик {who} {n}", author=user, status=Status.DRAFT,
                           published_at=None)  # fmt: skip
            ArticleFactory(title=f"На проверке {who} {n}", author=user, status=Status.REVIEW,
                           published_at=None)  # fmt: skip
            ArticleFactory(title=f"Запланирован {who} {n}", author=user,
                           published_at=now + datetime.timedelta(days=1, hours=n))  # fmt: skip
        news = ArticleFactory(title=f"Опубликован {n}", author=staff["other_author"],
                              published_at=now - datetime.timedelta(hours=n + 1))  # fmt: skip
        pending(news, hours_ago=3 + n)
        approved_comment(news)


def home(user):
    response = client_for(user).get(HOME)
    assert response.status_code == 200
    return response.content.decode(), lxml.html.fromstring(response.content.decode())


def panel(page, title):
    """The dashboard's panel titled ``title`` (None when absent)."""
    found = page.xpath(f"//section[contains(@class, 'dashboard-panel')][.//h2[starts-with("
                       f"normalize-space(), '{title}')]]")  # fmt: skip
    return found[0] if found else None


def titles(section):
    return [" ".join(a.text_content().split()) for a in section.xpath(".//li//a[@class='item']")]


def all_link(section):
    return section.xpath(".//a[contains(@class, 'all-link')]/@href")[0]


def test_an_author_sees_their_own_work_and_nobody_elses_unpublished(staff):
    newsroom(staff)
    html, page = home(staff["author"])
    assert titles(panel(page, "На проверке")) == ["На проверке author 0"]
    assert titles(panel(page, "Запланировано")) == ["Запланирован author 0"]
    assert titles(panel(page, "Мои черновики")) == ["Черновик author 0"]
    assert titles(panel(page, "Недавно опубликовано")) == ["Опубликован 0"]
    assert panel(page, "Ждут модерации") is None
    for other in ("other_author", "editor"):
        assert f"Черновик {other}" not in html and f"На проверке {other}" not in html
        assert f"Запланирован {other}" not in html
    assert "(1)" not in page.xpath("//title")[0].text  # no moderation count for an author


def test_an_editor_sees_every_submission_and_schedule_and_their_own_drafts(staff):
    newsroom(staff)
    _, page = home(staff["editor"])
    assert sorted(titles(panel(page, "На проверке"))) == [
        "На проверке author 0", "На проверке editor 0", "На проверке other_author 0"
    ]  # fmt: skip
    assert len(titles(panel(page, "Запланировано"))) == 3
    assert titles(panel(page, "Мои черновики")) == ["Черновик editor 0"]
    assert panel(page, "Ждут модерации") is None


def test_panels_link_each_article_and_to_the_filtered_list(staff):
    newsroom(staff)
    _, page = home(staff["editor"])
    review = panel(page, "На проверке")
    article = Article.objects.get(title="На проверке author 0")
    assert reverse("admin:articles_article_change", args=[article.pk]) in review.xpath(
        ".//a[@class='item']/@href"
    )
    assert all_link(review) == CHANGELIST + "?status__exact=review"
    assert all_link(panel(page, "Запланировано")) == CHANGELIST + "?when=scheduled"
    assert all_link(panel(page, "Мои черновики")) == CHANGELIST + "?mine=1&status__exact=draft"
    assert all_link(panel(page, "Недавно опубликовано")) == CHANGELIST + "?when=public"


def test_the_filtered_lists_behind_the_all_links_hold_what_the_panels_say(staff):
    newsroom(staff)
    editor = client_for(staff["editor"])

    def listed(query):
        response = editor.get(CHANGELIST + query)
        assert response.status_code == 200
        return sorted(a.title for a in response.context["cl"].result_list)

    assert listed("?mine=1&status__exact=draft") == ["Черновик editor 0"]
    assert listed("?mine=1") == ["Запланирован editor 0", "На проверке editor 0",
                                 "Черновик editor 0"]  # fmt: skip
    assert listed("?when=scheduled") == ["Запланирован author 0", "Запланирован editor 0",
                                         "Запланирован other_author 0"]  # fmt: skip
    assert listed("?when=public") == ["Опубликован 0"]
    html = editor.get(CHANGELIST).content.decode()
    assert "мои материалы" in html


def test_a_moderator_sees_the_queue_with_its_longest_wait(staff):
    newsroom(staff, copies=3)  # pending for 3, 4 and 5 hours
    _, page = home(staff["moderator"])
    queue = panel(page, "Ждут модерации")
    text = " ".join(queue.text_content().split())
    assert "3 комментария" in text and "5 часов" in text
    assert all_link(queue) == QUEUE
    assert len(queue.xpath(".//li")) == 3
    for name in ("На проверке", "Запланировано", "Мои черновики", "Недавно опубликовано"):
        assert panel(page, name) is None


def test_a_superuser_sees_every_panel(staff):
    newsroom(staff)
    _, page = home(staff["superuser"])
    for name in ("На проверке", "Запланировано", "Мои черновики", "Недавно опубликовано",
                 "Ждут модерации"):  # fmt: skip
        assert panel(page, name) is not None, name


def test_empty_panels_say_so(staff):
    _, page = home(staff["superuser"])
    assert "Нет материалов на проверке" in panel(page, "На проверке").text_content()
    assert "Очередь пуста" in panel(page, "Ждут модерации").text_content()


@pytest.mark.parametrize(
    "path", [HOME, "/admin/comments/stopword/", "/admin/comments/moderationdecision/"]
)
def test_moderators_see_the_pending_count_in_the_title_and_a_link_to_the_queue(staff, path):
    news = ArticleFactory()
    approved_comment(news)
    moderator = client_for(staff["moderator"])
    empty = lxml.html.fromstring(moderator.get(path).content.decode())
    assert not empty.xpath("//title")[0].text.startswith("(")  # nothing waits: no count
    for hours in (1, 2, 3):
        pending(news, hours_ago=hours)
    page = lxml.html.fromstring(moderator.get(path).content.decode())
    assert page.xpath("//title")[0].text.startswith("(3) ")
    [link] = page.xpath("//div[@id='user-tools']//a[contains(@class, 'pending-link')]")
    assert link.get("href") == QUEUE and "3" in link.text_content()
    for role in ("author", "editor"):  # staff who do not moderate see no count
        response = client_for(staff[role]).get(HOME)
        other = lxml.html.fromstring(response.content.decode())
        assert "Ждут модерации" not in response.content.decode()
        assert not other.xpath("//title")[0].text.startswith("(")
        assert not other.xpath("//a[contains(@class, 'pending-link')]")


def queries(user, path):
    client = client_for(user)
    client.get(path)  # warm up: content types, the session's first touch
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# The home page's queries for each role: the user, their second-factor devices, their
# permissions (own and groups': not for a superuser), the recent-actions sidebar, then one per
# panel: review, scheduled, drafts, published, and for moderators the queue's count with its
# oldest, and its five oldest comments.
HOME_QUERIES = {"author": 9, "editor": 9, "moderator": 7, "superuser": 9}


@pytest.mark.parametrize("role", sorted(HOME_QUERIES))
def test_the_dashboard_costs_a_fixed_number_of_queries(staff, role, django_assert_num_queries):
    client = client_for(staff[role])
    for copies in (1, 5):
        newsroom(staff, copies=copies)
        client.get(HOME)  # warm up: content types, the session's first touch
        with django_assert_num_queries(HOME_QUERIES[role]):
            assert client.get(HOME).status_code == 200


def test_the_pending_count_costs_one_query_on_any_admin_page(staff):
    """On a page other than the home: the count, and no list of comments."""
    for hours in range(1, 8):
        pending(ArticleFactory(), hours_ago=hours)
    path = "/admin/password_change/"
    assert queries(staff["moderator"], path) == queries(staff["editor"], path) + 1
