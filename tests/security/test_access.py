"""Drafts, articles on review, scheduled and withdrawn ones reach nobody without the right:
not by address, preview, feed, sitemap, search or any list; the admin needs staff."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from pressoffice.roles import AUTHORS, EDITORS, MODERATORS
from tests.factories import (
    ArticleFactory,
    QuoteBlockFactory,
    TopicFactory,
    UserFactory,
    client_for,
    region,
    staff_member,
)

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.fixture
def hidden(db):
    """One article in each state readers must not see, each with a marker in its title, all
    tagged and quoting like the visible one, so every list could show them."""
    owner = staff_member(AUTHORS, username="author-owner")
    tula, topic = region("tulskaya-oblast"), TopicFactory(name="Тема доступа")
    visible = ArticleFactory(title="Видимая новость hiddenvisible", regions=[tula],
                             topics=[topic])  # fmt: skip
    person = QuoteBlockFactory(article=visible).person
    future = timezone.now() + datetime.timedelta(days=2)
    states = {
        "hiddendraft": {"status": Status.DRAFT, "published_at": None},
        "hiddenreview": {"status": Status.REVIEW, "published_at": None},
        "hiddenscheduled": {"status": Status.PUBLISHED, "published_at": future},
        "hiddenwithdrawn": {"status": Status.WITHDRAWN, "withdrawn_reason": "Ошибка"},
    }
    articles = {}
    for marker, fields in states.items():
        article = ArticleFactory(title=f"Скрытая новость {marker}", lead=f"Лид {marker}",
                                 author=owner, regions=[tula], topics=[topic],
                                 **fields)  # fmt: skip
        QuoteBlockFactory(article=article, person=person, quote=f"Слова {marker}")
        articles[marker] = article
    return {"articles": articles, "region": tula, "topic": topic, "person": person,
            "owner": owner, "visible": visible}  # fmt: skip


def public_addresses(data):
    slugs = {"region": data["region"].slug, "topic": data["topic"].slug,
             "person": data["person"].slug}  # fmt: skip
    now = timezone.localtime()
    addresses = [
        reverse("articles:home"),
        reverse("articles:archive"),
        reverse("articles:archive-year", args=[now.year]),
        reverse("articles:archive-month", args=[now.year, now.month]),
        reverse("regions:region-detail", args=[slugs["region"]]),
        reverse("articles:topic-detail", args=[slugs["topic"]]),
        reverse("people:person-detail", args=[slugs["person"]]),
        reverse("people:person-list"),
        reverse("regions:region-list"),
        reverse("sitemap"),
        *[
            reverse("sitemap-section", args=[section])
            for section in ("static", "regions", "people", "topics", "news")
        ],  # fmt: skip
        # Each month any of these articles is dated in, published or not.
        *[
            reverse("sitemap-section", args=[f"articles-{timezone.localtime(moment):%Y-%m}"])
            for moment in {a.published_at for a in data["articles"].values()} - {None}
            | {data["visible"].published_at}
        ],
    ]
    addresses += [reverse("feeds:yandex"), reverse("feeds:zen")]
    for kind in ("rss", "atom"):
        addresses.append(reverse(f"feeds:news-{kind}"))
        for name in ("region", "topic", "person"):
            addresses.append(reverse(f"feeds:{name}-{kind}", args=[slugs[name]]))
    for query in ("Скрытая", "новость", "hidden", "Слова", "Лид"):
        addresses.append(reverse("discovery:search") + f"?q={query}")
    addresses.append(reverse("discovery:search") + f"?region={slugs['region']}")
    addresses.append(reverse("discovery:search") + f"?person={slugs['person']}")
    return addresses


def test_hidden_articles_are_in_no_public_page_feed_sitemap_or_search(client, hidden):
    shown_somewhere = False
    for address in public_addresses(hidden):
        response = client.get(address)
        assert response.status_code in {200, 404}, address
        body = response.content.decode()
        shown_somewhere |= "hiddenvisible" in body
        for marker, article in hidden["articles"].items():
            assert marker not in body, (address, marker)
            assert article.slug not in body, (address, marker)
    assert shown_somewhere  # the lists did show the visible article


@pytest.mark.parametrize("who", ["anonymous", "reader", "other-author", "moderator"])
def test_hidden_articles_and_their_previews_are_closed_without_rights(hidden, who):
    user = {
        "anonymous": None,
        "reader": UserFactory(username="reader-access"),
        "other-author": staff_member(AUTHORS, username="author-other"),
        "moderator": staff_member(MODERATORS, username="moderator-access"),
    }[who]
    client = client_for(user)
    for marker, article in hidden["articles"].items():
        page = client.get(reverse("articles:article-detail", args=[article.slug]))
        expected = 410 if article.status == Status.WITHDRAWN else 404
        assert page.status_code == expected, (who, marker)
        if expected == 410:
            assert "Слова" not in page.content.decode()  # the body is gone with it
        preview = client.get(reverse("articles:article-preview", args=[article.pk]))
        assert preview.status_code in {302, 403, 404}, (who, marker, preview.status_code)
        assert marker not in preview.content.decode()
        comment = client.post(reverse("comments:comment-post", args=[article.slug]), {})
        assert comment.status_code in {403, 404, 410}, (who, marker)
        admin_page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        assert admin_page.status_code in {302, 403, 404}, (who, marker)
        assert marker not in admin_page.content.decode()


def test_the_author_and_editors_may_preview(hidden):
    owner, editor = client_for(hidden["owner"]), client_for(staff_member(EDITORS, username="ed"))
    for marker, article in hidden["articles"].items():
        for client in (owner, editor):
            response = client.get(reverse("articles:article-preview", args=[article.pk]))
            assert response.status_code == 200, marker
            assert marker in response.content.decode()
            assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_admin_pages_need_staff(hidden):
    reader = client_for(UserFactory(username="reader-admin", is_staff=False))
    for name in ("admin:index", "admin:articles_article_changelist", "admin:people_person_add",
                 "admin:comments_comment_changelist", "admin:articles_article_paste"):  # fmt: skip
        for client in (client_for(None), reader):
            response = client.get(reverse(name))
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("admin:login"))


def test_moderators_reach_no_article_in_the_admin(hidden):
    moderator = client_for(staff_member(MODERATORS, username="moderator-admin"))
    assert moderator.get(reverse("admin:articles_article_changelist")).status_code == 403
    article = hidden["articles"]["hiddendraft"]
    assert moderator.get(reverse("admin:articles_article_change", args=[article.pk])).status_code \
        in {302, 403}  # fmt: skip
