"""The three journeys of the site in a real browser (issue 7, item 10), with the page cache on.

An editor writes and publishes an article; a reader finds it, comments and replies; a moderator
approves both; the reader sees the thread. Readers were shown the home page and the article
before each change, so every step also proves that the cached pages were forgotten. Last, what
the roles may not do: an author cannot publish, a moderator cannot open the article form.

Every step leaves a picture in tests/e2e/artifacts/journey-*.png.
"""

import datetime
import re

import pytest

from tests.e2e.conftest import approve_in_queue, log_in, screenshot
from tests.e2e.helpers import NOTICE, add_block, editor_frame
from tests.images import encode, two_colour

pytestmark = pytest.mark.e2e

TITLE = "В Ульяновской области открыли центр подготовки инженеров для авиастроения"
LEAD = "Центр на базе Авиастара будет готовить по 300 инженеров в год."
TYPED = "Центр откроется для студентов в сентябре."
SAID = "Инженеры нужны всей промышленной кооперации региона."
GOVERNOR = "Губернатор Ульяновской области"
REGION = "Ульяновская область"
COMMENT = "Будет ли набор для выпускников колледжей?"
REPLY = "Судя по сайту Авиастара, будет: с весны."
MIN_SECONDS = 3.5  # comments/forms.py refuses posts made sooner than 3 s after the page


@pytest.fixture
def newsroom(site_db):
    """A governor to quote and staff of the three roles; an empty cache (pages, rate limits)."""
    from django.core.cache import cache

    from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
    from tests.factories import AppointmentFactory, PersonFactory, staff_member

    cache.clear()
    person = PersonFactory(last_name="Русских", first_name="Алексей", patronymic="Юрьевич")
    AppointmentFactory(person=person, title=GOVERNOR, starts_on=datetime.date(2021, 9, 24))
    yield {
        "person": person,
        "editor": staff_member(EDITORS, username="editor-journey"),
        "author": staff_member(AUTHORS, username="author-journey"),
        "moderator": staff_member(MODERATORS, username="moderator-journey"),
    }
    cache.clear()


def seen(locator):
    """The text a reader sees, with the typography's no-break spaces («в\u00a0сентябре») as
    plain ones."""
    return locator.inner_text().replace("\u00a0", " ")


def snap(page, name):
    """A screenshot once the page's eager images have arrived (a picture with a blank cover
    tells people nothing); lazy ones below the fold never load in a full-page capture."""
    page.wait_for_function(
        "() => [...document.images].every(i => i.loading === 'lazy' || i.complete)"
    )
    screenshot(page, name)


def choose(page, field, search, expected):
    """Picks ``expected`` in a select2 autocomplete (``field``: the form row), as people do."""
    field.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=expected).click()
    assert expected in field.locator(".select2-selection__rendered").inner_text()


