"""The office's own subject in depth (issue 17): its municipalities as regions, and their news
on their own pages and on those of the regions above them."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article
from regions.loading import MUNICIPALITIES_DIR, load_municipalities
from regions.models import Region
from tests.factories import ArticleFactory, region
from toolkit.text import slugify_ru

pytestmark = pytest.mark.django_db

TULA_FILE = MUNICIPALITIES_DIR / "RU-TUL.json"
TULA_DATA = json.loads(TULA_FILE.read_text(encoding="utf-8"))
ULY_DATA = json.loads((MUNICIPALITIES_DIR / "RU-ULY.json").read_text(encoding="utf-8"))


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


# The data.


def test_data_file_names_its_legal_source_date_and_uncertainty():
    assert TULA_DATA["subject"] == "RU-TUL"
    assert "section 70" in TULA_DATA["source"] and "Тульской области" in TULA_DATA["source"]
    datetime.date.fromisoformat(TULA_DATA["as_of"])
    assert "municipal okrugs" in TULA_DATA["uncertain"]
    forms = [row["form"] for row in TULA_DATA["municipalities"]]
    assert forms.count("городской округ") == 7
    assert forms.count("муниципальный район") == 19


def test_fresh_database_has_the_municipalities_of_every_subject_with_a_data_file():
    tula, ulyanovsk = region("tulskaya-oblast"), region("ulyanovskaya-oblast")
    municipalities = Region.objects.municipalities()
    assert municipalities.count() == 26 + 24
    assert set(municipalities.values_list("parent", flat=True)) == {tula.pk, ulyanovsk.pk}
    assert municipalities.filter(parent=tula).count() == 26
    schekino = region("schekinsky-rayon")
    assert (schekino.name, schekino.name_genitive) == ("Щёкинский район", "Щёкинского района")
    assert schekino.code is None
    # Districts and subjects are as they were: 8 and 89.
    assert Region.objects.districts().count() == 8
    assert Region.objects.subjects().count() == 89


def test_slugs_are_latin_transliterations_of_the_names():
    for row in TULA_DATA["municipalities"] + ULY_DATA["municipalities"]:
        assert row["slug"] == slugify_ru(row["name"])
        assert row["slug"].isascii()


def test_no_municipal_slug_or_name_is_another_region_s():
    """Loading updates by slug: a slug shared with a subject or another municipality would
    overwrite it."""
    subjects = json.loads((MUNICIPALITIES_DIR.parent / "regions.json").read_text("utf-8"))
    rows = TULA_DATA["municipalities"] + ULY_DATA["municipalities"]
    slugs = [row["slug"] for row in rows] + [row["slug"] for row in subjects]
    names = [row["name"] for row in rows] + [row["name"] for row in subjects]
    assert len(slugs) == len(set(slugs))
    assert len(names) == len(set(names))


def test_loading_again_changes_nothing():
    before = list(Region.objects.values_list("pk", "name", "slug", "parent", "position"))
    assert load_municipalities(Region) == 26 + 24
    assert list(Region.objects.values_list("pk", "name", "slug", "parent", "position")) == before


def test_a_municipality_needs_a_subject_above_it():
    with transaction.atomic(), pytest.raises(IntegrityError):
        Region.objects.create(name="Район без области", name_genitive="Района", slug="nowhere",
                              kind=Region.Kind.MUNICIPALITY)  # fmt: skip
    misplaced = Region(name="Район в округе", name_genitive="Района в округе", slug="misplaced",
                       kind=Region.Kind.MUNICIPALITY,
                       parent=region("tsentralny-federalny-okrug"))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        misplaced.full_clean()
    assert "субъект федерации" in str(error.value)


# Pages: a municipality's news is its subject's and its district's too.


def test_municipality_news_appears_on_its_subject_and_district_pages(client):
    article = ArticleFactory(regions=[region("schekinsky-rayon")])
    link = f'href="{article.get_absolute_url()}"'
    html = page(client, "/regions/schekinsky-rayon/")
    assert link in html
    assert "Новости Щёкинского района" in html
    assert 'href="/regions/tulskaya-oblast/"' in html.split("</nav>")[1]  # the breadcrumbs
    assert link in page(client, "/regions/tulskaya-oblast/")
    assert link in page(client, "/regions/tsentralny-federalny-okrug/")
    assert link not in page(client, "/regions/aleksin/")
    assert link not in page(client, "/regions/ulyanovskaya-oblast/")


def test_region_ids_reach_down_to_municipalities():
    tula, centre = region("tulskaya-oblast"), region("tsentralny-federalny-okrug")
    schekino = region("schekinsky-rayon")
    assert schekino.pk in tula.with_subjects()
    assert len(tula.with_subjects()) == 27
    assert {tula.pk, schekino.pk} <= set(centre.with_subjects())
    assert schekino.with_subjects() == [schekino.pk]
    for slug in ("tulskaya-oblast", "tsentralny-federalny-okrug", "schekinsky-rayon"):
        found, ids = Region.objects.named_with_those_below(slug)
        assert found.slug == slug and sorted(ids) == sorted(found.with_subjects())
    assert Region.objects.named_with_those_below("net-takogo") == (None, [])


def test_a_regions_articles_are_filtered_by_its_ids_not_a_subquery_of_regions():
    """PostgreSQL could not estimate the subquery of a region's children and grandchildren
    (a self-join with OR) and merged every tag of the archive: 132 ms for the region page at
    100,000 articles, 8 ms with the ids written into the query."""
    tula = region("tulskaya-oblast")
    sql = str(Article.objects.published().in_region(tula).query)
    assert "regions_region" not in sql
    assert f"IN ({', '.join(map(str, tula.with_subjects()))})" in sql


def test_subject_feed_and_search_include_its_municipalities(client):
    article = ArticleFactory(title="Школа открылась в Щёкине", regions=[region("schekinsky-rayon")])
    assert article.title in page(client, "/feeds/regions/tulskaya-oblast/rss/")
    ArticleFactory(title="Школа открылась в Ульяновске", regions=[region("ulyanovskaya-oblast")])
    for slug in ("tulskaya-oblast", "tsentralny-federalny-okrug", "schekinsky-rayon"):
        html = client.get("/search/", {"q": "школа", "region": slug}).content.decode()
        assert "Найдено: 1 материал" in html, slug
        assert f'href="{article.get_absolute_url()}"' in html, slug
    assert "Щёкинский район (Тульская область)" in html  # an option of the region filter


def test_sitemap_lists_a_municipality_with_news_and_the_regions_above_it(client):
    ArticleFactory(regions=[region("schekinsky-rayon")])
    xml = page(client, "/sitemap-regions.xml")
    for slug in ("schekinsky-rayon", "tulskaya-oblast", "tsentralny-federalny-okrug"):
        assert f"/regions/{slug}/</loc>" in xml
    assert "/regions/aleksin/</loc>" not in xml
