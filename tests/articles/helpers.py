"""Shared by the article tests: the admin's change form as a browser posts it, and «Вставить
текст» (paste) from preview to save."""

from pathlib import Path

from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import client_for


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_for(article, **extra):
    """The change form as the browser posts it, untouched."""
    data = {
        "title": article.title, "slug": article.slug, "lead": article.lead,
        "version_seen": article.updated_at.isoformat(),
        "published_at_0": "", "published_at_1": "", "comments_open": "on",
        "cover_alt": "", "cover_caption": "", "cover_credit": "", "withdrawn_reason": "",
        "blocks-TOTAL_FORMS": "0", "blocks-INITIAL_FORMS": "0",
        "blocks-MIN_NUM_FORMS": "0", "blocks-MAX_NUM_FORMS": "1000",
        "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = f"{local:%d.%m.%Y}"
        data["published_at_1"] = f"{local:%H:%M:%S}"
    data.update(extra)
    return data


def post_change(user, article, **extra):
    return client_for(user).post(change_url(article), form_for(article, **extra))


def rendered(response, field):
    """The value a rendered admin form holds for ``field``, as the browser would post it."""
    return response.context["adminform"].form[field].value()


SEED = (Path(__file__).parents[2] / "demo/seed-article.txt").read_text(encoding="utf-8")

PASTE_URL = "/admin/articles/article/paste/"


def preview(client, text=SEED, title="Ульяновская и Тульская области договорились"):
    return client.post(PASTE_URL, {"title": title, "text": text})


def save_data(response, **changes):
    """The preview form as the browser posts it, with what the editor changed."""
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return data


def paste_and_save(client, text=SEED, **changes):
    response = preview(client, text)
    assert response.status_code == 200, response.context["form"].errors
    saved = client.post(PASTE_URL, save_data(response, **changes))
    assert saved.status_code == 302
    return Article.objects.latest("pk"), saved