def start_article(session):
    """Opens the add form and writes the title, the lead and one text block."""
    page = session.page
    session.goto("/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.fill("#id_lead", LEAD)
    text = add_block(page)
    editor_frame(page, text).locator("body").click()
    page.keyboard.type(TYPED)


def post_comment(reader, name, email, text):
    """Fills the comment form the page shows and sends it, no sooner than a person could."""
    page = reader.page
    page.wait_for_timeout(MIN_SECONDS * 1000)
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_comment", text)
    page.check("#id_consent")
    page.get_by_role("button", name="Отправить на модерацию").click()
    page.wait_for_url(re.compile(r"\?comment=sent"))
    notice = page.get_by_role("status")
    assert notice.is_visible()
    assert notice.inner_text().startswith(NOTICE)
    assert text not in seen(page.locator("#comments")), "shown before moderation"


def test_editor_publishes_reader_comments_moderator_approves(open_session, newsroom, tmp_path):
    from articles.models import Article
    from comments.models import Comment

    # The reader has the home page cached before the article exists.
    reader = open_session()
    rpage = reader.page
    reader.goto("/")
    assert TITLE not in rpage.locator("main").inner_text()

    # 1. The editor writes the article in the admin.
    editor = open_session()
    page = editor.page
    log_in(editor, newsroom["editor"])
    screenshot(page, "journey-01-editor-admin")
    start_article(editor)

    quote = add_block(page)
    editor_frame(page, quote)  # CKEditor up before the kind hides it
    quote.locator("select[name$='-kind']").select_option(label="цитата")
    choose(page, quote.locator(".field-person"), "Русс", "Русских")
    quote.locator("textarea[name$='-quote']").fill(SAID)

    cover = tmp_path / "Центр подготовки.jpg"
    cover.write_bytes(encode(two_colour(1600, 900), "JPEG", quality=85))
    page.set_input_files("#id_cover", str(cover))
    page.fill("#id_cover_alt", "Студенты у макета самолёта в учебном классе")
    page.fill("#id_cover_caption", "Учебный класс нового центра")
    page.fill("#id_cover_credit", "Пресс-служба губернатора")
    choose(page, page.locator(".field-regions"), "Ульян", REGION)
    screenshot(page, "journey-02-editor-article-form")

    # 2. …and publishes it with the workflow button.
    publish = page.locator("input[name=_publish]").first
    assert publish.get_attribute("value") == "Опубликовать"
    publish.click()
    page.wait_for_url(re.compile(r"/admin/articles/article/(\?.*)?$"))
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()
    assert page.locator(".messagelist .success").count() == 1
    screenshot(page, "journey-03-editor-published")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PUBLISHED and article.is_public
    assert article.editor == newsroom["editor"] and article.cover
    assert [r.name for r in article.regions.all()] == [REGION]
    assert not editor.console_errors, editor.console_errors

    # 3. The reader finds it on the (cached) home page and opens it.
    reader.goto("/")
    link = rpage.locator("main .card__title a", has_text=TITLE)
    assert link.count() == 1, "the published article is not on the home page"
    snap(rpage, "journey-04-reader-home")
    link.click()
    url = article.get_absolute_url()
    rpage.wait_for_url(reader.base_url + url)
    assert rpage.locator("h1").inner_text() == TITLE
    body = rpage.locator(".article__body")
    assert TYPED in seen(body)
    said = body.locator("figure.quote")
    assert said.count() == 1
    # The house style: «Алексей РУССКИХ / ГУБЕРНАТОР УЛЬЯНОВСКОЙ ОБЛАСТИ» (the title in capitals
    # by CSS; innerText gives what the reader sees).
    assert said.locator(".quote__name").inner_text() == "Алексей РУССКИХ"
    assert said.locator(".quote__title").inner_text() == GOVERNOR.upper()
    assert seen(said.locator("blockquote")).strip() == SAID
    cover_image = rpage.locator(".article__cover img")
    assert cover_image.get_attribute("alt") == "Студенты у макета самолёта в учебном классе"
    rpage.wait_for_function("() => document.querySelector('.article__cover img').naturalWidth")
    assert REGION in rpage.locator(".article__tags").inner_text()
    snap(rpage, "journey-05-reader-article")

    # 4. The reader comments and is told it waits for moderation.
    post_comment(reader, "Марина", "marina@example.ru", COMMENT)
    snap(rpage, "journey-06-reader-comment-sent")
    comment = Comment.objects.get(comment=COMMENT)
    assert not comment.is_public

    # 5. A moderator approves it in the queue; the reader's cached article page is forgotten.
    moderator = open_session()
    log_in(moderator, newsroom["moderator"])
    approve_in_queue(moderator, COMMENT, screenshot_as="journey-07-moderator-queue")
    reader.goto(url)
    shown = rpage.locator(f"#c{comment.pk}")
    assert shown.is_visible(), "the approved comment is not on the article page"
    assert COMMENT in seen(shown) and "Марина" in shown.inner_text()
    reader.goto("/")
    count = rpage.locator("main .card", has_text=TITLE).locator(".card__comments")
    assert count.inner_text() == "1 комментарий"
    reader.goto(url)
    shown = rpage.locator(f"#c{comment.pk}")

    # 6. The reader replies to the approved comment.
    shown.locator(".comment__actions a", has_text="Ответить").first.click()
    rpage.wait_for_url(re.compile(rf"\?reply_to={comment.pk}"))
    assert rpage.locator("#comment-form-title").inner_text() == "Ответ на комментарий: Марина"
    post_comment(reader, "Олег", "oleg@example.ru", REPLY)
    snap(rpage, "journey-08-reader-reply-sent")
    reply = Comment.objects.get(comment=REPLY)
    assert reply.parent_id == comment.pk and not reply.is_public

    # 7. The moderator approves the reply; the reader reloads and sees the thread.
    approve_in_queue(moderator, REPLY, screenshot_as="journey-09-moderator-queue-reply")
    reader.goto(url)
    assert rpage.locator(f"#c{comment.pk} #c{reply.pk}").is_visible(), "the reply is not nested"
    assert REPLY in seen(rpage.locator(f"#c{reply.pk}"))
    assert rpage.locator("#comments-title").inner_text() == "Комментарии (2)"
    rpage.locator("#comments").scroll_into_view_if_needed()
    snap(rpage, "journey-10-reader-thread")
    # The home page's card counts them too: that cached list was forgotten as well.
    reader.goto("/")
    count = rpage.locator("main .card", has_text=TITLE).locator(".card__comments")
    assert count.inner_text() == "2 комментария"

    assert not reader.console_errors, reader.console_errors
    assert not reader.outside_requests(), reader.outside_requests()


def test_author_submits_editor_publishes_moderator_approves_and_the_office_replies(
    open_session, newsroom
):
    """Issue 13's journey: the author writes and sends for review (Enter saves, the button
    submits); the editor finds it on the desk, publishes it; a reader comments; the moderator
    approves it from its row and answers as the press office; the reader sees the official
    reply. The mail queue holds the notices to the editor and to the author."""
    from mailer.models import Message

    from articles.models import Article

    def mailed(address):
        return any(address in message.to_addresses for message in Message.objects.all())

    from comments.models import Comment

    newsroom["editor"].email = "editor@example.ru"
    newsroom["author"].email = "author@example.ru"
    for user in (newsroom["editor"], newsroom["author"]):
        user.save()

    # 1. The author writes a draft; Enter in the title saves it, «Отправить на проверку» sends.
    author = open_session()
    page = author.page
    log_in(author, newsroom["author"])
    start_article(author)
    with page.expect_navigation():
        page.press("#id_title", "Enter")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    author.goto(f"/admin/articles/article/{article.pk}/change/")
    with page.expect_navigation():
        page.locator("input[name=_submit]").first.click()
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    screenshot(page, "journey-b-01-author-submitted")
    assert mailed("editor@example.ru")

    # 2. The editor finds it on the desk («На проверке») and publishes it.
    editor = open_session()
    epage = editor.page
    log_in(editor, newsroom["editor"])
    desk = epage.locator(".dashboard-panel", has_text="На проверке")
    screenshot(epage, "journey-b-02-editor-desk")
    with epage.expect_navigation():
        desk.get_by_role("link", name=TITLE).click()
    choose(epage, epage.locator(".field-regions"), "Ульян", REGION)
    with epage.expect_navigation():
        epage.locator("input[name=_publish]").first.click()
    assert epage.locator(".errornote").count() == 0, epage.locator("#content").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_public
    assert mailed("author@example.ru")

    # 3. A reader comments.
    reader = open_session()
    url = article.get_absolute_url()
    reader.goto(url)
    post_comment(reader, "Марина", "marina@example.ru", COMMENT)
    comment = Comment.objects.get(comment=COMMENT)

    # 4. The moderator, counted in the tab title, approves it from its row and replies.
    moderator = open_session()
    mpage = moderator.page
    log_in(moderator, newsroom["moderator"])
    assert mpage.title().startswith("(1) ")
    moderator.goto("/admin/comments/comment/?status=pending")
    row = mpage.locator("#result_list tbody tr", has_text=COMMENT)
    with mpage.expect_navigation():
        row.get_by_role("button", name="Одобрить").click()
    moderator.goto("/admin/comments/comment/?status=approved")
    row = mpage.locator("#result_list tbody tr", has_text=COMMENT)
    row.get_by_text("Ответить от пресс-службы").click()
    answer = "Да, набор откроется и для выпускников колледжей."
    row.get_by_label(f"Официальный ответ на комментарий № {comment.pk}").fill(answer)
    with mpage.expect_navigation():
        row.get_by_role("button", name="Опубликовать ответ").click()
    screenshot(mpage, "journey-b-03-moderator-replied")

    # 5. The reader sees the comment and the office's reply under it, with its badge.
    reader.goto(url)
    official = reader.page.locator(f"#c{comment.pk} .comment--official")
    assert official.count() == 1
    assert "Пресс-служба" in official.inner_text() and "Официальный ответ" in official.inner_text()
    assert answer in seen(official)
    snap(reader.page, "journey-b-04-reader-official-reply")
    for session in (author, editor, moderator, reader):
        assert not session.console_errors, session.console_errors
    assert not reader.outside_requests(), reader.outside_requests()


def test_author_cannot_publish_and_moderator_cannot_open_the_article_form(open_session, newsroom):
    from articles.models import Article
    from tests.factories import ArticleFactory

    draft = ArticleFactory(
        title="Черновик автора о пуске нового цеха",
        author=newsroom["author"],
        status=Article.Status.DRAFT,
        published_at=None,
    )
    change_url = f"/admin/articles/article/{draft.pk}/change/"

    # The author: no publish button on a new article nor on the own draft; no publish action.
    author = open_session()
    page = author.page
    log_in(author, newsroom["author"])
    author.goto("/admin/articles/article/add/")
    assert page.locator("input[name=_publish]").count() == 0
    author.goto(change_url)
    assert page.locator("input[name=_publish]").count() == 0
    assert page.locator("input[name=_submit]").count() == 2  # top and bottom rows
    screenshot(page, "journey-11-author-draft")
    author.goto("/admin/articles/article/")
    actions = page.locator("select[name=action] option").all_inner_texts()
    assert "Опубликовать" not in actions, actions

    # A forged publish button in the form the author has open is refused with the reason.
    author.goto(change_url)
    page.evaluate(
        """() => {
            const forged = Object.assign(document.createElement('input'),
                                         {type: 'hidden', name: '_publish', value: '1'});
            document.querySelector('#article_form').append(forged);
        }"""
    )
    page.locator("input[name=_save]").first.click()
    page.wait_for_load_state()
    assert "Это может сделать только редактор." in page.locator("#content").inner_text()
    assert page.locator(".errornote").count() == 1
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and draft.editor is None
    screenshot(page, "journey-12-author-forged-publish")

    # A forged POST of the changelist's publish action changes nothing either.
    author.goto("/admin/articles/article/")
    token = page.locator("#changelist-form input[name=csrfmiddlewaretoken]").input_value()
    response = author.context.request.post(
        author.base_url + "/admin/articles/article/",
        form={
            "csrfmiddlewaretoken": token,
            "action": "publish",
            "_selected_action": str(draft.pk),
            "index": "0",
        },
        headers={"Referer": author.base_url + "/admin/articles/article/"},
    )
    assert response.status == 200 and response.url.endswith("/admin/articles/article/")
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and draft.published_at is None
    assert not Article.objects.published().filter(pk=draft.pk).exists()

    # The moderator: no link to the articles, and their forms answer 403.
    moderator = open_session()
    mpage = moderator.page
    log_in(moderator, newsroom["moderator"])
    assert mpage.locator('#content a[href^="/admin/articles/"]').count() == 0
    assert mpage.locator('#content a[href^="/admin/comments/comment/"]').count() >= 1
    screenshot(mpage, "journey-13-moderator-admin")
    for path in ("/admin/articles/article/add/", change_url, "/admin/articles/article/"):
        response = mpage.goto(moderator.base_url + path)
        assert response.status == 403, f"{path}: HTTP {response.status} for a moderator"
    screenshot(mpage, "journey-14-moderator-refused")
