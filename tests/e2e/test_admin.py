"""The article form of the admin in a real browser: inlines, CKEditor, select2, kinds, order."""

import datetime
import re

import pytest

from articles.models import Article, Block
from tests.e2e.conftest import log_in, screenshots
from tests.e2e.helpers import add_block, editor_frame
from tests.factories import AppointmentFactory, PersonFactory, staff_member

pytestmark = pytest.mark.e2e

GOVERNOR = "Губернатор Ульяновской области"
# What an editor pastes from a word processor or a web page; the server must keep only the
# allow-list (articles/sanitize.py) whatever the editor let through.
PASTED = (
    '<p>Второй абзац <span style="color:red" onclick="alert(1)">с мусором</span>'
    '<script>alert("x")</script> и <a href="javascript:alert(1)">ссылкой</a>.</p>'
)


@pytest.fixture
def editor(site_db):
    from pressoffice.roles import EDITORS

    return staff_member(EDITORS, username="editor-e2e")


@pytest.fixture
def russkikh(site_db):
    person = PersonFactory(last_name="Русских", first_name="Алексей", patronymic="Юрьевич")
    AppointmentFactory(person=person, title=GOVERNOR, starts_on=datetime.date(2021, 9, 24))
    return person


def ckeditor_data(page, textarea_id):
    """The text of the editor over that textarea (found by element: names are ids at start)."""
    return page.evaluate(
        """id => Object.values(CKEDITOR.instances)
            .find(e => e.element.$ === document.getElementById(id)).getData()""",
        textarea_id,
    )


def textarea_id(row):
    return row.locator("textarea[name$='-text']").get_attribute("id")


