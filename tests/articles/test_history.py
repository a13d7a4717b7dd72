"""History records what an editor changed and nothing else (issue 13, item 5)."""

import json

import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from reversion.models import Version

from tests.articles.helpers import post_change
from tests.factories import ArticleFactory, TextBlockFactory, client_for

pytestmark = pytest.mark.django_db


def block_rows(article):
    rows = {"blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0"}
    for index, block in enumerate(article.blocks.order_by("position")):
        rows.update({
            f"blocks-{index}-id": str(block.pk), f"blocks-{index}-article": str(article.pk),
            f"blocks-{index}-position": str(block.position), f"blocks-{index}-kind": "text",
            f"blocks-{index}-text": block.text,
        })  # fmt: skip
        rows["blocks-TOTAL_FORMS"] = rows["blocks-INITIAL_FORMS"] = str(index + 1)
    return rows


def test_editing_the_lead_logs_the_lead_only(editor):
    article = ArticleFactory(title="Новость с блоками")
    for position in (10, 20, 30):
        TextBlockFactory(article=article, position=position, text=f"<p>Абзац {position}</p>")
    response = post_change(editor, article, lead="Новый лид.", **block_rows(article))
    assert response.status_code == 302
    message = json.loads(LogEntry.objects.latest("pk").change_message)
    assert message == [{"changed": {"fields": ["Лид"]}}]


def test_compare_marks_no_change_in_an_untouched_publication_time(editor):
    article = ArticleFactory(title="Новость для сравнения")  # published_at has microseconds
    with reversion.create_revision():
        article.save()
    post_change(editor, article, lead="Второй лид.")
    article.refresh_from_db()
    post_change(editor, article, lead="Третий лид.")
    first, *_, last = Version.objects.get_for_object(article).order_by("pk")
    page = (
        client_for(editor)
        .get(
            reverse("admin:articles_article_compare", args=[article.pk]),
            {"version_id1": first.pk, "version_id2": last.pk},
        )
        .content.decode()
    )
    assert "лид" in page.lower()
    assert "время публикации" not in page.lower()
