"""A reader's comment from the rendered form to the page, through the moderators' queue.

Everything goes through HTTP the way a browser sends it: the form's fields are read from the
rendered HTML (hidden ones and the CSRF token included) and CSRF is really checked.
"""

import datetime
import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, ModerationDecision
from comments.moderation import decide
from pressoffice.roles import MODERATORS
from tests.factories import (
    ArticleFactory,
    QuoteBlockFactory,
    TopicFactory,
    UserFactory,
    region,
    staff_member,
)

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"
NOTICE = "Спасибо! Ваш комментарий отправлен на модерацию."


@pytest.fixture(autouse=True)
def quick_readers(settings):
    """Readers here type instantly (the 3-second floor has its own test); rate limits count in
    the cache, which outlives a test, so each test starts with none."""
    settings.COMMENTS_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


# --- reading HTML the way a browser does ----------------------------------------------------


class Form:
    def __init__(self, attrs):
        self.attrs = attrs
        self.fields = []  # (name, type, value, checked) of every <input>, <textarea>, <select>
        self.links = []
        self.required = []
        self.options = {}  # a <select>'s name: the values of its options

    @property
    def action(self):
        return urlsplit(unescape(self.attrs.get("action") or "")).path

    def value(self, name):
        values = [value for field, _, value, _ in self.fields if field == name]
        assert len(values) == 1, f"{name}: {values}"
        return values[0]

    def names(self):
        return [name for name, *_ in self.fields]

    def data(self, **filled):
        """What the browser submits: every named field as rendered (unchecked boxes left out,
        as browsers do), then what the user filled in."""
        data = {}
        for name, kind, value, checked in self.fields:
            if not name or (kind in ("checkbox", "radio") and not checked):
                continue
            if kind in ("submit", "button", "image"):
                continue
            data.setdefault(name, []).append(value)
        data = {name: values if len(values) > 1 else values[0] for name, values in data.items()}
        data.update(filled)
        return data


class FormParser(HTMLParser):
    """The <form id=...> of a page: its fields (hidden ones too) and links."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.form = None
        self.inside = False
        self.textarea = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            assert self.form is None, f"two forms #{self.form_id}"
            self.form = Form(attrs)
            self.inside = True
        if not self.inside:
            return
        if tag in ("input", "textarea", "select") and "required" in attrs:
            self.form.required.append(attrs.get("name"))
        if tag == "input":
            kind = attrs.get("type", "text")
            default = "on" if kind in ("checkbox", "radio") else ""
            self.form.fields.append(
                (attrs.get("name"), kind, attrs.get("value", default), "checked" in attrs)
            )
        elif tag == "textarea":
            self.textarea = [attrs.get("name"), ""]
        elif tag == "select":
            self.select = [attrs.get("name"), None, None]  # name, first, selected
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.form.options.setdefault(self.select[0], []).append(value)
            if self.select[1] is None:
                self.select[1] = value
            if "selected" in attrs:
                self.select[2] = value
        elif tag == "a":
            self.form.links.append(attrs.get("href"))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            # The HTML parser drops nothing; browsers drop one newline right after <textarea>.
            self.form.fields.append((name, "textarea", text.removeprefix("\n"), False))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, first, selected = self.select
            self.form.fields.append((name, "select", selected or first or "", False))
            self.select = None
        elif tag == "form":
            self.inside = False


def parse_form(html, form_id="comment-form"):
    parser = FormParser(form_id)
    parser.feed(html)
    assert parser.form is not None, f"no form#{form_id} on the page"
    return parser.form


class CommentTree(HTMLParser):
    """For each rendered comment (<li id="c<pk>">), the comments it is nested in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.ancestors = {}

    def handle_starttag(self, tag, attrs):
        if tag != "li":
            return
        li_id = dict(attrs).get("id") or ""
        pk = int(li_id[1:]) if re.fullmatch(r"c\d+", li_id) else None
        if pk is not None:
            self.ancestors[pk] = [ancestor for ancestor in self.stack if ancestor is not None]
        self.stack.append(pk)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def comment_tree(html):
    tree = CommentTree()
    tree.feed(html)
    assert not tree.stack, "an <li> is left open"
    return tree.ancestors