def pick_person(page, row, search, expected):
    """Chooses a person in the select2 autocomplete of a quote block, like a user would."""
    row.locator(".field-person .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    option = page.locator(".select2-results__option", has_text=expected)
    option.click()
    assert expected in row.locator(".field-person .select2-selection__rendered").inner_text()


def test_editor_builds_an_article_of_text_and_quote_blocks(session, editor, russkikh):
    page = session.page
    posted = []
    page.on(
        "request",
        lambda request: request.method == "POST" and posted.append(request.post_data or ""),
    )
    log_in(session, editor)
    session.goto("/admin/articles/article/add/")
    page.fill("#id_title", "Губернатор открыл новый цех на заводе в Димитровграде")
    page.fill("#id_lead", "В Димитровграде заработал цех металлообработки на 120 рабочих мест.")

    # 1. A text block, added in the browser: CKEditor must start in the new form itself.
    first = add_block(page)
    body = editor_frame(page, first).locator("body")
    body.click()
    page.keyboard.type("Первый абзац: ")
    page.keyboard.press("Control+B")
    page.keyboard.type("важное")
    page.keyboard.press("Control+B")
    page.keyboard.type(" в конце.")
    first_id = textarea_id(first)
    assert "<strong>важное</strong>" in ckeditor_data(page, first_id)

    # 2. A block that will be removed before saving (its inline "remove" link).
    doomed = add_block(page)
    editor_frame(page, doomed).locator("body").click()
    page.keyboard.type("Этот блок редактор передумал публиковать.")

    # 3. A quote: the kind switches the visible fields; the person comes from select2.
    quote = add_block(page)
    editor_frame(page, quote)
    quote.locator("select[name$='-kind']").select_option(label="цитата")
    assert "kind-quote" in (quote.get_attribute("class") or "")
    assert quote.locator(".field-text").is_hidden(), "a quote block shows the CKEditor field"
    assert quote.locator(".field-person").is_visible()
    assert quote.locator(".field-quote").is_visible()
    assert first.locator(".field-quote").is_hidden(), "a text block shows the quote fields"
    assert first.locator(".field-person").is_hidden()
    pick_person(page, quote, "Русс", "Русских")
    # A quote is read whole: its field takes the form's width (issue 13, item 13), not 40 columns.
    words = quote.locator("textarea[name$='-quote']").bounding_box()["width"]
    assert words >= 0.6 * quote.bounding_box()["width"], words
    quote.locator("textarea[name$='-quote']").fill(
        "Новый цех — это рабочие места.\n\nИ заказы для наших предприятий."
    )

    # 4. A second text block, moved above the first (below) with «Выше»: it must come first.
    second = add_block(page)
    editor_frame(page, second)
    page.evaluate(
        "([id, html]) => CKEDITOR.instances[id].setData(html)", [textarea_id(second), PASTED]
    )

    # Removing a form renumbers the ones after it; a block added afterwards takes a number an
    # editor already had: CKEditor must still start in it, and every text must save to its block.
    doomed.locator("a.inline-deletelink").click()
    assert page.locator("#blocks-group .inline-related:not(.empty-form)").count() == 3
    closing = add_block(page)
    assert closing.get_attribute("id") == "blocks-3"
    editor_frame(page, closing).locator("body").click()
    page.keyboard.type("Заключительный абзац.")
    assert page.locator("#id_blocks-TOTAL_FORMS").input_value() == "4"
    # The order numbers are hidden: the blocks move with «Выше» and «Ниже» (issue 13, item 13).
    assert first.locator("input[name$='-position']").is_hidden()
    pasted = page.locator("#blocks-2")  # «second»: the removal renumbered the forms after it
    pasted.get_by_role("button", name=re.compile("выше")).click()
    pasted.get_by_role("button", name=re.compile("выше")).click()
    editor_frame(page, pasted)  # the editor is put up again after the move, with its text
    assert "Второй абзац" in ckeditor_data(page, textarea_id(pasted))
    assert first.locator(".inline_label").inner_text() == "№ 2"

    screenshots(page, "admin-article-add")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()
    assert page.locator(".messagelist .success").count() == 1

    # CKEditor drops the script, the span and the handler itself; the javascript: link reaches
    # the server, which must drop it.
    assert any('href="javascript:alert(1)"' in data for data in posted)
    article = Article.objects.get(title__startswith="Губернатор открыл новый цех")
    assert article.author == editor
    blocks = list(article.blocks.order_by("position"))
    assert [(b.kind, b.position) for b in blocks] == [
        (Block.Kind.TEXT, 10),
        (Block.Kind.TEXT, 20),
        (Block.Kind.QUOTE, 30),
        (Block.Kind.TEXT, 40),
    ]
    pasted, typed, said, closing = blocks
    # A space typed before a bold word reaches the editor as &nbsp; (contenteditable does that).
    typed_html = typed.text.replace("&nbsp;", " ")
    assert typed_html == "<p>Первый абзац: <strong>важное</strong> в конце.</p>"
    assert "передумал" not in " ".join(b.text for b in blocks)
    assert "Второй абзац" in pasted.text and "с мусором" in pasted.text
    for unsafe in ("<script", "alert", "onclick", "style=", "javascript:", "<span"):
        assert unsafe not in pasted.text, f"{unsafe!r} survived sanitizing: {pasted.text}"
    assert said.person == russkikh
    assert said.person_title == GOVERNOR
    assert said.quote_paragraphs() == [
        "Новый цех — это рабочие места.",
        "И заказы для наших предприятий.",
    ]
    assert said.text == ""
    assert closing.text == "<p>Заключительный абзац.</p>"
    assert not session.console_errors, session.console_errors

    # The change form: CKEditor in the saved text blocks, none visible for the quote.
    rows = [page.locator(f"#blocks-{i}") for i in range(4)]
    for row in (rows[0], rows[1], rows[3]):
        editor_frame(page, row)
    assert "kind-quote" in (rows[2].get_attribute("class") or "")
    assert rows[2].locator(".field-text").is_hidden()
    assert rows[0].locator(".field-person").is_hidden()
    screenshots(page, "admin-article-change")

    # Deleting a saved block with its checkbox; the rest are renumbered 10, 20, 30.
    rows[0].locator("input[name$='-DELETE']").check()
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()
    assert [(b.kind, b.position, b.pk) for b in article.blocks.order_by("position")] == [
        (Block.Kind.TEXT, 10, typed.pk),
        (Block.Kind.QUOTE, 20, said.pk),
        (Block.Kind.TEXT, 30, closing.pk),
    ]
    assert not session.console_errors, session.console_errors
    assert not session.outside_requests(), session.outside_requests()


def test_related_widget_links_have_whole_titles(session, editor):
    """The pencil/plus/cross/eye links next to a foreign key name the model in their title.

    Django's Russian catalogue puts straight double quotes around the model name
    («Изменить выбранный объект типа "персона"») and the admin's related_widget_wrapper.html
    prints it inside title="…" unescaped: the title ends at «типа » and «персона""» becomes a
    stray attribute. Screen readers and tooltips then say only «Изменить выбранный объект типа».
    """
    log_in(session, editor)
    session.goto("/admin/articles/article/add/")
    links = session.page.locator("#content a.related-widget-wrapper-link")
    assert links.count() > 0
    broken = links.evaluate_all(
        """links => links
            .filter(a => a.getAttributeNames().some(name => name.includes('"'))
                         || !/типа\\s+\\S/.test(a.getAttribute('title') || ''))
            .map(a => `#${a.id}: title=${JSON.stringify(a.getAttribute('title'))}, stray `
                      + `attributes ${JSON.stringify(a.getAttributeNames().filter(
                            name => name.includes('"')))}`)"""
    )
    assert not broken, "related-widget links with a cut title:\n" + "\n".join(broken)


def test_enter_in_the_title_saves_the_draft_and_never_submits_it(session, page, site_db):
    """Issue 13, item 2: Enter used to press «Отправить на проверку», the form's first button."""
    from pressoffice.roles import AUTHORS
    from tests.factories import ArticleFactory

    author = staff_member(AUTHORS, username="author-e2e")
    draft = ArticleFactory(title="Черновик для Enter", author=author,
                           status=Article.Status.DRAFT, published_at=None)  # fmt: skip
    log_in(session, author)
    session.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.fill("#id_title", "Черновик для Enter, исправлен")
    with page.expect_navigation():
        page.press("#id_title", "Enter")
    screenshots(page, "admin-enter-saves")
    draft.refresh_from_db()
    assert draft.title == "Черновик для Enter, исправлен"
    assert draft.status == Article.Status.DRAFT


def test_a_chosen_cover_survives_a_form_error(session, page, editor, tmp_path):
    """Issue 13, item 3: the file input comes back empty after an error; the file does not."""
    from PIL import Image

    from tests.factories import ArticleFactory

    article = ArticleFactory(title="Новость, которой нужно фото")
    cover = tmp_path / "zavod.jpg"
    Image.new("RGB", (1600, 900), "steelblue").save(cover, "JPEG")
    log_in(session, editor)
    session.goto(f"/admin/articles/article/{article.pk}/change/")
    page.set_input_files("#id_cover", str(cover))
    with page.expect_navigation():
        page.click("input[name=_continue]")
    assert page.locator(".errornote").count() == 1
    assert "«zavod.jpg» сохранён" in page.locator(".field-cover").inner_text()
    screenshots(page, "admin-cover-kept")
    page.fill("#id_cover_alt", "Цех завода с новыми станками")
    page.fill("#id_cover_caption", "Новый цех")
    page.fill("#id_cover_credit", "Пресс-служба")
    with page.expect_navigation():
        page.click("input[name=_continue]")
    article.refresh_from_db()
    assert article.cover and article.cover_alt == "Цех завода с новыми станками"


def test_an_article_on_review_reads_as_an_article_for_its_author(session, page, site_db):
    """Issue 13, item 4: no raw HTML, no «Блок: Текст» headers, no help for locked fields."""
    from pressoffice.roles import AUTHORS
    from tests.factories import ArticleFactory, QuoteBlockFactory, TextBlockFactory

    author = staff_member(AUTHORS, username="author-review")
    article = ArticleFactory(title="Центры поддержки откроются в пяти районах", author=author,
                             status=Article.Status.REVIEW, published_at=None)  # fmt: skip
    TextBlockFactory(article=article, position=10,
                     text="<p>Центры будут работать <strong>круглый год</strong>.</p>")  # fmt: skip
    QuoteBlockFactory(article=article, position=20, person_title="Губернатор Тульской области",
                      quote="Мы начнём весной и закончим к осени.")  # fmt: skip
    log_in(session, author)
    session.goto(f"/admin/articles/article/{article.pk}/change/")
    body = page.locator(".read-only-body")
    assert "круглый год" in body.inner_text()
    assert "<p>" not in body.inner_text()
    assert page.locator("text=Забрать с проверки").count() == 1
    screenshots(page, "admin-article-read-only")


def test_blocks_are_reordered_by_dragging_and_by_keyboard(session, page, editor):
    """Issue 13, item 13: «Порядок» number fields gave way to dragging a block by its header
    and to «Выше»/«Ниже» buttons; a moved CKEditor keeps its text."""
    from tests.factories import ArticleFactory, TextBlockFactory

    article = ArticleFactory(title="Порядок блоков", status=Article.Status.DRAFT,
                             published_at=None, author=editor)  # fmt: skip
    one, two, three = (
        TextBlockFactory(article=article, position=n * 10, text=f"<p>Абзац {word}.</p>")
        for n, word in ((1, "первый"), (2, "второй"), (3, "третий"))
    )
    log_in(session, editor)
    session.goto(f"/admin/articles/article/{article.pk}/change/")
    rows = [page.locator(f"#blocks-{i}") for i in range(3)]
    for row in rows:
        editor_frame(page, row)
    assert rows[0].get_by_role("button", name=re.compile("выше")).is_disabled()

    page.set_viewport_size({"width": 1366, "height": 2400})  # both headers on screen at once
    rows[2].locator("h3").drag_to(rows[0].locator("h3"))  # третий → first
    editor_frame(page, rows[2])
    assert "Абзац третий." in ckeditor_data(page, textarea_id(rows[2]))
    down = rows[0].get_by_role("button", name=re.compile("ниже"))
    down.focus()
    page.keyboard.press("Enter")  # первый ↓: третий, второй, первый
    # Now last, it cannot go lower: the focus stays on the block, on its «Выше».
    assert page.evaluate("document.activeElement.className") == "block-up"
    screenshots(page, "admin-blocks-reordered")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/"))
    assert page.locator(".errornote").count() == 0, page.locator("#content").inner_text()

    assert [b.pk for b in article.blocks.order_by("position")] == [three.pk, two.pk, one.pk]
    assert article.blocks.get(pk=three.pk).text == "<p>Абзац третий.</p>"
    assert not session.console_errors, session.console_errors
