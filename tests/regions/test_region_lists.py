"""The regions list (issue 17): the office's subject and its municipalities first, regions
without news hidden (their pages still answer), in fixed queries, fresh in the page cache; and
the admin's region picker with the office's regions first."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import workflow
from articles.models import Article
from regions.models import Region
from tests.factories import ArticleFactory, region, staff_member

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def listed(html):
    """The region links of the regions list, in order (the header's and footer's aside)."""
    content = html.split('<h1 class="page-title">')[1].split("</main>")[0]
    return [part.split('"')[0] for part in content.split('href="/regions/')[1:]]


# The regions list.


def test_list_leads_with_the_office_subject_and_its_municipalities(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PRESS_OFFICE_REGION = "RU-TUL"  # Tula's data on purpose
    ArticleFactory(regions=[region("ulyanovskaya-oblast")])
    ArticleFactory(regions=[region("schekinsky-rayon")])
    ArticleFactory(regions=[region("tula")])
    assert listed(page(client, "/regions/")) == [
        "tulskaya-oblast/",
        "tula/",  # the municipalities in their data file's order: the capital first
        "schekinsky-rayon/",
        "tsentralny-federalny-okrug/",
        "tulskaya-oblast/",
        "privolzhsky-federalny-okrug/",
        "ulyanovskaya-oblast/",
    ]


def test_list_hides_regions_without_news_but_their_pages_answer(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PRESS_OFFICE_REGION = "RU-TUL"
    ArticleFactory(regions=[region("ulyanovskaya-oblast")])
    ArticleFactory(regions=[region("aleksin")], status=Article.Status.DRAFT)
    future = timezone.now() + datetime.timedelta(days=1)
    ArticleFactory(regions=[region("efremov")], published_at=future)
    html = page(client, "/regions/")
    assert listed(html) == ["privolzhsky-federalny-okrug/", "ulyanovskaya-oblast/"]
    for slug in ("tulskaya-oblast", "aleksin", "efremov", "samarskaya-oblast"):
        assert "Материалов об этом регионе пока нет." in page(client, f"/regions/{slug}/")


def test_empty_list_says_so(client):
    assert "Новостей по регионам пока нет." in page(client, "/regions/")


def test_the_list_leads_with_ulyanovsk_oblast_by_default(client, settings):
    """The site is the Ulyanovsk oblast government's: its subject and municipalities lead."""
    settings.PAGE_CACHE_SECONDS = 0
    ArticleFactory(regions=[region("schekinsky-rayon")])
    ArticleFactory(regions=[region("baryshsky-rayon")])
    ArticleFactory(regions=[region("ulyanovsk")])
    html = page(client, "/regions/")
    assert listed(html) == [
        "ulyanovskaya-oblast/",
        "ulyanovsk/",  # the municipalities in their data file's order: the capital first
        "baryshsky-rayon/",
        "tsentralny-federalny-okrug/",
        "tulskaya-oblast/",  # Tula's municipalities are not listed: not the office's
        "privolzhsky-federalny-okrug/",
        "ulyanovskaya-oblast/",
    ]
    main = html.split("<main")[1]
    assert main.index("Ульяновская область") < main.index("Тульская область")


def test_the_office_is_one_setting(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.PRESS_OFFICE_REGION = "RU-TUL"
    ArticleFactory(regions=[region("ulyanovsk")])
    ArticleFactory(regions=[region("schekinsky-rayon")])
    assert listed(page(client, "/regions/"))[:3] == [
        "tulskaya-oblast/",  # the office's subject leads with its municipalities
        "schekinsky-rayon/",
        "tsentralny-federalny-okrug/",
    ]


def list_queries(client):
    with CaptureQueriesContext(connection) as captured:
        page(client, "/regions/")
    return len(captured)


def test_regions_list_runs_the_same_queries_with_one_and_many_regions(client, settings):
    """Guards the N+1 of the regions below each heading and of their news."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.PRESS_OFFICE_REGION = "RU-TUL"
    ArticleFactory(regions=[region("schekinsky-rayon")])
    one = list_queries(client)
    for municipality in Region.objects.municipalities().filter(parent=region("tulskaya-oblast")):
        ArticleFactory(regions=[municipality])
    for subject in Region.objects.subjects()[:30]:
        ArticleFactory(regions=[subject])
    html = page(client, "/regions/")
    assert len(listed(html)) == 1 + 26 + 8 + 30
    assert list_queries(client) == one <= 2


def test_municipality_page_runs_as_many_queries_as_a_subject_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(3):
        ArticleFactory(regions=[region("schekinsky-rayon")])
    with CaptureQueriesContext(connection) as municipality:
        page(client, "/regions/schekinsky-rayon/")
    with CaptureQueriesContext(connection) as subject:
        page(client, "/regions/tulskaya-oblast/")
    assert len(municipality) == len(subject) <= 5


# The page cache.


def test_publishing_the_first_article_of_a_region_shows_it_in_the_cached_list(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 3600
    draft = ArticleFactory(regions=[region("dimitrovgrad")], status=Article.Status.DRAFT)
    client.get("/regions/")
    assert "dimitrovgrad/" not in listed(client.get("/regions/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(draft, "publish", by=staff_member("Редакторы"))
    assert "dimitrovgrad/" in listed(page(client, "/regions/"))


def test_a_scheduled_article_shows_its_region_in_the_cached_list_when_its_time_comes(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 3600
    now = timezone.now()
    ArticleFactory(regions=[region("ulyanovskaya-oblast")])
    ArticleFactory(
        regions=[region("inzensky-rayon")], published_at=now + datetime.timedelta(hours=1)
    )
    with time_machine.travel(now, tick=False):
        client.get("/regions/")
        assert "inzensky-rayon/" not in listed(page(client, "/regions/"))
    with time_machine.travel(now + datetime.timedelta(hours=2), tick=False):
        assert "inzensky-rayon/" in listed(page(client, "/regions/"))


# The admin's region picker.


def test_article_region_picker_offers_the_office_subject_and_its_municipalities_first(
    editor_client,
):
    params = {"app_label": "articles", "model_name": "article", "field_name": "regions"}
    names = [
        item["text"] for item in editor_client.get("/admin/autocomplete/", params).json()["results"]
    ]
    # The first page (20): the subject, then its municipalities as in their data file.
    assert names[:3] == ["Ульяновская область", "Ульяновск", "Димитровград"]
    ulyanovsk = Region.objects.filter(slug="ulyanovskaya-oblast") | Region.objects.filter(
        parent__slug="ulyanovskaya-oblast", kind=Region.Kind.MUNICIPALITY
    )
    assert set(names) <= set(ulyanovsk.values_list("name", flat=True))
    found = editor_client.get("/admin/autocomplete/", {**params, "term": "Щёкин"}).json()
    assert [item["text"] for item in found["results"]] == ["Щёкинский район"]