def rendered_comments(html):
    """Primary keys of the comments on the page, in document order."""
    return [int(pk) for pk in re.findall(r'<li class="comment" id="c(\d+)"', html)]


# --- the people ---------------------------------------------------------------------------


def reader():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def moderator():
    return staff_member(MODERATORS, username="moderator-journey", email="mod@example.ru")


@pytest.fixture
def moderator_client(moderator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    return client


@pytest.fixture
def article():
    return ArticleFactory(title="Открыт новый мост через Волгу")


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()


def send_comment(client, page_url, *, name, email, text, consent=True, **extra):
    """GET the page, fill the rendered form like a person, POST it to the form's action."""
    form = parse_form(get(client, page_url))
    filled = {"name": name, "email": email, "comment": text, **extra}
    if consent:
        filled["consent"] = "on"
    return client.post(form.action, form.data(**filled))


def comment_by_text(text):
    return Comment.objects.get(comment=text)


def approve_in_admin(client, *pks):
    """Ticks the rows in the moderators' queue and runs «Одобрить», as the admin page does."""
    queue = client.get(QUEUE, follow=True)  # the queue opens on the pending comments
    assert queue.status_code == 200
    form = parse_form(queue.content.decode(), "changelist-form")
    rows = [value for name, _, value, _ in form.fields if name == "_selected_action"]
    assert {str(pk) for pk in pks} <= set(rows), "the comments are not in the queue"
    assert "approve" in form.options["action"], "the queue offers no «Одобрить»"
    data = {
        "csrfmiddlewaretoken": form.value("csrfmiddlewaretoken"),
        "action": "approve",
        "index": "0",
        "select_across": "0",
        "reason": "",
        "_selected_action": [str(pk) for pk in pks],
    }
    response = client.post(QUEUE, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def make_comment(
    article,
    *,
    text,
    parent=None,
    user=None,
    name="Читатель",
    email="reader@example.ru",
    public=True,
    when=None,
):
    """A comment saved the way comments.views.save_comment saves one."""
    now = when or timezone.now()
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(Article),
        object_pk=str(article.pk),
        site_id=django_settings.SITE_ID,
        user=user,
        user_name=name,
        user_email=email,
        comment=text,
        submit_date=now,
        ip_address="192.0.2.10",
        is_public=public,
        parent_id=parent.pk if parent else 0,
        consent_at=now,
        policy_version=django_settings.PERSONAL_DATA_POLICY_VERSION,
    )
    comment.refresh_from_db()
    return comment


# --- the journey --------------------------------------------------------------------------


def test_reader_comment_waits_for_a_moderator_then_appears_with_replies_three_levels_deep(
    article, moderator_client
):
    url = article.get_absolute_url()
    visitor = reader()

    form = parse_form(get(visitor, url))
    assert form.action == f"/news/{article.slug}/comment/"
    for name in [
        "csrfmiddlewaretoken",
        "content_type",
        "object_pk",
        "timestamp",
        "security_hash",
        "reply_to",
        "website",
        "name",
        "email",
        "comment",
        "consent",
    ]:
        assert name in form.names(), name
    assert form.value("reply_to") == ""

    text = "Наконец-то! Ездить на работу станет на полчаса быстрее."
    response = send_comment(visitor, url, name="Мария", email="maria.k@example.ru", text=text)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?comment=sent#comments-notice"
    html = get(visitor, response["Location"])
    assert NOTICE in html and "отправлен на модерацию" in html
    assert text not in html

    comment = comment_by_text(text)
    assert not comment.is_public and not comment.is_removed and comment.level == 0
    assert text not in get(reader(), url)
    article.refresh_from_db()
    assert article.comment_count == 0

    approve_in_admin(moderator_client, comment.pk)
    html = get(reader(), url)
    assert text in html and rendered_comments(html) == [comment.pk]
    assert '<span class="comments__count">(1)</span>' in html
    article.refresh_from_db()
    assert article.comment_count == 1
    assert f'<a class="card__comments" href="{url}#comments">1 комментарий</a>' in get(
        reader(), "/"
    )

    # A reply: the «Ответить» link of the approved comment opens the form as a reply.
    parent, chain = comment, [comment]
    for level, (name, reply) in enumerate(
        [
            ("Олег", "Согласен, но пробки на въезде останутся."),
            ("Мария", "Там обещали развязку к следующему лету."),
        ],
        start=1,
    ):
        html = get(visitor, url)
        links = re.findall(rf'href="(\?reply_to={parent.pk}(?:&amp;|#)[^"]*)"[^>]*>Ответить', html)
        assert len(links) == 1, f"no «Ответить» link for comment {parent.pk}"
        reply_url = f"{url}?{urlsplit(unescape(links[0])).query}"
        reply_page = get(visitor, reply_url)
        form = parse_form(reply_page)
        assert form.value("reply_to") == str(parent.pk)
        assert f"Ответ на комментарий: {parent.name}" in reply_page
        response = visitor.post(
            form.action,
            form.data(name=name, email="reply@example.ru", comment=reply, consent="on"),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        answer = comment_by_text(reply)
        assert answer.parent_id == parent.pk and answer.level == level and not answer.is_public
        assert reply not in get(reader(), url)
        approve_in_admin(moderator_client, answer.pk)
        chain.append(answer)
        parent = answer

    html = get(reader(), url)
    tree = comment_tree(html)
    assert [c.level for c in chain] == [0, 1, 2]
    assert tree[chain[0].pk] == []
    assert tree[chain[1].pk] == [chain[0].pk]
    assert tree[chain[2].pk] == [chain[0].pk, chain[1].pk]
    assert rendered_comments(html) == [c.pk for c in chain]
    article.refresh_from_db()
    assert article.comment_count == 3

    # The deepest comment offers no «Ответить»; a reply to it sent anyway is refused.
    assert f"?reply_to={chain[2].pk}" not in html
    saved = Comment.objects.count()
    response = send_comment(
        visitor,
        url,
        name="Олег",
        email="oleg@example.ru",
        text="Ещё глубже",
        reply_to=str(chain[2].pk),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "На этот комментарий ответить нельзя: обсуждение слишком глубокое." in page
    assert 'role="alert"' in page
    assert Comment.objects.count() == saved


def test_the_form_refuses_to_post_without_the_csrf_token(article):
    visitor = reader()
    form = parse_form(get(visitor, article.get_absolute_url()))
    data = form.data(name="Мария", email="m@example.ru", comment="Без токена", consent="on")
    del data["csrfmiddlewaretoken"]
    assert visitor.post(form.action, data).status_code == 403
    assert not Comment.objects.exists()


def test_a_comment_sent_faster_than_a_person_types_is_refused_then_accepted_later(
    article, settings
):
    settings.COMMENTS_MIN_SECONDS = 3
    visitor = reader()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        form = parse_form(get(visitor, article.get_absolute_url()))
        data = form.data(name="Бот", email="fast@example.ru", comment="Быстро", consent="on")
        clock.shift(1)
        response = visitor.post(form.action, data)
        assert response.status_code == 400
        assert "Комментарий отправлен слишком быстро." in response.content.decode()
        assert not Comment.objects.exists()
        clock.shift(5)
        assert visitor.post(form.action, data).status_code == 302
    assert Comment.objects.get().comment == "Быстро"


# --- consent --------------------------------------------------------------------------------


def test_consent_is_recorded_with_the_policy_version_the_form_links_to(article):
    visitor = reader()
    form = parse_form(get(visitor, article.get_absolute_url()))
    assert "/personal-data/" in form.links
    assert "consent" in form.required

    before = timezone.now()
    response = send_comment(
        visitor,
        article.get_absolute_url(),
        name="Ирина",
        email="irina@example.ru",
        text="Спасибо за новость.",
    )
    assert response.status_code == 302
    comment = comment_by_text("Спасибо за новость.")
    assert comment.consent_at is not None and before <= comment.consent_at <= timezone.now()
    assert comment.policy_version == django_settings.PERSONAL_DATA_POLICY_VERSION

    policy = get(reader(), "/personal-data/")
    assert "Политика обработки персональных данных" in policy
    assert django_settings.PERSONAL_DATA_POLICY_VERSION in policy


def test_without_consent_nothing_is_saved_and_the_reader_is_told_why(article):
    response = send_comment(
        reader(),
        article.get_absolute_url(),
        name="Ирина",
        email="irina@example.ru",
        text="Без согласия",
        consent=False,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Без согласия на обработку персональных данных комментарий не принимается." in html
    assert "Без согласия" in html  # the reader's text is kept in the form
    assert not Comment.objects.exists()


def test_every_aria_describedby_of_the_form_points_at_help_or_error_text(article):
    """Screen readers read a field's help and its error only through aria-describedby."""
    page_url = article.get_absolute_url()
    visitor = reader()
    clean = get(visitor, page_url)
    response = send_comment(visitor, page_url, name="", email="не адрес", text="", consent=False)
    assert response.status_code == 400
    failed = response.content.decode()
    for state, html in [("form", clean), ("error state", failed)]:
        form_html = html[html.index('<form class="comment-form"') :]
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        for field, refs in re.findall(r'name="(\w+)"[^>]*aria-describedby="([^"]+)"', form_html):
            missing = [ref for ref in refs.split() if ref not in ids]
            assert not missing, f"{state}: {field} is described by missing ids {missing}"
    for field in ["name", "email", "comment", "consent"]:
        described = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', failed).group(0)
        assert 'aria-invalid="true"' in described, field
        assert "aria-describedby=" in described, f"{field}: its error is not tied to it"
    email = re.search(r'<input[^>]*name="email"[^>]*>', clean).group(0)
    help_id = re.search(r'aria-describedby="([^"]+)"', email).group(1).split()[0]
    assert re.search(rf'id="{help_id}"[^>]*>Не публикуется', clean), "email help is not tied"


# --- privacy --------------------------------------------------------------------------------


def test_commenters_email_addresses_appear_on_no_public_page(moderator_client):
    tula = region("tulskaya-oblast")
    article = ArticleFactory(regions=[tula], topics=[TopicFactory()])
    quote = QuoteBlockFactory(article=article)
    url = article.get_absolute_url()
    emails = {
        "approved": "first.approved.secret@example.ru",
        "reply": "second.reply.secret@example.ru",
        "pending": "third.pending.secret@example.ru",
    }
    visitor = reader()
    for kind, email in emails.items():
        extra = {}
        if kind == "reply":
            extra["reply_to"] = str(comment_by_text("Текст approved").pk)
        assert (
            send_comment(
                visitor, url, name=f"Имя {kind}", email=email, text=f"Текст {kind}", **extra
            ).status_code
            == 302
        )
        if kind != "pending":
            approve_in_admin(moderator_client, comment_by_text(f"Текст {kind}").pk)
    # A registered user's comment: their account's address is known to the comment too.
    user = UserFactory(username="registered-reader", email="account.secret@example.ru")
    registered = make_comment(
        article,
        text="Текст registered",
        user=user,
        name="Зарегистрированный",
        email=user.email,
        public=False,
    )
    approve_in_admin(moderator_client, registered.pk)
    emails["registered"] = user.email
    article.refresh_from_db()
    assert article.comment_count == 3

    def leaks(html):
        return [email for email in emails.values() if email in html or email.upper() in html]

    pages = [
        url,
        f"{url}?comment=sent",
        "/",
        "/news/",
        quote.person.get_absolute_url(),
        tula.get_absolute_url(),
        "/regions/",
        "/people/",
    ]
    for page in pages:
        html = get(reader(), page)
        assert not leaks(html), f"{page} shows {leaks(html)}"
    assert "Текст approved" in get(reader(), url) and "Текст registered" in get(reader(), url)

    # Everything mounted under /comments/: the report page (GET, then POST and its redirect).
    for comment in Comment.objects.all():
        report = f"/comments/{comment.pk}/report/"
        status = 200 if comment.is_public else 404
        response = visitor.get(report)
        assert response.status_code == status, report
        assert not leaks(response.content.decode()), report
        if comment.is_public:
            token = parse_form(response.content.decode(), "report-form").value(
                "csrfmiddlewaretoken"
            )
            response = visitor.post(report, {"csrfmiddlewaretoken": token}, follow=True)
            assert response.status_code == 200
            assert not leaks(response.content.decode()), report


XTD_URL_NAMES = [
    "comments-xtd-api-create",
    "comments-post-comment",
    "comments-comment-done",
    "comments-flag",
    "comments-delete",
    "comments-approve",
    "comments-url-redirect",
    "comments-xtd-sent",
    "comments-xtd-confirm",
    "comments-xtd-reply",
    "comments-xtd-like",
    "comments-xtd-mute",
]


@pytest.mark.parametrize("name", XTD_URL_NAMES)
def test_the_comment_apps_own_views_are_not_mounted(name):
    with pytest.raises(NoReverseMatch):
        reverse(
            name,
            args=[1]
            if name
            not in ("comments-xtd-api-create", "comments-post-comment", "comments-comment-done")
            else [],
        )


def test_the_comment_apps_own_urls_answer_404(article):
    comment = make_comment(article, text="Опубликованный")
    ct = ContentType.objects.get_for_model(Article).pk
    visitor = Client()
    for path in [
        "/comments/",
        "/comments/post/",
        "/comments/posted/",
        f"/comments/flag/{comment.pk}/",
        f"/comments/delete/{comment.pk}/",
        f"/comments/approve/{comment.pk}/",
        f"/comments/cr/{ct}/{article.pk}/",
        "/comments/sent/",
        "/comments/confirm/abc/",
        f"/comments/reply/{comment.pk}/",
        f"/comments/like/{comment.pk}/",
        "/comments/mute/abc/",
        "/comments/api/comment/",
        f"/comments/api/{ct}/{article.pk}/",
        f"/comments/api/articles-article/{article.pk}/",
        "/comments/api/feedback/",
        "/comments/api/flag/",
    ]:
        assert visitor.get(path).status_code == 404, path
        assert visitor.post(path, {"comment": "x"}).status_code == 404, path
    assert Comment.objects.count() == 1


# --- queries --------------------------------------------------------------------------------


def build_threads(article, *, threads, users):
    """``threads`` threads of 8 comments: a comment, three replies, four replies to replies;
    every third comment by a registered user."""
    made = 0

    def add(parent=None):
        nonlocal made
        made += 1
        user = users[made % len(users)] if made % 3 == 0 else None
        return make_comment(
            article, text=f"Комментарий {made}", parent=parent, user=user, name=f"Читатель {made}"
        )

    for _ in range(threads):
        root = add()
        first, second, third = add(root), add(root), add(root)
        for reply in (first, first, second, third):
            add(reply)
    return made


def test_article_page_runs_the_same_queries_for_2_comments_and_for_200(
    client, django_assert_num_queries
):
    users = [UserFactory(first_name="Пётр", last_name="Сидоров"), UserFactory()]
    small, big = ArticleFactory(), ArticleFactory()
    root = make_comment(small, text="Первый")
    make_comment(small, text="Ответ", parent=root, user=users[0])
    assert build_threads(big, threads=25, users=users) == 200
    assert django_settings.COMMENTS_THREADS_PER_PAGE * 8 >= 200  # all on one page

    client.get(small.get_absolute_url())  # content types and the like are cached once
    with CaptureQueriesContext(connection) as small_queries:
        html = get(client, small.get_absolute_url())
    assert len(rendered_comments(html)) == 2
    count = len(small_queries)
    assert count <= 9, "\n".join(q["sql"] for q in small_queries.captured_queries)

    with django_assert_num_queries(count):
        html = get(client, big.get_absolute_url())
    assert len(rendered_comments(html)) == 200
    registered = Comment.objects.filter(object_pk=str(big.pk), user__isnull=False)
    assert registered.count() == 66 and all(f'id="c{c.pk}"' in html for c in registered)


def test_home_page_runs_the_same_queries_for_1_and_30_articles_with_comments(client, moderator):
    def commented_article():
        article = ArticleFactory(regions=[region("tulskaya-oblast")], topics=[TopicFactory()])
        make_comment(article, text=f"К статье {article.pk}", public=False)
        return article

    commented_article()
    decide(Comment.objects.pending(), action=ModerationDecision.Action.APPROVE, moderator=moderator)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        assert "1 комментарий" in get(client, "/")

    for _ in range(29):
        commented_article()
    decide(Comment.objects.pending(), action=ModerationDecision.Action.APPROVE, moderator=moderator)
    assert Article.objects.filter(comment_count=1).count() == 30
    with CaptureQueriesContext(connection) as thirty:
        html = get(client, "/")
    assert html.count("1 комментарий</a>") == django_settings.ARTICLES_PER_PAGE
    assert len(thirty) == len(one), "\n".join(q["sql"] for q in thirty.captured_queries)


# --- pagination -----------------------------------------------------------------------------


def test_threads_paginate_oldest_first_and_a_reply_on_page_2_stays_on_page_2(article):
    per_page = django_settings.COMMENTS_THREADS_PER_PAGE
    start = timezone.now() - datetime.timedelta(days=1)
    roots = [
        make_comment(
            article, text=f"Ветка номер {n:03}", when=start + datetime.timedelta(minutes=n)
        )
        for n in range(per_page + 2)
    ]
    reply = make_comment(article, text="Ответ во второй ветке", parent=roots[per_page])
    url = article.get_absolute_url()
    visitor = reader()

    first = get(visitor, url)
    assert rendered_comments(first) == [c.pk for c in roots[:per_page]]
    assert 'aria-label="Страницы комментариев"' in first
    assert 'href="?comments_page=2#comments"' in first

    second = get(visitor, f"{url}?comments_page=2")
    assert rendered_comments(second) == [roots[per_page].pk, reply.pk, roots[per_page + 1].pk]
    assert "Ветка номер 000" not in second
    assert second.index(f"Ветка номер {per_page:03}") < second.index(
        f"Ветка номер {per_page + 1:03}"
    )
    assert 'href="?comments_page=2#comments" aria-current="page"' in second

    # «Ответить» on page 2 keeps the page, so the comment answered is still in view.
    link = f"?reply_to={roots[per_page + 1].pk}&amp;comments_page=2#comment-form"
    assert f'href="{link}"' in second
    answer_page = get(visitor, f"{url}?reply_to={roots[per_page + 1].pk}&comments_page=2")
    assert parse_form(answer_page).value("reply_to") == str(roots[per_page + 1].pk)
    assert f"Ветка номер {per_page + 1:03}" in answer_page

    # A page that does not exist shows the last one rather than an error.
    assert rendered_comments(get(visitor, f"{url}?comments_page=99")) == rendered_comments(second)
