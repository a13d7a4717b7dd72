"""An editor tags a story with a municipality in the admin's region picker; a reader finds it
on the regions list, led by the office's subject, and on the municipality's page (issue 17)."""

import pytest

from pressoffice.roles import EDITORS
from tests.e2e.conftest import log_in, screenshots
from tests.e2e.helpers import AXE_OPTIONS, describe
from tests.factories import ArticleFactory, region, staff_member

pytestmark = pytest.mark.e2e


def test_editor_tags_a_municipality_and_readers_find_it(open_session, site_db, axe):
    article = ArticleFactory(title="В Барыше открыли новый сквер", regions=[])
    ArticleFactory(title="Ульяновск принимает форум", regions=[region("ulyanovskaya-oblast")])
    ArticleFactory(title="Димитровград готовится к юбилею", regions=[region("dimitrovgrad")])
    ArticleFactory(title="Алексин готовится к юбилею", regions=[region("aleksin")])
    editor = open_session()
    log_in(editor, staff_member(EDITORS))
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    page = editor.page
    # The picker (select2 autocomplete) opens on the office's subject and its municipalities.
    page.click("#id_regions + .select2 .select2-selection")
    # not select2's «Поиск…» while the results load
    first = page.locator(".select2-results__option:not(.loading-results)").first
    first.wait_for()
    assert first.inner_text() == "Ульяновская область"
    screenshots(page, "admin-region-picker")
    page.keyboard.type("Барыш")
    option = page.locator(".select2-results__option", has_text="Барышский район")
    option.click()
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/articles/article/")
    assert list(article.regions.values_list("slug", flat=True)) == ["baryshsky-rayon"]

    reader = open_session()
    reader.goto("/regions/")
    headings = reader.page.locator("main h2").all_inner_texts()
    assert headings[0] == "Ульяновская область"
    listed = reader.page.locator(".district--office li").all_inner_texts()
    assert listed == ["Димитровград", "Барышский район"]  # only those with news, data file order
    assert reader.page.locator("main a", has_text="Самарская область").count() == 0
    violations = axe.run(reader.page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    screenshots(reader.page, "regions-list")
    reader.page.click("text=Барышский район")
    reader.page.wait_for_url("**/regions/baryshsky-rayon/")
    assert reader.page.locator("h1").inner_text() == "Новости Барышского района"
    assert reader.page.locator("main a", has_text=article.title).count() == 1
    violations = axe.run(reader.page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
    screenshots(reader.page, "municipality-page")
    assert reader.outside_requests() == []
