"""SQL-injection probes on every query parameter of the public pages and the admin lists:
never a 500, and the data are the same afterwards."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Topic
from comments.models import Comment
from people.models import Person
from pressoffice.roles import MODERATORS
from regions.models import Region
from tests.comments.helpers import approved_comment
from tests.factories import (
    ArticleFactory,
    QuoteBlockFactory,
    TopicFactory,
    client_for,
    region,
    staff_member,
)

pytestmark = pytest.mark.django_db

PROBES = [
    "' OR 1=1--",
    "' OR '1'='1",
    '" OR "1"="1',
    "1; DROP TABLE articles_article;--",
    "1' UNION SELECT username, password FROM pressoffice_user--",
    "%27",
    "%2527%20OR%201=1",
    "\u2019 OR 1=1--",  # a typographic apostrophe
    "\uff07 OR 1=1--",  # a fullwidth one
    "1 AND SLEEP(5)",
    "1' AND pg_sleep(5)--",
    "-1",
    "99999999999999999999999999",
    "0x7fffffff",
    "1e309",
    "null",
    "a\x00b",
    "\x00",
    "x" * 5000,
    "ж" * 3000,
    "\\",
    "'; --",
    "*",
    "%",
    "_",
    "$1",
    '{"$gt": ""}',
    "<>&\"'",
]


@pytest.fixture
def data():
    tula = region("tulskaya-oblast")
    topic = TopicFactory(name="Промышленность")
    article = ArticleFactory(title="Завод открыт", regions=[tula], topics=[topic])
    block = QuoteBlockFactory(article=article)
    approved_comment(article)
    return {"article": article, "region": tula, "topic": topic, "person": block.person}


def snapshot():
    return (
        list(Article.objects.order_by("pk").values_list("pk", "title", "status")),
        Topic.objects.count(),
        Person.objects.count(),
        Region.objects.count(),
        Comment.objects.count(),
    )


def probe(client, url, parameters, fixed=None):
    for name in parameters:
        for value in PROBES:
            response = client.get(url, {**(fixed or {}), name: value})
            assert response.status_code < 500, (url, name, value[:40], response.status_code)
            # Nothing the database would say about itself reaches the page.
            body = response.content.lower()
            for leak in (b"syntax error", b"sqlite3", b"psycopg", b"operationalerror",
                         b"programmingerror", b"traceback"):  # fmt: skip
                assert leak not in body, (url, name, value[:40], leak)


def test_public_query_parameters(client, data):
    before = snapshot()
    person, tula, topic = data["person"], data["region"], data["topic"]
    search_parameters = ["q", "region", "person", "topic", "date_from", "date_to", "page"]
    probe(client, reverse("discovery:search"), search_parameters)
    probe(client, reverse("discovery:search"), search_parameters[1:], fixed={"q": "завод"})
    for url in (
        reverse("articles:home"),
        reverse("articles:archive"),
        tula.get_absolute_url(),
        topic.get_absolute_url(),
        person.get_absolute_url(),
        reverse("people:person-list"),
        reverse("regions:region-list"),
        data["article"].get_absolute_url(),
    ):
        probe(client, url, ["page", "comments_page", "cpage", "comment", "report"])
    for url in (reverse("feeds:news-rss"), reverse("feeds:topic-atom", args=[topic.slug])):
        probe(client, url, ["page", "q"])
    month = f"articles-{timezone.localtime(data['article'].published_at):%Y-%m}"
    for url in (reverse("sitemap"), reverse("sitemap-section", args=[month])):
        probe(client, url, ["p"])
    assert snapshot() == before


def test_injection_in_path_segments_is_a_404(client, data):
    before = snapshot()
    for value in PROBES[:12]:
        for prefix in ("/news/", "/topics/", "/regions/", "/people/", "/feeds/people/"):
            response = client.get(prefix + value.replace("/", "%2F") + "/")
            assert response.status_code in {404, 301}, (prefix, value)
    assert snapshot() == before


def test_admin_changelist_parameters(editor_client, data):
    before = snapshot()
    lists = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_topic_changelist"),
        reverse("admin:people_person_changelist"),
        reverse("admin:regions_region_changelist"),
    ]
    parameters = ["q", "o", "p", "status__exact", "regions__id__exact", "topics__id__exact",
                  "published_at__gte", "published_at__year", "kind__exact", "parent__id__exact",
                  "all", "_to_field"]  # fmt: skip
    for url in lists:
        probe(editor_client, url, parameters)
    moderator = client_for(staff_member(MODERATORS, username="moderator-sqli"))
    probe(moderator, reverse("admin:comments_comment_changelist"),
          ["q", "o", "p", "status", "submit_date__gte"])  # fmt: skip
    probe(
        editor_client,
        reverse("admin:autocomplete"),
        ["term", "app_label", "model_name", "field_name"],
        fixed={"app_label": "articles", "model_name": "article", "field_name": "topics"},
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("admin:articles_article_changelist", "published_at"),
        ("admin:comments_moderationdecision_changelist", "created_at"),
    ],
)
def test_a_date_hierarchy_number_too_large_for_a_date_reloads_the_list(admin_client, url, field):
    """Django caught ValueError here but not OverflowError: ?published_at__year=10**25 was a
    500 (toolkit.guards.ChangelistGuard)."""
    for value in ("99999999999999999999999999", "1e309", "٢٠٢٦", "2026"):
        response = admin_client.get(reverse(url), {f"{field}__year": value})
        assert response.status_code in {200, 302}
    response = admin_client.get(
        reverse(url), {f"{field}__year": "2026", f"{field}__month": "9" * 30}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


ADMIN_LISTS = [
    "admin:articles_article_changelist",
    "admin:articles_topic_changelist",
    "admin:people_person_changelist",
    "admin:regions_region_changelist",
    "admin:comments_comment_changelist",
    "admin:comments_moderationdecision_changelist",
    "admin:comments_stopword_changelist",
    "admin:pressoffice_user_changelist",
]


@pytest.mark.parametrize("name", ADMIN_LISTS)
def test_a_nul_character_in_an_admin_list_parameter_reloads_the_list(admin_client, name):
    """PostgreSQL takes no NUL in a string: ?q=a%00b was a 500 from psycopg's ValueError
    (toolkit.guards.ChangelistGuard); on SQLite it must be refused the same way."""
    for parameter in ("q", "status__exact", "status", "o", "kind__exact"):
        response = admin_client.get(reverse(name), {parameter: "a\x00b"})
        assert response.status_code == 302, (name, parameter)
        assert response["Location"].endswith("?e=1")
    assert admin_client.get(reverse(name), {"q": "a"}).status_code in {200, 302}
