"""The editorial flow and who may do what, as the admin serves it."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block, SlugRedirect
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
from tests.articles.helpers import change_url, form_for, post_change, rendered
from tests.factories import ArticleFactory, TextBlockFactory, client_for, staff_member

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def people():
    return {
        "author": staff_member(AUTHORS, username="author"),
        "other_author": staff_member(AUTHORS, username="other"),
        "editor": staff_member(EDITORS, username="editor"),
        "moderator": staff_member(MODERATORS, username="moderator"),
        "anonymous": None,
    }


def status_of(article):
    article.refresh_from_db()
    return article.status


# The permission matrix: role × action → may the role do it?
MATRIX = {
    #                      author  other   editor  moderator anonymous
    "add":                (True,  True,   True,   False,    False),
    "change own draft":   (True,  False,  True,   False,    False),
    "submit":             (True,  False,  True,   False,    False),
    "publish":            (False, False,  True,   False,    False),
    "schedule":           (False, False,  True,   False,    False),
    "unpublish":          (False, False,  True,   False,    False),
    "return to author":   (False, False,  True,   False,    False),
    "change published":   (False, False,  True,   False,    False),
    "delete":             (False, False,  True,   False,    False),
    "manage people":      (False, False,  True,   False,    False),
    "manage regions":     (False, False,  True,   False,    False),
    "manage topics":      (False, False,  True,   False,    False),
    "moderate comments":  (False, False,  False,  True,     False),
}  # fmt: skip
ROLES = ["author", "other_author", "editor", "moderator", "anonymous"]
CASES = [(action, role, allowed[i]) for action, allowed in MATRIX.items()
         for i, role in enumerate(ROLES)]  # fmt: skip


def attempt(action, user, people):
    """Try ``action`` as ``user``; True when it took effect."""
    author = people["author"]
    draft = ArticleFactory(status=Status.DRAFT, published_at=None, author=author, title="Черновик")
    if action == "add":
        response = client_for(user).get(reverse("admin:articles_article_add"))
        return response.status_code == 200
    if action == "change own draft":
        post_change(user, draft, title="Черновик, исправлен")
        draft.refresh_from_db()
        return draft.title == "Черновик, исправлен"
    if action == "submit":
        post_change(user, draft, _submit="1")
        return status_of(draft) == Status.REVIEW
    if action in {"publish", "schedule"}:
        when = timezone.now() + datetime.timedelta(days=2 if action == "schedule" else -1)
        local = timezone.localtime(when)
        post_change(user, draft, _publish="1", published_at_0=f"{local:%d.%m.%Y}",
                    published_at_1=f"{local:%H:%M:%S}")  # fmt: skip
        draft.refresh_from_db()
        return draft.status == Status.PUBLISHED and draft.is_scheduled == (action == "schedule")
    published = ArticleFactory(author=author, title="Опубликован")
    if action == "unpublish":
        post_change(user, published, _unpublish="1", withdrawn_reason="Ошибка в данных")
        return status_of(published) == Status.WITHDRAWN
    if action == "return to author":
        Article.objects.filter(pk=draft.pk).update(status=Status.REVIEW)
        draft.refresh_from_db()
        post_change(user, draft, _return="1")
        return status_of(draft) == Status.DRAFT
    if action == "change published":
        post_change(user, published, title="Опубликован, исправлен")
        published.refresh_from_db()
        return published.title == "Опубликован, исправлен"
    if action == "delete":
        url = reverse("admin:articles_article_delete", args=[published.pk])
        client_for(user).post(url, {"post": "yes"})
        return not Article.objects.filter(pk=published.pk).exists()
    if action.startswith("manage "):
        model = {"people": "people_person", "regions": "regions_region",
                 "topics": "articles_topic"}[action.split()[1]]  # fmt: skip
        return client_for(user).get(reverse(f"admin:{model}_add")).status_code == 200
    if action == "moderate comments":
        response = client_for(user).get("/admin/comments/comment/?status=pending")
        return response.status_code == 200 and 'value="approve"' in response.content.decode()
    raise AssertionError(action)


@pytest.mark.parametrize(("action", "role", "allowed"), CASES)
def test_permission_matrix(people, action, role, allowed):
    assert attempt(action, people[role], people) is allowed


def test_author_cannot_see_other_authors_drafts_in_the_list(people):
    ArticleFactory(status=Status.DRAFT, published_at=None, author=people["other_author"],
                   title="Чужой черновик")  # fmt: skip
    ArticleFactory(status=Status.DRAFT, published_at=None, author=people["author"],
                   title="Свой черновик")  # fmt: skip
    html = client_for(people["author"]).get(reverse("admin:articles_article_changelist"))
    html = html.content.decode()
    assert "Свой черновик" in html and "Чужой черновик" not in html


def test_unpublish_without_a_reason_is_refused_and_changes_nothing(people):
    article = ArticleFactory()
    response = post_change(people["editor"], article, _unpublish="1", withdrawn_reason=" ")
    assert response.status_code == 200
    assert "Укажите причину снятия с публикации" in response.content.decode()
    assert status_of(article) == Status.PUBLISHED


def test_withdrawn_article_answers_410_with_the_reason(client, people):
    article = ArticleFactory(title="Ошибочная новость")
    post_change(people["editor"], article, _unpublish="1", withdrawn_reason="Данные уточняются")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "Материал снят с публикации" in html and "Данные уточняются" in html
    assert "Ошибочная новость" in html
    assert "Ошибочная новость" not in client.get("/").content.decode()


def test_republishing_clears_the_withdrawal(people):
    article = ArticleFactory()
    post_change(people["editor"], article, _unpublish="1", withdrawn_reason="Проверка")
    article.refresh_from_db()
    post_change(people["editor"], article, _publish="1")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.withdrawn_reason == ""
    assert article.is_public


def test_scheduled_article_appears_by_itself_when_its_time_comes(client, people):
    draft = ArticleFactory(status=Status.DRAFT, published_at=None, title="Завтрашняя новость")
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    post_change(people["editor"], draft, _publish="1", published_at_0=f"{when:%d.%m.%Y}",
                published_at_1="10:00:00")  # fmt: skip
    draft.refresh_from_db()
    assert client.get(draft.get_absolute_url()).status_code == 404
    changelist = client_for(people["editor"]).get(reverse("admin:articles_article_changelist"))
    assert ">запланирован</span>" in changelist.content.decode()
    assert f">{when:%d.%m.%Y} 10:00</time>" in changelist.content.decode()
    with time_machine.travel(draft.published_at + datetime.timedelta(minutes=1), tick=False):
        assert client.get(draft.get_absolute_url()).status_code == 200
        assert "Завтрашняя новость" in client.get("/").content.decode()


def test_preview_shows_drafts_to_staff_only_never_cached_and_noindex(client, people):
    draft = ArticleFactory(status=Status.DRAFT, published_at=None, title="Секретный черновик")
    TextBlockFactory(article=draft, text="<p>Текст черновика</p>")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_preview_url()).status_code == 302  # to the login page
    assert client_for(people["moderator"]).get(draft.get_preview_url()).status_code == 403
    response = client_for(people["editor"]).get(draft.get_preview_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Текст черновика" in html and "Предпросмотр" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    admin_html = client_for(people["editor"]).get(change_url(draft)).content.decode()
    assert draft.get_preview_url() in admin_html


def test_the_admin_list_and_the_preview_show_an_author_the_same_articles(people):
    """Who may see which articles is one rule (workflow.visible_to): the admin's list and the
    staff preview must not drift apart."""
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    own = ArticleFactory(status=Status.DRAFT, published_at=None, author=people["author"])
    colleagues = ArticleFactory(
        status=Status.DRAFT, published_at=None, author=people["other_author"]
    )
    embargoed = ArticleFactory(published_at=tomorrow, author=people["other_author"])
    public = ArticleFactory(author=people["other_author"])
    author = client_for(people["author"])
    listed = author.get(reverse("admin:articles_article_changelist")).context["cl"].result_list
    previewed = {
        article for article in (own, colleagues, embargoed, public)
        if author.get(article.get_preview_url()).status_code == 200
    }  # fmt: skip
    assert set(listed) == previewed == {own, public}
    editor = client_for(people["editor"])
    assert (
        len(editor.get(reverse("admin:articles_article_changelist")).context["cl"].result_list) == 4
    )
    assert editor.get(embargoed.get_preview_url()).status_code == 200


def test_second_save_of_a_stale_form_is_refused_and_shows_the_text_back(people):
    article = ArticleFactory(title="Исходный заголовок")
    stale = form_for(article)
    first = post_change(people["editor"], article, title="Правка первого редактора")
    assert first.status_code == 302
    second = client_for(people["editor"]).post(
        change_url(article), {**stale, "title": "Правка второго редактора"}
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert "Пока вы редактировали, материал сохранил другой сотрудник" in html
    assert 'value="Правка второго редактора"' in html
    article.refresh_from_db()
    assert article.title == "Правка первого редактора"


def test_changing_a_published_slug_redirects_the_old_address_forever(client, people):
    article = ArticleFactory(title="Новый мост")
    old_url = article.get_absolute_url()
    post_change(people["editor"], article, slug="novy-most-cherez-volgu")
    article.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/news/novy-most-cherez-volgu/"
    article.slug = "most-2026"
    article.save()
    assert client.get(old_url)["Location"] == "/news/most-2026/"
    assert SlugRedirect.objects.count() == 2


def test_draft_slug_changes_leave_no_redirect():
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    article.slug = "drugoy-adres"
    article.save()
    assert not SlugRedirect.objects.exists()


def test_every_save_keeps_a_revision_with_blocks_and_compare_and_restore_work(people):
    import reversion
    from reversion.models import Version

    editor = client_for(people["editor"])
    article = ArticleFactory(title="Первая версия")
    block = TextBlockFactory(article=article, text="<p>Старый абзац</p>")
    blocks = {
        "blocks-TOTAL_FORMS": "1", "blocks-INITIAL_FORMS": "1",
        "blocks-0-id": str(block.pk), "blocks-0-article": str(article.pk),
        "blocks-0-position": "10", "blocks-0-kind": "text",
    }  # fmt: skip
    post_change(people["editor"], article, **blocks, **{"blocks-0-text": "<p>Старый абзац</p>"})
    article.refresh_from_db()
    post_change(people["editor"], article, title="Вторая версия",
                **blocks, **{"blocks-0-text": "<p>Новый абзац</p>"})  # fmt: skip
    versions = Version.objects.get_for_object(article).order_by("pk")
    assert versions.count() == 2
    first, second = versions
    assert second.revision.user == people["editor"]
    assert Version.objects.get_for_object(Block.objects.get()).count() == 2

    compare = editor.get(
        reverse("admin:articles_article_compare", args=[article.pk]),
        {"version_id1": first.pk, "version_id2": second.pk},
    )
    assert compare.status_code == 200
    assert "Вторая версия" in compare.content.decode()
    assert "Восстановить эту версию" in compare.content.decode()  # our locale/ru

    article.refresh_from_db()
    stale = form_for(article, **blocks, **{"blocks-0-text": "<p>Новый абзац</p>"})
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])
    page = editor.get(revision_url)
    assert page.status_code == 200
    article.refresh_from_db()
    form = form_for(article, **blocks, **{"blocks-0-text": "<p>Старый абзац</p>"},
                    title="Первая версия",
                    version_seen=rendered(page, "version_seen"))  # fmt: skip
    response = editor.post(revision_url, form)
    errors = response.context and response.context["adminform"].form.errors
    assert response.status_code == 302, errors
    article.refresh_from_db()
    assert article.title == "Первая версия"
    assert Block.objects.get().text == "<p>Старый абзац</p>"
    assert reversion.is_registered(Block)
    # A form opened before the restore is stale now, although the row was written back.
    late = editor.post(change_url(article), {**stale, "title": "Поздняя правка"})
    assert "Пока вы редактировали" in late.content.decode()


def test_deleted_article_can_be_recovered(people):
    from reversion.models import Version

    editor = client_for(people["editor"])
    article = ArticleFactory(title="Удалённый материал")
    post_change(people["editor"], article)  # a revision to recover from
    editor.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.exists()
    deleted = Version.objects.get_deleted(Article).get()
    recover_list = editor.get(reverse("admin:articles_article_recoverlist"))
    assert "Удалённый материал" in recover_list.content.decode()
    url = reverse("admin:articles_article_recover", args=[deleted.pk])
    page = editor.get(url)
    assert page.status_code == 200
    form = form_for(article, version_seen=rendered(page, "version_seen"))
    editor.post(url, form)
    assert Article.objects.get().title == "Удалённый материал"


def test_bulk_actions_publish_unpublish_and_report(people):
    editor = client_for(people["editor"])
    drafts = [ArticleFactory(status=Status.REVIEW, published_at=None) for _ in range(3)]
    url = reverse("admin:articles_article_changelist")
    response = editor.post(url, {"action": "publish", "_selected_action": [a.pk for a in drafts]},
                           follow=True)  # fmt: skip
    assert "Опубликовано материалов: 3." in response.content.decode()
    assert all(status_of(a) == Status.PUBLISHED for a in drafts)
    response = editor.post(url, {"action": "unpublish", "reason": "",
                                 "_selected_action": [drafts[0].pk]}, follow=True)  # fmt: skip
    assert "Укажите причину снятия" in response.content.decode()
    assert status_of(drafts[0]) == Status.PUBLISHED
    editor.post(url, {"action": "unpublish", "reason": "Дубль",
                      "_selected_action": [drafts[0].pk]})  # fmt: skip
    assert status_of(drafts[0]) == Status.WITHDRAWN


def test_a_draft_cannot_take_over_a_published_articles_old_address(client, people):
    """An author who gives a draft the old slug of a published article neither deletes that
    article's redirect nor, once the draft is published, leads old links to the draft."""
    article = ArticleFactory(title="Новый мост")
    old_url = article.get_absolute_url()
    post_change(people["editor"], article, slug="novy-most-cherez-volgu")
    draft = ArticleFactory(title="Чужой черновик", author=people["author"],
                           status=Status.DRAFT, published_at=None)  # fmt: skip
    response = post_change(people["author"], draft, slug="novy-most")
    assert response.status_code == 200
    assert "был прежним адресом материала «Новый мост»" in response.content.decode()
    draft.refresh_from_db()
    assert draft.slug != "novy-most"
    assert client.get(old_url)["Location"] == "/news/novy-most-cherez-volgu/"


