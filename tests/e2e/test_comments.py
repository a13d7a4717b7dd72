"""Comments in a real browser, on the demo newsroom: the keyboard, no JavaScript, the admin
queue, axe-core, and pictures of every state for people to look at."""

import re

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, log_in, screenshot, screenshots
from tests.e2e.helpers import AXE_OPTIONS, NOTICE, describe

pytestmark = pytest.mark.e2e

QUEUE = "/admin/comments/comment/"


@pytest.fixture
def seed(site_db, settings):
    """The demo newsroom with readers who type instantly (no 3-second floor) and comments open
    whatever today's date (the seed story is dated; comments close 30 days after it)."""
    from django.core.cache import cache

    from articles.models import Article
    from demo.loader import SEED_TITLE, DemoLoader

    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_CLOSE_AFTER_DAYS = 100 * 365
    cache.clear()  # rate limits: every post here comes from 127.0.0.1
    DemoLoader().load()
    yield Article.objects.get(title=SEED_TITLE)
    cache.clear()


def assert_no_axe_violations(axe, page, name):
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe-core violations on {name}:\n{describe(violations)}"


def approved(article, text, *, parent=None, name="Читатель"):
    """A comment saved as the post view saves one, then approved by a moderator's decision."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from comments.models import Comment
    from comments.moderation import decide

    now = timezone.now()
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(article),
        object_pk=str(article.pk),
        site_id=settings.SITE_ID,
        user_name=name,
        user_email="reader@example.ru",
        comment=text,
        submit_date=now,
        ip_address="192.0.2.1",
        is_public=False,
        parent_id=parent.pk if parent else 0,
        consent_at=now,
        policy_version=settings.PERSONAL_DATA_POLICY_VERSION,
    )
    decide(Comment.objects.filter(pk=comment.pk), action="approve", moderator=None)
    comment.refresh_from_db()
    return comment


def focused(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_until(page, element_id, limit=150):
    """Presses Tab until the element has the focus, as a keyboard user goes through a page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return
    raise AssertionError(f"#{element_id} never got the focus in {limit} presses of Tab")


def test_reader_comments_with_the_keyboard_and_a_moderator_approves_it_in_the_queue(
    open_session, seed
):
    from comments.models import Comment
    from pressoffice.roles import MODERATORS
    from tests.factories import staff_member

    reader = open_session()
    page = reader.page
    url = seed.get_absolute_url()
    reader.goto(url)
    text = "Хорошо, что соглашение касается и подготовки инженеров."

    tab_until(page, "id_name")
    page.keyboard.type("Светлана")
    page.keyboard.press("Tab")
    assert focused(page) == "id_email"
    page.keyboard.type("svetlana@example.ru")
    page.keyboard.press("Tab")
    assert focused(page) == "id_comment"
    page.keyboard.type(text)
    page.keyboard.press("Tab")
    assert focused(page) == "id_consent"
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    page.keyboard.press("Tab")  # the policy link inside the consent's label
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "/personal-data/"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Отправить на модерацию"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url.endswith(f"{url}?comment=sent#comments-notice")
    notice = page.get_by_role("status")
    assert notice.inner_text().startswith(NOTICE)
    assert notice.is_visible()
    assert text not in page.content()
    screenshot(page, "comments-notice")
    comment = Comment.objects.get(comment=text)
    assert not comment.is_public

    moderator = open_session()
    log_in(moderator, staff_member(MODERATORS, username="moderator-e2e"))
    mpage = moderator.page
    moderator.goto(QUEUE)
    assert "status=pending" in mpage.url
    row = mpage.locator("#result_list tbody tr", has_text=text)
    assert row.count() == 1
    assert "svetlana@example.ru" in row.inner_text()
    screenshot(mpage, "comments-queue")
    row.locator("input[name=_selected_action]").check()
    mpage.select_option("select[name=action]", "approve")
    mpage.locator("#changelist-form button[name=index]").click()
    mpage.wait_for_load_state()
    assert "Одобрено комментариев: 1." in mpage.locator(".messagelist").inner_text()
    comment.refresh_from_db()
    assert comment.is_public

    reader.goto(url)
    shown = page.locator(f"#c{comment.pk}")
    assert shown.is_visible()
    assert text in shown.inner_text() and "Светлана" in shown.inner_text()
    assert page.locator("#comments-title").inner_text() == "Комментарии (1)"
    assert not reader.console_errors, reader.console_errors
    assert not reader.outside_requests(), reader.outside_requests()


