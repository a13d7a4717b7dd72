"""Query budgets: each public page type and each admin changelist runs a fixed number of
queries, whatever the number of articles, comments, people or rows it lists.

Two kinds of test. ``test_page_stays_within_its_budget`` renders every public page type with
many items and holds it to the ceiling in ``BUDGETS`` (one table for the whole site: the
article page with 200 comments, replies included, stays within 8). The tests named ``…_1_…``
render with one item and with 30 and assert the same count, for the pages no other module
covers: the region list, the fixed pages, the sitemaps and every admin changelist. The lists,
the article page, search and feeds have theirs beside their other tests (tests/articles/
test_views.py, test_pictures.py, tests/discovery/test_search.py, test_feeds.py,
tests/comments/test_journey.py).

The page cache is off here: a cached page runs no query and would prove nothing.
"""

import datetime
import itertools

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from mailer import send_mail as queue_mail

from comments.models import Comment, CommentReport, ModerationDecision, StopWord
from press.models import AccreditationRequest, Channel, Contact, OfficeHours
from regions.models import Region
from tests.comments.helpers import approved_comment
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    PersonFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db

SUBJECT = "ulyanovskaya-oblast"
DISTRICT = "privolzhsky-federalny-okrug"

# Page type → (address, most queries it may run with many items). Addresses name the first
# article, topic and person of ``newsroom``.
BUDGETS = {
    "home": ("/", 5),  # 4 for the news, 1 for the announcements (events/)
    "article with 200 comments": ("{article}", 8),
    "archive": ("/news/", 5),
    "archive year": ("/news/{year}/", 6),
    "archive month": ("/news/{year}/{month:02d}/", 8),
    "topic": ("/topics/{topic}/", 5),
    "region (subject)": (f"/regions/{SUBJECT}/", 5),
    "region (district)": (f"/regions/{DISTRICT}/", 6),
    "regions": ("/regions/", 2),
    "people": ("/people/", 3),
    "person": ("/people/{person}/", 7),
    "search": ("/search/?q=региона", 8),
    "search by region": (f"/search/?region={SUBJECT}", 7),
    "feed": ("/feeds/rss/", 4),
    "region feed": (f"/feeds/regions/{DISTRICT}/atom/", 6),
    "person feed": ("/feeds/people/{person}/rss/", 5),
    "topic feed": ("/feeds/topics/{topic}/atom/", 5),
    "yandex feed": ("/feeds/yandex/", 6),
    "zen feed": ("/feeds/zen/", 6),
    "sitemap index": ("/sitemap.xml", 5),
    "articles sitemap": ("/sitemap-articles-{year}-{month:02d}.xml", 3),
    "regions sitemap": ("/sitemap-regions.xml", 2),
    "people sitemap": ("/sitemap-people.xml", 2),
    "topics sitemap": ("/sitemap-topics.xml", 2),
    "news sitemap": ("/sitemap-news.xml", 1),
    "photo bank": ("/photobank/", 5),
    "photo bank by region": (f"/photobank/?region={DISTRICT}", 5),
    "events": ("/events/", 6),
    "region events": (f"/events/regions/{DISTRICT}/", 7),
    "events calendar": ("/events/calendar.ics", 3),
    "personal data": ("/personal-data/", 0),
    "for the media": ("/press/", 3),
    "accreditation form": ("/press/accreditation/", 0),
    "accreditation sent": ("/press/accreditation/sent/", 0),
    "robots.txt": ("/robots.txt", 0),
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


class Newsroom:
    """Published news of one subject of the district, on one topic, quoting one official."""

    def __init__(self):
        self.topic = TopicFactory(name="Промышленность")
        self.person = PersonFactory(last_name="Цитатов", first_name="Пётр")
        AppointmentFactory(person=self.person)
        self.articles = []

    def add(self, count):
        start = timezone.now() - datetime.timedelta(hours=1, minutes=len(self.articles))
        for number in range(count):
            article = ArticleFactory(
                published_at=start - datetime.timedelta(minutes=number),
                lead="Новости региона: главное в одном предложении.",
                regions=[region(SUBJECT)],
                topics=[self.topic, TopicFactory()],
            )
            TextBlockFactory(article=article)
            QuoteBlockFactory(article=article, person=self.person)
            PhotoFactory(article=article)  # the photo bank's, and the gallery's
            AppointmentFactory(person=PersonFactory(), starts_on=datetime.date(2020, 1, 1))
            approved_comment(article, comment="Мнение читателя.")
            self.articles.append(article)
        return self

    def url(self, template):
        now = timezone.localtime(self.articles[0].published_at)  # its month has news
        return template.format(
            article=self.articles[0].get_absolute_url(), year=now.year, month=now.month,
            topic=self.topic.slug, person=self.person.slug,
        )  # fmt: skip


def add_threads(article, *, threads):
    """``threads`` threads of 8 approved comments: a comment, three replies to it, four
    replies to those; every third comment by a registered reader."""
    users = [UserFactory(first_name="Пётр", last_name="Сидоров"), UserFactory()]
    counter = itertools.count(1)

    def add(parent=None):
        number = next(counter)
        user = users[number % 2] if number % 3 == 0 else None
        return approved_comment(article, parent=parent, user=user, comment=f"Мнение {number}")

    for _ in range(threads):
        root = add()
        first, second, third = add(root), add(root), add(root)
        for parent in (first, first, second, third):
            add(parent)


def queries_of(client, url, status=200):
    client.get(url)  # content types, the site and other per-process caches fill once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return queries


def listing(queries):
    return "\n".join(query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("page", BUDGETS)
def test_page_stays_within_its_budget(client, page):
    """Guards every N+1 a page type could grow: per article, quote, region, comment, reply."""
    newsroom = Newsroom().add(30)
    add_threads(newsroom.articles[0], threads=25)
    assert Comment.objects.approved().filter(object_pk=str(newsroom.articles[0].pk)).count() > 200
    template, budget = BUDGETS[page]
    queries = queries_of(client, newsroom.url(template))
    assert len(queries) <= budget, listing(queries)


FIXED_PAGES = [
    "regions",
    "personal data",
    "robots.txt",
    "sitemap index",
    "articles sitemap",
    "regions sitemap",
    "people sitemap",
    "topics sitemap",
    "news sitemap",
]


@pytest.mark.parametrize("page", FIXED_PAGES)
def test_page_runs_the_same_queries_with_1_and_30_articles(client, page):
    """Guards the N+1 of a sitemap's lastmod or location per item, and of the region tree."""
    newsroom = Newsroom().add(1)
    url = newsroom.url(BUDGETS[page][0])
    one = queries_of(client, url)
    newsroom.add(29)
    for _ in range(29):
        AppointmentFactory()  # and 29 more people
    thirty = queries_of(client, url)
    assert len(thirty) == len(one), listing(thirty)


def test_article_page_with_200_comments_runs_as_many_queries_as_with_one(client):
    """Guards the N+1 of replies, their authors and the thread pages."""
    newsroom = Newsroom().add(2)
    small, big = newsroom.articles
    one = queries_of(client, small.get_absolute_url())
    add_threads(big, threads=25)
    many = queries_of(client, big.get_absolute_url())
    assert len(many) == len(one) <= BUDGETS["article with 200 comments"][1], listing(many)


# --- the admin ------------------------------------------------------------------------------


def make_group(n):
    Group.objects.create(name=f"Группа {n}")


def make_site(n):
    Site.objects.create(domain=f"site{n}.example.ru", name=f"Сайт {n}")


def make_user(n):
    user = UserFactory(is_staff=True, last_name=f"Сотрудник{n}")
    user.groups.add(Group.objects.get(name="Редакторы"))


def make_region(n):
    district = Region.objects.get(slug=DISTRICT)
    Region.objects.create(name=f"Область {n}", name_genitive=f"Области {n}", slug=f"oblast-{n}",
                          kind=Region.Kind.SUBJECT, parent=district)  # fmt: skip


def make_person(n):
    AppointmentFactory(person=PersonFactory(), region=region(SUBJECT))


def make_topic(n):
    TopicFactory()


def make_article(n):
    article = ArticleFactory(
        author=UserFactory(), editor=UserFactory(), regions=[region(SUBJECT)],
        topics=[TopicFactory()],
    )  # fmt: skip
    QuoteBlockFactory(article=article)


def make_comment(n):
    article = ArticleFactory()
    parent = approved_comment(article, user=UserFactory(), comment=f"Мнение {n}")
    reply = approved_comment(article, parent=parent, comment=f"Ответ {n}")
    Comment.objects.filter(pk=reply.pk).update(is_public=False, hold_reason="Ссылка в тексте")


def make_decision(n):
    article = ArticleFactory()
    comment = approved_comment(article, comment=f"Мнение {n}")
    ModerationDecision.objects.create(
        comment=comment, moderator=UserFactory(), action=ModerationDecision.Action.APPROVE
    )


def make_report(n):
    comment = approved_comment(ArticleFactory(), comment=f"Мнение {n}")
    CommentReport.objects.create(comment=comment, reporter=f"reader-{n}")


def make_stop_word(n):
    StopWord.objects.create(word=f"слово{n}")


# Lockouts and second factors: where a superuser clears a lockout or removes a lost phone.
def _access(n):
    return {"username": f"user{n}", "ip_address": f"192.0.2.{n + 1}", "user_agent": "Mozilla",
            "http_accept": "text/html", "path_info": "/admin/login/"}  # fmt: skip


def make_totp_device(n):
    TOTPDevice.objects.create(user=UserFactory(), name=f"Телефон {n}", confirmed=bool(n % 2))


def make_access_attempt(n):
    AccessAttempt.objects.create(**_access(n), get_data="", post_data="", failures_since_start=n)


def make_access_log(n):
    AccessLog.objects.create(**_access(n))


def make_access_failure(n):
    AccessFailureLog.objects.create(**_access(n), locked_out=bool(n % 2))


# The mail queue (django-mailer): mail waiting for the worker (its log and blocked addresses
# are not in the admin: pressoffice/admin.py).
def make_queued_mail(n):
    queue_mail(f"Письмо {n}", "Текст письма", None, [f"reader{n}@example.ru"])


def make_press_contact(n):
    Contact.objects.create(name=f"Сотрудник {n}", phone="+7 8422 41-20-00", position=n)


def make_office_hours(n):
    OfficeHours.objects.create(first_day=1 + n % 7, last_day=7, opens=datetime.time(9),
                               closes=datetime.time(18))  # fmt: skip


def make_channel(n):
    # One channel per network, three networks: the list never grows past three rows.
    kind, host = [("telegram", "t.me"), ("vk", "vk.com"), ("ok", "ok.ru")][n % 3]
    Channel.objects.get_or_create(kind=kind, defaults={"url": f"https://{host}/office"})


def make_accreditation_request(n):
    now = timezone.now()
    AccreditationRequest.objects.create(
        outlet=f"Издание {n}", name=f"Журналист {n}", email=f"j{n}@example.ru",
        phone="+7 900 000-00-00", event="Пресс-конференция", consent_at=now, policy_version="1",
        **({"status": "approved", "answered_at": now, "answered_by": UserFactory()}
           if n % 2 else {}),
    )  # fmt: skip


def make_event(n):
    from tests.events.helpers import EventFactory

    EventFactory(regions=[region(SUBJECT)], people=[PersonFactory()], report=ArticleFactory())


MAKERS = {
    "auth.Group": make_group,
    "sites.Site": make_site,
    "pressoffice.User": make_user,
    "regions.Region": make_region,
    "people.Person": make_person,
    "articles.Topic": make_topic,
    "articles.Article": make_article,
    "comments.Comment": make_comment,
    "comments.ModerationDecision": make_decision,
    "comments.CommentReport": make_report,
    "comments.StopWord": make_stop_word,
    "otp_totp.TOTPDevice": make_totp_device,
    "axes.AccessAttempt": make_access_attempt,
    "axes.AccessLog": make_access_log,
    "axes.AccessFailureLog": make_access_failure,
    "mailer.Message": make_queued_mail,
    "press.Contact": make_press_contact,
    "press.OfficeHours": make_office_hours,
    "press.Channel": make_channel,
    "press.AccreditationRequest": make_accreditation_request,
    "press.RepublicationRules": None,  # one text: its list opens the text itself
    "events.Event": make_event,
}


def test_every_admin_model_has_a_maker_here():
    """A model newly registered in the admin gets its changelist's budget test too."""
    assert {model._meta.label for model in admin.site._registry} == set(MAKERS)


def changelist_urls():
    urls = [
        (label, reverse(f"admin:{app}_{name.lower()}_changelist"))
        for label in MAKERS
        # The bare address of the comments redirects to the queue; the rules are one text.
        if label not in ("comments.Comment", "press.RepublicationRules")
        for app, name in [label.split(".")]
    ]
    comments = reverse("admin:comments_comment_changelist")
    requests = reverse("admin:press_accreditationrequest_changelist")
    return urls + [("comments.Comment", f"{comments}?status={status}")
                   for status in ("pending", "approved", "all")] + [
        ("press.AccreditationRequest", f"{requests}?status=all")]  # fmt: skip


@pytest.mark.parametrize(("label", "url"), changelist_urls())
def test_admin_changelist_runs_the_same_queries_with_1_and_30_rows(client, label, url):
    """Guards the N+1 of every column, filter and link of every changelist."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True, username="budget-admin"))
    make = MAKERS[label]
    make(0)
    one = queries_of(client, url)
    for n in range(1, 30):
        make(n)
    thirty = queries_of(client, url)
    assert len(thirty) == len(one), listing(thirty)
