"""«Вставить текст» in a browser (issue 14): an author pastes a story written the way other
press services write, sees what was recognised (each quote with its speaker, title and the
sentence it came from; the story's regions ticked, those named in passing not), and makes a
draft. Screenshots at 1366 and 375 px, axe-core with no violations."""

import pytest

from tests.e2e.conftest import log_in, screenshots
from tests.e2e.helpers import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

STORY = "\n".join(  # one paragraph a line, as pasted
    [
        "В Курске открыли новый корпус областной больницы",
        "Курск, 4 декабря. Губернатор Курской области Иван Петров открыл хирургический "
        "корпус областной больницы.",
        "«Теперь почти все операции можно сделать дома, в Курске», — отметил губернатор "
        "Курской области Иван Петров.",
        "Главный врач больницы Ольга Мишина провела экскурсию. – Раньше детей возили в "
        "Москву, – сказала она. – Теперь это в прошлом.",
        "Оборудование для корпуса собрано в Нижегородской области.",
    ]
)


def test_an_author_pastes_a_story_and_checks_what_was_recognised(open_session, site_db, axe):
    from articles.models import Article
    from pressoffice.roles import AUTHORS
    from tests.factories import staff_member

    author = staff_member(AUTHORS, username="author-paste")
    session = open_session()
    log_in(session, author)
    page = session.page
    session.goto("/admin/articles/article/paste/")
    page.fill("#id_title", "В Курске открыли новый корпус областной больницы")
    page.fill("#id_text", STORY)
    with page.expect_navigation():
        page.get_by_role("button", name="Показать, что распознано").click()

    quotes = page.locator(".paste-quote")
    assert quotes.count() == 2
    assert "Теперь почти все операции" in quotes.nth(0).inner_text()
    assert "Губернатор Курской области" in page.locator("#id_title_0").input_value()
    assert "Раньше детей возили в Москву" in quotes.nth(1).inner_text()
    assert "Главный врач больницы" in page.locator("#id_title_1").input_value()
    regions = page.locator("#id_regions input[type=checkbox]")
    ticked = {
        regions.nth(i).evaluate("box => box.labels[0].innerText.trim()"): regions.nth(
            i
        ).is_checked()
        for i in range(regions.count())
    }
    assert ticked["Курская область"] is True
    assert ticked["Нижегородская область"] is False
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    screenshots(page, "paste-preview")

    with page.expect_navigation():
        page.get_by_role("button", name="Создать черновик").click()
    article = Article.objects.get(title="В Курске открыли новый корпус областной больницы")
    assert [region.name for region in article.regions.order_by("name")][:1] == ["Курская область"]
    assert "Нижегородская область" not in {region.name for region in article.regions.all()}
    assert article.blocks.filter(kind="quote").count() == 2