def test_reader_replies_without_javascript_and_the_thread_passes_axe(open_session, seed, axe):
    from comments.models import Comment
    from comments.moderation import decide

    first = approved(seed, "Когда начнутся первые совместные проекты?", name="Андрей")
    approved(seed, "В первом квартале, судя по тексту соглашения.", parent=first, name="Ольга")
    url = seed.get_absolute_url()

    session = open_session(java_script_enabled=False)
    page = session.page
    session.goto(url)
    page.locator(f"#c{first.pk} .comment__actions a", has_text="Ответить").first.click()
    page.wait_for_url(re.compile(rf"\?reply_to={first.pk}"))
    assert page.locator("#comment-form-title").inner_text() == "Ответ на комментарий: Андрей"
    assert page.locator("#id_reply_to").input_value() == str(first.pk)
    page.fill("#id_name", "Игорь")
    page.fill("#id_email", "igor@example.ru")
    page.fill("#id_comment", "А программы обучения уже согласованы?")
    page.check("#id_consent")
    page.get_by_role("button", name="Отправить на модерацию").click()
    page.wait_for_url(re.compile(r"\?comment=sent"))
    assert page.get_by_role("status").inner_text().startswith(NOTICE)

    reply = Comment.objects.get(comment="А программы обучения уже согласованы?")
    assert reply.parent_id == first.pk and reply.level == 1 and not reply.is_public
    decide(Comment.objects.filter(pk=reply.pk), action="approve", moderator=None)

    session.goto(url)
    assert page.locator(f"#c{first.pk} #c{reply.pk}").is_visible(), "the reply is not nested"
    assert page.locator(".comment").count() == 3
    assert not session.outside_requests(), session.outside_requests()

    browser = open_session()
    browser.goto(url)
    browser.page.locator("#comments").scroll_into_view_if_needed()
    screenshots(browser.page, "comments-thread")
    browser.page.set_viewport_size(PHONE)
    overflow = browser.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the thread is {overflow}px wider than a 360px phone"
    assert_no_axe_violations(axe, browser.page, f"the article with a thread {url}")
    assert not browser.console_errors, browser.console_errors


def test_empty_form_shows_the_error_summary_and_passes_axe(session, seed, axe):
    from comments.models import Comment

    page = session.page
    url = seed.get_absolute_url()
    session.goto(url)
    submit = page.get_by_role("button", name="Отправить на модерацию")

    # The browser's own validation stops an empty form before it leaves the page...
    submit.click()
    assert page.evaluate("() => document.querySelector('#id_name').validity.valueMissing")
    assert page.url == session.base_url + url
    assert focused(page) == "id_name"

    # ...so the server's error state (what a browser without that validation, or a form that
    # slipped past it, gets) is reached by removing the `required` attributes first.
    page.evaluate(
        "() => document.querySelectorAll('#comment-form [required]')"
        ".forEach(el => el.removeAttribute('required'))"
    )
    with page.expect_navigation() as navigation:
        submit.click()
    assert navigation.value.status == 400
    summary = page.locator("#comment-form [role=alert]")
    assert summary.is_visible()
    assert summary.inner_text().startswith("Комментарий не отправлен. Исправьте, пожалуйста:")
    for field, message in [
        ("id_name", "Представьтесь, пожалуйста."),
        ("id_email", "Укажите адрес электронной почты."),
        ("id_comment", "Напишите текст комментария."),
        ("id_consent", "Без согласия на обработку персональных данных комментарий не принимается."),
    ]:
        link = summary.locator(f'a[href="#{field}"]')
        assert link.count() == 1, field
        assert message in summary.inner_text()
        assert page.locator(f"#{field}").get_attribute("aria-invalid") == "true"
    summary.locator('a[href="#id_email"]').click()
    assert focused(page) == "id_email"
    assert not Comment.objects.exists()

    page.locator("#comment-form").scroll_into_view_if_needed()
    screenshot(page, "comments-form-errors")
    assert_no_axe_violations(axe, page, "the comment form's error state")

    # What a screen reader announces on each field: its help and its error, through
    # aria-describedby (axe only reports ids that point nowhere as "needs review").
    from playwright.sync_api import expect

    described = {
        "id_name": "Представьтесь, пожалуйста.",
        "id_email": "Не публикуется.",
        "id_comment": "Напишите текст комментария.",
        "id_consent": "Без согласия на обработку персональных данных",
    }
    missing = [
        (field, ref)
        for field in described
        for ref in (page.locator(f"#{field}").get_attribute("aria-describedby") or "").split()
        if page.locator(f"[id='{ref}']").count() == 0
    ]
    assert not missing, f"aria-describedby points at ids that are not on the page: {missing}"
    for field, text in described.items():
        expect(page.locator(f"#{field}")).to_have_accessible_description(
            re.compile(re.escape(text)), timeout=1000
        )


