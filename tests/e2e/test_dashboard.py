"""The newsroom's home in Chromium (issue 13, items 9 and 10): each role's dashboard passes
axe-core, fits a 375 px phone, and the moderation count is a link the keyboard reaches with a
visible focus. Pictures at 1366 and 375 px for people to look at."""

import datetime

import pytest

from tests.e2e.conftest import log_in, screenshot
from tests.e2e.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def newsroom(site_db):
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from articles.models import Article
    from comments.models import Comment
    from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
    from tests.factories import ArticleFactory, UserFactory, staff_member

    Status = Article.Status
    users = {
        "author": staff_member(AUTHORS, username="anna", first_name="Анна",
                               last_name="Авторова"),
        "editor": staff_member(EDITORS, username="pavel", first_name="Павел",
                               last_name="Редакторов"),
        "moderator": staff_member(MODERATORS, username="olga"),
        "superuser": UserFactory(username="chief", is_staff=True, is_superuser=True),
    }  # fmt: skip
    now = timezone.now()
    titles = [
        "Губернатор открыл новый цех на заводе в Димитровграде",
        "В Ульяновске начали ремонт моста через Свиягу: движение ограничат до весны",
        "Областной бюджет на 2027 год принят в первом чтении",
        "Школьники региона стали призёрами всероссийской олимпиады по физике",
        "Аэропорт Баратаевка открыл рейсы в Казань",
        "Фермеры получат субсидии на технику",
    ]
    for n, title in enumerate(titles):
        for who in ("author", "editor"):
            author = users[who]
            ArticleFactory(title=f"{title} ({n + 1})", author=author, status=Status.DRAFT,
                           published_at=None)  # fmt: skip
            ArticleFactory(title=f"На проверку: {title}", author=author, status=Status.REVIEW,
                           published_at=None)  # fmt: skip
        ArticleFactory(title=f"Анонс: {title}", author=users["author"],
                       published_at=now + datetime.timedelta(days=n % 3, hours=n))  # fmt: skip
        news = ArticleFactory(title=title, author=users["editor"], comment_count=n,
                              published_at=now - datetime.timedelta(hours=n * 5 + 1))  # fmt: skip
        Comment.objects.create(
            content_type=ContentType.objects.get_for_model(news), object_pk=str(news.pk),
            site_id=1, user_name=f"Читатель {n}", user_email="reader@example.ru",
            comment="Когда закончат ремонт дороги на нашей улице? Ждём уже третий год, "
                    "а обещали ещё прошлым летом.",
            submit_date=now - datetime.timedelta(hours=n * 7 + 2), is_public=False,
        )  # fmt: skip
    return users


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("role", ["author", "editor", "moderator", "superuser"])
def test_each_roles_dashboard_passes_axe_and_fits_a_phone(open_session, newsroom, axe, role):
    report = []
    for label, size in WIDTHS.items():
        session = open_session(viewport=size)
        log_in(session, newsroom[role])
        page = session.page
        assert page.locator(".dashboard-panel").count() >= 1
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            report.append(f"{role} at {label}:\n{describe(violations)}")
        assert overflow(page) <= 0, f"the {role}'s dashboard scrolls sideways at {label}"
        screenshot(page, f"dashboard-{role}-{size['width']}")
    assert not report, "axe-core violations:\n" + "\n\n".join(report)


def test_the_keyboard_reaches_the_queue_from_the_count_with_a_visible_focus(session, newsroom):
    page = session.page
    log_in(session, newsroom["moderator"])
    assert page.title().startswith("(6) ")
    link = page.locator("#user-tools a.pending-link")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('pending-link')"):
            break
    else:
        pytest.fail("Tab never reached the moderation count")
    outline = link.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("none", ""), "the focused count shows no outline"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/admin/comments/comment/?status=pending")
    assert page.title().startswith("(6) ")
