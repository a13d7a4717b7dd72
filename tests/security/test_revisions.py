"""The reproductions of the review: django-reversion's restore and recover views and
reversion-compare's compare view, as an author and a moderator would use them."""

import datetime

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Block
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
from tests.factories import ArticleFactory, TextBlockFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def staff(db):
    return {
        "author": staff_member(AUTHORS, username="author"),
        "colleague": staff_member(AUTHORS, username="colleague"),
        "editor": staff_member(EDITORS, username="editor"),
        "moderator": staff_member(MODERATORS, username="moderator"),
    }


def revised(article, by, **fields):
    """Save ``article`` with ``fields`` in a revision of its own, as the admin does."""
    with reversion.create_revision():
        reversion.set_user(by)
        for name, value in fields.items():
            setattr(article, name, value)
        article.save()
        for block in article.blocks.all():
            block.save()
    return Version.objects.get_for_object(article).order_by("-pk").first()


def draft_of(owner, title):
    article = ArticleFactory(title=title, author=owner, status=Status.DRAFT, published_at=None)
    TextBlockFactory(article=article, text=f"<p>{title}: первый абзац</p>")
    return article


def test_author_cannot_restore_a_colleagues_draft(staff):
    article = draft_of(staff["colleague"], "Черновик коллеги")
    old = revised(article, staff["colleague"])
    revised(article, staff["colleague"], title="Черновик коллеги, правка")
    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    response = client_for(staff["author"]).post(url, {})
    assert response.status_code in (403, 404)
    article.refresh_from_db()
    assert article.title == "Черновик коллеги, правка"


def test_author_cannot_reschedule_a_withdrawn_article_by_restoring_a_version(staff):
    article = draft_of(staff["editor"], "Материал под эмбарго")
    future = timezone.now() + datetime.timedelta(days=3)
    scheduled = revised(article, staff["editor"], status=Status.PUBLISHED, published_at=future,
                        editor=staff["editor"])  # fmt: skip
    revised(article, staff["editor"], status=Status.WITHDRAWN, withdrawn_reason="Отменено")
    url = reverse("admin:articles_article_revision", args=[article.pk, scheduled.pk])
    response = client_for(staff["author"]).post(url, {})
    assert response.status_code in (403, 404)
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN


def test_author_cannot_restore_a_revision_that_holds_another_article(staff):
    """A bulk action saves several articles in one revision; writing it back would move them
    all, the colleague's included."""
    mine = draft_of(staff["author"], "Мой черновик")
    theirs = draft_of(staff["colleague"], "Чужой черновик")
    with reversion.create_revision():
        reversion.set_user(staff["editor"])
        mine.save()
        theirs.save()
    shared = Version.objects.get_for_object(mine).get()
    revised(theirs, staff["colleague"], title="Чужой черновик, правка")
    url = reverse("admin:articles_article_revision", args=[mine.pk, shared.pk])
    assert client_for(staff["author"]).post(url, {}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.title == "Чужой черновик, правка"


def test_author_still_restores_an_old_version_of_their_own_draft(staff):
    from tests.articles.helpers import form_for, rendered

    article = draft_of(staff["author"], "Мой черновик")
    old = revised(article, staff["author"])
    revised(article, staff["author"], title="Мой черновик, неудачная правка")
    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    author = client_for(staff["author"])
    page = author.get(url)
    assert page.status_code == 200
    article.refresh_from_db()
    block = article.blocks.get()
    form = form_for(article, title="Мой черновик", version_seen=rendered(page, "version_seen"),
                    **{"blocks-TOTAL_FORMS": "1", "blocks-INITIAL_FORMS": "1",
                       "blocks-0-id": str(block.pk), "blocks-0-article": str(article.pk),
                       "blocks-0-position": "10", "blocks-0-kind": "text",
                       "blocks-0-text": block.text})  # fmt: skip
    form.pop("status", None)
    form.pop("published_at", None)
    response = author.post(url, form)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Мой черновик"


def test_author_cannot_list_or_recover_deleted_articles(staff):
    article = draft_of(staff["editor"], "Удалённый редактором")
    revised(article, staff["editor"])
    version = Version.objects.get_for_object(article).get()
    article.delete()
    author = client_for(staff["author"])
    assert author.get(reverse("admin:articles_article_recoverlist")).status_code == 403
    response = author.post(reverse("admin:articles_article_recover", args=[version.pk]), {})
    assert response.status_code == 403
    assert not Article.objects.exists() and not Block.objects.exists()


def test_moderator_cannot_read_a_draft_through_compare(staff):
    article = draft_of(staff["author"], "Секретный черновик")
    first = revised(article, staff["author"])
    second = revised(article, staff["author"], lead="Лид под эмбарго до пятницы")
    url = reverse("admin:articles_article_compare", args=[article.pk])
    for who in ("moderator", "colleague"):
        response = client_for(staff[who]).get(
            url, {"version_id1": first.pk, "version_id2": second.pk}
        )
        assert response.status_code in (403, 404), who
        assert "эмбарго" not in response.content.decode()


def test_staff_cannot_learn_a_drafts_address_through_view_on_site(staff):
    from django.contrib.contenttypes.models import ContentType

    article = draft_of(staff["author"], "Отставка министра")
    content_type = ContentType.objects.get_for_model(Article)
    url = reverse("admin:view_on_site", args=[content_type.pk, article.pk])
    for who in ("moderator", "colleague"):
        response = client_for(staff[who]).get(url)
        assert response.status_code == 404, who
        assert "otstavka" not in response.get("Location", "")
    assert client_for(staff["author"]).get(url).status_code == 302