def test_a_new_slug_made_from_a_title_skips_old_addresses(people):
    article = ArticleFactory(title="Новый мост")
    article.slug = "novy-most-cherez-volgu"
    article.save()
    same_title = ArticleFactory(title="Новый мост", status=Status.DRAFT, published_at=None)
    assert same_title.slug == "novy-most-2"
    assert SlugRedirect.objects.get(old_slug="novy-most").article == article


def test_the_first_submit_button_of_the_article_form_saves(people):
    """Enter in a field submits with the form's first submit button: it must be «Сохранить»,
    never «Отправить на проверку» (issue 13, item 2)."""
    import lxml.html

    for role in ("author", "editor"):
        article = ArticleFactory(author=people["author"], status=Status.DRAFT, published_at=None)
        page = client_for(people[role]).get(change_url(article))
        form = lxml.html.fromstring(page.content).get_element_by_id("article_form")
        first = form.xpath(".//input[@type='submit'] | .//button[not(@type) or @type='submit']")[0]
        assert first.get("name") == "_save", role


def test_an_author_takes_back_a_submission_nobody_has_reviewed(people):
    import reversion

    article = ArticleFactory(author=people["author"], status=Status.DRAFT, published_at=None)
    author = client_for(people["author"])
    with reversion.create_revision():
        reversion.set_user(people["author"])
        article.status = Status.REVIEW
        article.save()
    page = author.get(change_url(article)).content.decode()
    assert "Забрать с проверки" in page
    recall = reverse("admin:articles_article_recall", args=[article.pk])
    assert author.post(recall).status_code == 302
    assert status_of(article) == Status.DRAFT


def test_a_submission_an_editor_has_saved_stays_on_review(people):
    import reversion

    article = ArticleFactory(author=people["author"], status=Status.REVIEW, published_at=None)
    with reversion.create_revision():
        reversion.set_user(people["editor"])
        article.lead = "Лид, поправленный редактором."
        article.save()
    author = client_for(people["author"])
    assert "Забрать с проверки" not in author.get(change_url(article)).content.decode()
    recall = reverse("admin:articles_article_recall", args=[article.pk])
    assert author.post(recall).status_code == 403
    assert client_for(people["other_author"]).post(recall).status_code in (403, 404)
    assert status_of(article) == Status.REVIEW