def test_report_page_needs_no_admin_and_passes_axe(session, seed, axe):
    from comments.models import CommentReport

    comment = approved(seed, "Обычный комментарий, на который пожалуются.", name="Пётр")
    page = session.page
    session.goto(f"/comments/{comment.pk}/report/")
    assert page.locator("h1").inner_text() == "Пожаловаться на комментарий"
    assert "Обычный комментарий, на который пожалуются." in page.locator("main").inner_text()
    screenshots(page, "comments-report")
    assert_no_axe_violations(axe, page, "the report page")

    page.get_by_role("button", name="Пожаловаться").click()
    page.wait_for_url(re.compile(r"\?report=sent"))
    assert page.get_by_role("status").inner_text().startswith("Спасибо, жалоба принята.")
    assert CommentReport.objects.filter(comment=comment).count() == 1
    assert not session.console_errors, session.console_errors


def waiting(article, text, *, parent=None, name="Читатель"):
    from comments.models import Comment

    comment = approved(article, text, parent=parent, name=name)
    Comment.objects.filter(pk=comment.pk).update(is_public=False)
    return comment


def test_moderator_decides_and_replies_from_the_rows_and_the_comment_page(open_session, seed,
                                                                          axe):  # fmt: skip
    from comments.models import Comment
    from pressoffice.roles import MODERATORS
    from tests.factories import staff_member

    question = approved(seed, "Будут ли стажировки для студентов?", name="Андрей")
    welcome = waiting(seed, "Отличная новость для региона.", name="Светлана")
    spam = waiting(seed, "Купите окна со скидкой!", name="Окна")
    ask = waiting(seed, "Когда начнётся набор на стажировки?", name="Ольга")
    follow_up = waiting(seed, "Присоединяюсь к вопросу.", parent=question, name="Игорь")

    moderator = open_session(viewport=DESKTOP)
    log_in(moderator, staff_member(MODERATORS, username="moderator-rows"))
    page = moderator.page
    moderator.goto(QUEUE)
    row = page.locator("#result_list tbody tr", has_text="Присоединяюсь к вопросу.")
    assert "в ответ на Андрей" in row.inner_text()
    assert_no_axe_violations(axe, page, "the queue with row controls")
    screenshots(page, "moderation-queue")

    def in_row(text):
        return page.locator("#result_list tbody tr", has_text=text)

    with page.expect_navigation():
        in_row(welcome.comment).get_by_role("button", name="Одобрить").click()
    assert "status=pending" in page.url
    assert f"Комментарий № {welcome.pk} одобрен" in page.locator(".messagelist").inner_text()

    in_row(spam.comment).get_by_label(f"Причина отклонения комментария № {spam.pk}").select_option(
        "Спам или реклама"
    )
    with page.expect_navigation():
        in_row(spam.comment).get_by_role("button", name="Отклонить").click()
    assert f"Комментарий № {spam.pk} отклонён" in page.locator(".messagelist").inner_text()

    in_row(ask.comment).get_by_text("Ответить от пресс-службы").click()
    in_row(ask.comment).get_by_label(f"Официальный ответ на комментарий № {ask.pk}").fill(
        "Набор откроется 1 февраля на сайте правительства."
    )
    with page.expect_navigation():
        in_row(ask.comment).get_by_role("button", name="Опубликовать ответ").click()
    assert "Официальный ответ на комментарий" in page.locator(".messagelist").inner_text()
    assert [c.status for c in Comment.objects.filter(pk__in=[welcome.pk, spam.pk, ask.pk])
            .order_by("pk")] == ["approved", "rejected", "approved"]  # fmt: skip

    moderator.goto(f"/admin/comments/comment/{follow_up.pk}/change/")
    assert "Будут ли стажировки для студентов?" in page.locator(".field-parent_link").inner_text()
    assert_no_axe_violations(axe, page, "the comment page")
    screenshots(page, "moderation-comment-page")
    with page.expect_navigation():
        page.get_by_role("button", name="Одобрить").click()
    assert page.url.endswith("/admin/comments/comment/?status=pending")  # nothing else waits
    assert f"Комментарий № {follow_up.pk} одобрен" in page.locator(".messagelist").inner_text()

    reader = open_session(viewport=DESKTOP)
    reader.goto(seed.get_absolute_url())
    official = reader.page.locator(".comment--official")
    assert official.count() == 1
    assert "Пресс-служба" in official.inner_text() and "Официальный ответ" in official.inner_text()
    assert "Пожаловаться" not in official.inner_text()  # the office does not report itself
    assert official.locator("xpath=ancestor::li[1]").count() == 1
    parent = reader.page.locator(f"#c{ask.pk}")
    assert "Набор откроется 1 февраля" in parent.inner_text()  # threaded under the question
    assert_no_axe_violations(axe, reader.page, "the article with an official reply")
    official.scroll_into_view_if_needed()
    screenshots(reader.page, "moderation-official-reply")
