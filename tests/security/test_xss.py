"""An XSS corpus through every input that reaches a page: readers' comments and searches, what
staff type in the admin (titles, leads, rich text, quotes, captions, names) and slugs. Pages
are parsed; a payload must never become an element, an attribute, a handler or a script."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Block
from comments.models import Comment, ModerationDecision
from comments.moderation import decide
from pressoffice.roles import MODERATORS
from regions.models import Region
from tests.admin.helpers import article_form, inline_management
from tests.comments.helpers import approved_comment, form_data
from tests.factories import (
    ArticleFactory,
    CoveredArticleFactory,
    PersonFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TopicFactory,
    client_for,
    region,
    staff_member,
)

from .markup import assert_safe, assert_safe_feed, injected, payloads

pytestmark = pytest.mark.django_db

PAYLOADS = payloads()
MARKERS = [marker for marker, _ in PAYLOADS]


@pytest.fixture
def quick_readers(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_REFUSED_RATE = "1000/m"  # 23 payloads refused from one address, on purpose
    settings.COMMENTS_RATE = "1000/m"


def public_pages(article):
    """Every public page that shows ``article``, its lists and its feeds."""
    pages = [
        article.get_absolute_url(),
        reverse("articles:home"),
        reverse("articles:archive"),
        reverse("discovery:search") + "?q=xss",
    ]
    local = timezone.localtime(article.published_at)
    pages.append(reverse("articles:archive-month", args=[local.year, local.month]))
    return pages


def test_comments_posted_through_the_form_are_inert_on_the_article_page(client, quick_readers):
    article = ArticleFactory(title="Обсуждение")
    url = reverse("comments:comment-post", kwargs={"slug": article.slug})
    for marker, payload in PAYLOADS:
        data = form_data(
            article, name=f"{marker}{payload}"[:50], comment=payload,
            email=f"{marker}@example.ru",
        )  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Comment.objects.count() == len(PAYLOADS)
    moderator = staff_member(MODERATORS, username="moderator-xss")
    decide(Comment.objects.all(), action=ModerationDecision.Action.APPROVE, moderator=moderator)
    assert_safe(client.get(article.get_absolute_url()), *MARKERS)
    for comment in Comment.objects.all()[:5]:
        assert_safe(client.get(reverse("comments:comment-report", args=[comment.pk])))
    queue = client_for(moderator)
    assert_safe(queue.get("/admin/comments/comment/?status=approved"), *MARKERS)
    comment = Comment.objects.first()
    assert_safe(queue.get(reverse("admin:comments_comment_change", args=[comment.pk])))


def test_a_refused_comment_shown_back_in_the_form_is_inert(client, quick_readers):
    article = ArticleFactory()
    url = reverse("comments:comment-post", kwargs={"slug": article.slug})
    for marker, payload in PAYLOADS:
        # No consent: the form comes back with what the reader typed in its fields.
        data = form_data(article, name=f"{marker}{payload}"[:50], comment=payload,
                         email=f"{marker}@example.ru", consent=None)  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 400
        assert_safe(response, marker)
    assert not Comment.objects.exists()


def test_replies_to_a_payload_comment_are_inert(client, quick_readers):
    article = ArticleFactory()
    parent = approved_comment(article, user_name="<b onmouseover=alert(1)>xssparent</b>",
                              comment="<script>alert('xssparent')</script>")  # fmt: skip
    approved_comment(article, parent=parent, comment='"><svg onload=alert(1)>xssreply')
    assert_safe(client.get(article.get_absolute_url()), "xssparent", "xssreply")


def test_search_query_and_filters_are_echoed_inert(client):
    ArticleFactory(title="Новость для поиска xss")
    for marker, payload in PAYLOADS:
        response = client.get(reverse("discovery:search"), {"q": payload})
        assert_safe(response)
        for name in ("region", "person", "topic", "date_from", "date_to", "page"):
            response = client.get(reverse("discovery:search"), {"q": marker, name: payload})
            assert_safe(response, marker)


def post_article(client, marker, payload, **fields):
    """An article saved and published through the admin form, as an editor does."""
    data = article_form(title=f"{payload} {marker}", lead=f"{payload} {marker} лид",
                        **{**inline_management("blocks", 0), **fields})  # fmt: skip
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title=data["title"])
    article.published_at = timezone.now() - datetime.timedelta(minutes=5)
    article.save(update_fields=["published_at"])
    return article


def test_admin_title_and_lead_are_inert_on_public_pages_feeds_and_admin(editor_client, client):
    topic = TopicFactory(name="Тема xss")
    tula = region("tulskaya-oblast")
    articles = [
        post_article(editor_client, marker, payload, regions=[tula.pk], topics=[topic.pk])
        for marker, payload in PAYLOADS
    ]
    for article, (marker, _) in zip(articles, PAYLOADS, strict=True):
        assert_safe(client.get(article.get_absolute_url()), marker)
        assert_safe(editor_client.get(reverse("admin:articles_article_change",
                                              args=[article.pk])), marker)  # fmt: skip
        assert_safe(client.get(reverse("discovery:search"), {"q": marker}), marker)
    for url in public_pages(articles[0])[1:]:
        assert_safe(client.get(url))
    assert_safe(client.get(reverse("articles:home")), *MARKERS[-10:])
    assert_safe(editor_client.get(reverse("admin:articles_article_changelist")), *MARKERS[-10:])
    feeds = ["feeds:news-rss", "feeds:news-atom", "feeds:yandex", "feeds:zen"]
    for name in feeds:
        assert_safe_feed(client.get(reverse(name)), *MARKERS[-10:])
    for name, slug in [("feeds:topic-rss", topic.slug), ("feeds:region-atom", tula.slug)]:
        assert_safe_feed(client.get(reverse(name, args=[slug])))
    assert_safe(client.get(topic.get_absolute_url()), *MARKERS[-10:])
    assert_safe(client.get(tula.get_absolute_url()), *MARKERS[-10:])
    month = timezone.localtime(articles[0].published_at)
    sitemap = client.get(reverse("sitemap-section", args=[f"articles-{month:%Y-%m}"]))
    assert_safe_feed(sitemap)


def test_rich_text_from_the_admin_is_sanitized_before_it_reaches_the_page(editor_client, client):
    extra = [
        ("xssr1", '<p><a href="JaVaScRiPt:alert(1)">xssr1</a></p>'),
        ("xssr2", '<p><a href="java&#x09;script:alert(1)">xssr2</a></p>'),
        ("xssr3", '<p><img src="x" onerror="alert(1)" alt="xssr3">xssr3</p>'),
        ("xssr4", '<p><iframe src="//evil.example"></iframe>xssr4</p>'),
        ("xssr5", '<form action="//evil.example"><button>xssr5</button></form>'),
        ("xssr6", '<p style="background:url(javascript:alert(1))">xssr6</p>'),
        (
            "xssr7",
            '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">xssr7</a></p>',
        ),
        ("xssr8", '<svg><animate onbegin="alert(1)" attributeName="x"/></svg><p>xssr8</p>'),
        ("xssr9", '<p><img src="/media/x.jpg" alt=\'"><script>alert(1)</script>\'>xssr9</p>'),
    ]
    for marker, payload in [*PAYLOADS, *extra]:
        blocks = {
            **inline_management("blocks", 1),
            "blocks-0-position": "10", "blocks-0-kind": "text",
            "blocks-0-text": f"<p>{marker}</p>{payload}",
        }  # fmt: skip
        article = post_article(editor_client, marker, "Текст", **blocks)
        stored = article.blocks.get().text
        assert injected(f"<html><body>{stored}</body></html>") == [], stored
        assert_safe(client.get(article.get_absolute_url()), marker)
        assert_safe_feed(client.get(reverse("feeds:zen")), marker)  # the full text, as HTML
        assert_safe(client.get(reverse("admin:articles_article_change", args=[article.pk])))


def test_quote_text_title_and_person_names_are_inert(client):
    people = []
    for marker, payload in PAYLOADS:
        person = PersonFactory(last_name=f"{payload}"[:95], first_name=marker,
                               patronymic=payload[:100])  # fmt: skip
        article = ArticleFactory(title=f"Цитата {marker}")
        QuoteBlockFactory(article=article, person=person, quote=f"{payload} {marker}",
                          person_title=f"{payload}"[:250])  # fmt: skip
        people.append(person)
        assert_safe(client.get(article.get_absolute_url()), marker)
        assert_safe(client.get(person.get_absolute_url()), marker)
        feed = client.get(reverse("feeds:person-rss", args=[person.slug]))
        assert_safe_feed(feed, marker, channel=False)
        assert_safe_feed(client.get(reverse("feeds:news-rss")))
        assert_safe_feed(client.get(reverse("feeds:zen")), marker)
        assert_safe_feed(client.get(reverse("feeds:yandex")), marker)
    assert_safe(client.get(reverse("people:person-list")), *MARKERS)
    assert_safe(client.get(reverse("discovery:search")), *MARKERS)  # the «Кого цитируют» list
    editor = client_for(staff_member("Редакторы", username="editor-people"))
    assert_safe(editor.get(reverse("admin:people_person_changelist")), *MARKERS)
    assert_safe(editor.get(reverse("admin:people_person_change", args=[people[0].pk])))


def test_photo_alt_caption_and_credit_are_inert(client):
    for marker, payload in PAYLOADS:
        article = CoveredArticleFactory(
            title=f"Фото {marker}", cover_alt=payload[:250], cover_caption=f"{payload} {marker}",
            cover_credit=payload[:150],
        )  # fmt: skip
        PhotoFactory(article=article, alt=payload[:250], caption=f"{payload} {marker}c",
                     credit=payload[:150])  # fmt: skip
        assert_safe(client.get(article.get_absolute_url()), marker, f"{marker}c")
        assert_safe_feed(client.get(reverse("feeds:news-rss")))
        assert_safe_feed(client.get(reverse("feeds:news-atom")))
        assert_safe_feed(client.get(reverse("feeds:zen")), f"{marker}c")
    assert_safe(client.get(reverse("articles:home")))


def test_topic_and_region_names_are_inert(client):
    tula = region("tulskaya-oblast")
    for marker, payload in PAYLOADS:
        topic = TopicFactory(name=f"{payload}"[:90] + marker)
        Region.objects.filter(pk=tula.pk).update(
            name=f"{payload}"[:140] + marker, name_genitive=f"{payload} {marker}"[:150],
            short_name=payload[:20],
        )  # fmt: skip
        article = ArticleFactory(title=f"Рубрики {marker}", regions=[tula], topics=[topic])
        for url in (article.get_absolute_url(), topic.get_absolute_url(),
                    tula.get_absolute_url(), reverse("regions:region-list"),
                    reverse("discovery:search")):  # fmt: skip
            assert_safe(client.get(url), marker)
        for name, slug in (("feeds:topic-rss", topic.slug), ("feeds:region-atom", tula.slug)):
            assert_safe_feed(client.get(reverse(name, args=[slug])), marker, channel=False)


def test_withdrawal_reason_is_inert_on_the_gone_page(client):
    for marker, payload in PAYLOADS:
        article = ArticleFactory(title=f"Снят {marker}", status=Article.Status.WITHDRAWN,
                                 withdrawn_reason=f"{payload} {marker}")  # fmt: skip
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        assert_safe(response, marker)


def test_payload_slugs_are_refused_by_the_admin_and_unknown_slugs_answer_inert_404s(
    editor_client, client
):
    for marker, payload in PAYLOADS:
        data = article_form(title=f"Адрес {marker}", slug=payload,
                            **inline_management("blocks", 0))  # fmt: skip
        response = editor_client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 200  # the form again, with the slug's error
        assert_safe(response, marker)
        for prefix in ("/news/", "/topics/", "/regions/", "/people/", "/feeds/topics/"):
            assert_safe(client.get(f"{prefix}{payload}/"))
    assert not Article.objects.exists()


def test_block_kinds_render_only_what_the_sanitizer_kept(client):
    article = ArticleFactory()
    block = Block(article=article, position=10, text="<p>xssraw<script>alert(1)</script></p>")
    block.save()
    assert "script" not in Block.objects.get(pk=block.pk).text
    assert_safe(client.get(article.get_absolute_url()), "xssraw")


def test_channel_descriptions_of_subject_feeds_escape_names(client):
    person = PersonFactory(last_name="<script>alert('xssp')</script>")
    topic = TopicFactory(name="<img src=x onerror=alert('xsst')>")
    article = ArticleFactory(topics=[topic])
    QuoteBlockFactory(article=article, person=person)
    assert_safe_feed(client.get(reverse("feeds:person-rss", args=[person.slug])))
    assert_safe_feed(client.get(reverse("feeds:topic-rss", args=[topic.slug])))
