"""Whole-page cache: served without queries, never stale after a change, private to nobody."""

import datetime
import re
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.models import Article
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import decide, refresh_comment_counts
from pagecache import bodies, middleware
from tests.comments.helpers import approved_comment, form_data
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    QuoteBlockFactory,
    UserFactory,
    client_for,
    region,
    staff_member,
)
from tests.pagecache.helpers import cache_reads

pytestmark = pytest.mark.django_db
HOME = "/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """Run what a change schedules for after its commit, as production does."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def article():
    return ArticleFactory(title="Губернатор открыл новую школу")


def warm(client, url):
    """Two requests: the first renders and stores, the second must come from the cache."""
    assert client.get(url).status_code == 200
    return client.get(url)


def test_second_view_is_served_without_a_query(client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    for path in (url, HOME, "/regions/", "/feeds/rss/"):
        client.get(path)
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response.status_code == 200


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_cache_off_renders_every_time(client, article):
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(HOME)
        assert queries(client, HOME) > 0


def test_each_reader_gets_their_own_csrf_token_from_a_cached_page(article):
    first = Client(enforce_csrf_checks=True)
    warm(first, HOME)
    second = Client(enforce_csrf_checks=True)
    response = second.get(HOME)
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text))
    assert len(tokens) == 1
    assert "csrftoken" in response.cookies  # a reader without the cookie gets one
    assert bodies.placeholder() not in response.text
    # The token in the cached page is valid for this reader: the form posts.
    posted = second.post(
        reverse("accessibility"), {"csrfmiddlewaretoken": tokens.pop(), "next": "/"}
    )
    assert posted.status_code == 302


def test_sessions_and_staff_see_live_pages(article):
    editor = client_for(staff_member("Редакторы"))
    warm(Client(), HOME)
    assert queries(editor, HOME) > 0
    reader = Client()
    reader.cookies["sessionid"] = "whatever"
    assert queries(reader, HOME) > 0


def test_accessibility_version_is_cached_apart(client, article):
    warm(client, HOME)
    client.cookies["a11y"] = "size=3;scheme=wb;spacing=1;images=on"
    response = client.get(HOME)
    assert 'class="a11y' in response.text or "a11y-" in response.text
    assert response.text != Client().get(HOME).text


def test_publishing_shows_the_article_on_lists(client, article, changes):
    draft = ArticleFactory(
        title="Черновик о дорогах", status=Article.Status.DRAFT, published_at=None
    )
    warm(client, HOME)
    with changes():
        workflow.transition(draft, "publish", by=staff_member("Редакторы"))
    assert "Черновик о дорогах" in client.get(HOME).text


def test_editing_a_published_article_updates_its_page_and_lists(client, article, changes):
    url = article.get_absolute_url()
    warm(client, url)
    warm(client, HOME)
    with changes():
        article.title = "Губернатор открыл две новые школы"
        article.save()
    assert "две новые школы" in client.get(url).text
    assert "две новые школы" in client.get(HOME).text


def test_unpublishing_removes_it_everywhere(client, article, changes):
    url = article.get_absolute_url()
    warm(client, url)
    warm(client, HOME)
    with changes():
        workflow.transition(
            article, "unpublish", by=staff_member("Редакторы"), reason="Ошибка в дате"
        )
    assert client.get(url).status_code == 410
    assert article.title not in client.get(HOME).text


def test_a_scheduled_article_appears_when_its_time_comes(client, article, changes):
    at = timezone.now() + datetime.timedelta(minutes=30)
    with changes():
        ArticleFactory(title="Запланированная новость", published_at=at)
    assert "Запланированная новость" not in warm(client, HOME).text
    with time_machine.travel(at + datetime.timedelta(seconds=1)):
        assert "Запланированная новость" in client.get(HOME).text


def test_approving_a_comment_updates_the_article_and_its_count_on_lists(
    client, article, changes, django_assert_num_queries
):
    other = ArticleFactory(title="Другая новость")
    url = article.get_absolute_url()
    for path in (url, HOME, other.get_absolute_url()):
        warm(client, path)
    pending = approved_comment(article, comment="Спасибо за новую школу!")
    Comment.objects.filter(pk=pending.pk).update(is_public=False)
    assert "Спасибо за новую школу!" not in client.get(url).text
    with changes():
        decide(Comment.objects.filter(pk=pending.pk), action="approve", moderator=UserFactory())
    assert "Спасибо за новую школу!" in client.get(url).text
    assert "1 комментарий" in client.get(HOME).text
    # Precise: the other article's page was not thrown away.
    with django_assert_num_queries(0):
        client.get(other.get_absolute_url())


def test_renaming_a_person_updates_quotes(client, changes):
    appointment = AppointmentFactory(person__last_name="Миляев")
    quote = QuoteBlockFactory(person=appointment.person)
    url = quote.article.get_absolute_url()
    assert "МИЛЯЕВ" in warm(client, url).text.upper()
    with changes():
        person = appointment.person
        person.last_name = "Петров"
        person.save()
    assert "ПЕТРОВ" in client.get(url).text.upper()


def test_renaming_a_region_updates_pages(client, article, changes):
    tula = region("tulskaya-oblast")
    article.regions.add(tula)
    warm(client, "/regions/")
    with changes():
        tula.name = "Тульская область (переименована)"
        tula.save()
    assert "(переименована)" in client.get("/regions/").text


def test_change_during_a_transaction_waits_for_the_commit(client, article, changes):
    url = article.get_absolute_url()
    warm(client, url)
    with changes():
        article.title = "Новый заголовок"
        article.save()
        # The bump waits for the commit: until then other readers cannot see the new title.
        assert "Новый заголовок" not in client.get(url).text
    assert "Новый заголовок" in client.get(url).text


@pytest.mark.parametrize("cached", [True, False])
def test_conditional_get_answers_304(client, article, cached):
    with override_settings(PAGE_CACHE_SECONDS=3600 if cached else 0):
        for url in (article.get_absolute_url(), "/feeds/rss/"):
            first = client.get(url)
            etag = first["ETag"]
            again = client.get(url, HTTP_IF_NONE_MATCH=etag)
            assert again.status_code == 304
            assert again["ETag"] == etag
            assert client.get(url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_etag_changes_with_the_content(client, article, changes):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    with changes():
        article.lead = "Новый лид."
        article.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_broken_cache_does_not_break_the_site(client, article):
    with (
        mock.patch.object(middleware.cache, "get", side_effect=ConnectionError("down")),
        mock.patch.object(middleware.cache, "set", side_effect=ConnectionError("down")),
    ):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(HOME).status_code == 200


def test_previews_are_never_cached(client, article):
    editor = client_for(staff_member("Редакторы"))
    preview = editor.get(article.get_preview_url())
    assert preview.status_code == 200
    assert "no-cache" in preview["Cache-Control"] or "no-store" in preview["Cache-Control"]
    assert client.get(article.get_preview_url()).status_code in (302, 403, 404)


def form_fields(page):
    names = ("csrfmiddlewaretoken", "content_type", "object_pk", "timestamp", "security_hash")
    pattern = r'name="({})" value="([^"]*)"'.format("|".join(names))
    return dict(re.findall(pattern, page))


def test_a_cached_comment_form_is_signed_when_the_reader_gets_it(client, article):
    warm(client, article.get_absolute_url())
    later = timezone.now() + datetime.timedelta(minutes=30)
    with time_machine.travel(later, tick=False):
        fields = form_fields(client.get(article.get_absolute_url()).text)
    assert int(fields["timestamp"]) == int(later.timestamp())
    with time_machine.travel(later + datetime.timedelta(seconds=5), tick=False):
        form = CommentForm(article, data=form_data(article, **fields))
        form.is_valid()
    assert "security_hash" not in form.errors and "timestamp" not in form.errors


def test_too_fast_counts_from_when_the_reader_got_the_cached_page(client, article):
    url = article.get_absolute_url()
    warm(client, url)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10), tick=False):
        fields = form_fields(client.get(url).text)
        posted = client.post(reverse("comments:comment-post", kwargs={"slug": article.slug}),
                             form_data(article, **fields))  # fmt: skip
    assert posted.status_code == 400
    assert "слишком быстро" in posted.content.decode()
    assert not Comment.objects.exists()


def test_deleting_an_approved_comment_updates_the_page_and_the_count(client, article, changes):
    comment = approved_comment(article, comment="Этот комментарий удалят по просьбе автора.")
    refresh_comment_counts([article.pk])
    url = article.get_absolute_url()
    assert "удалят по просьбе" in warm(client, url).text
    assert "1 комментарий" in warm(client, HOME).text
    with changes():
        comment.delete()
    assert "удалят по просьбе" not in client.get(url).text
    assert "1 комментарий" not in client.get(HOME).text
    article.refresh_from_db()
    assert article.comment_count == 0


def test_a_cached_feed_keeps_its_own_validators(client, article):
    first = client.get("/feeds/rss/")
    cached = client.get("/feeds/rss/")
    assert cached["ETag"] == first["ETag"]
    assert cached["Last-Modified"] == first["Last-Modified"]
    since = client.get("/feeds/rss/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


# --- served before the rest of the stack; bodies kept in each worker's memory ----------------


def test_a_hit_answers_with_the_headers_of_a_rendered_page(article):
    """The hit skips the session, CSRF, locale and clickjacking middleware; what they add to a
    page is stored with it or done by the hit itself."""
    for path in (article.get_absolute_url(), HOME, "/feeds/rss/", "/robots.txt"):
        rendered = Client().get(path)
        with CaptureQueriesContext(connection) as captured:
            cached = Client().get(path)
        assert len(captured) == 0, path
        token = "csrfmiddlewaretoken"
        assert cached.text.count(token) == rendered.text.count(token), path
        assert set(rendered.headers) - {"Set-Cookie"} == set(cached.headers) - {"Set-Cookie"}
        for name, value in rendered.headers.items():
            if name not in ("Content-Length", "Set-Cookie"):
                assert cached[name] == value, (path, name)
        assert int(cached["Content-Length"]) == len(cached.content)
        assert set(rendered.cookies) == set(cached.cookies), path


def test_a_hit_keeps_the_readers_csrf_cookie(article):
    """A reader who has the cookie keeps its secret (other open tabs' forms stay valid)."""
    reader = Client(enforce_csrf_checks=True)
    warm(reader, article.get_absolute_url())
    secret = reader.cookies["csrftoken"].value
    response = reader.get(article.get_absolute_url())
    renewed = response.cookies.get("csrftoken")
    assert renewed is None or renewed.value == secret
    token = form_token(response)
    posted = reader.post(reverse("accessibility"), {"csrfmiddlewaretoken": token, "next": "/"})
    assert posted.status_code == 302
    assert reader.cookies["csrftoken"].value == secret


def test_a_malformed_csrf_cookie_gets_a_new_one_on_a_hit(article):
    warm(Client(), HOME)
    reader = Client(enforce_csrf_checks=True)
    reader.cookies["csrftoken"] = "not a token!"
    with CaptureQueriesContext(connection) as captured:
        response = reader.get(HOME)
    assert len(captured) == 0  # served from the cache
    assert len(form_token(response)) == 64
    assert response.cookies["csrftoken"].value != "not a token!"


def form_token(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)


def test_bodies_come_from_memory_and_the_entry_still_decides(client, article, changes):
    url = article.get_absolute_url()
    warm(client, url)
    digests = list(bodies.memory.parts)
    assert digests
    # The shared copy of the body gone: this worker still has it.
    middleware.cache.delete_many([bodies.body_key(digest) for digest in digests])
    assert queries(client, url) == 0
    # Neither copy: the page is rendered again, not served empty.
    bodies.memory.clear()
    middleware.cache.delete_many([bodies.body_key(digest) for digest in digests])
    assert queries(client, url) > 0
    assert "новую школу" in client.get(url).text
    # A body in memory is never served for an entry that changed.
    with changes():
        article.title = "Губернатор открыл ещё одну школу"
        article.save()
    assert "ещё одну школу" in client.get(url).text


def test_the_memory_of_bodies_is_bounded_and_keeps_the_latest():
    memory = bodies.Bodies(limit=100)
    memory.put("a", (b"x" * 30, "token", b"x" * 10))
    memory.put("b", (b"y" * 40,))
    assert memory.get("a")  # "a" is now the latest used
    memory.put("c", (b"z" * 40,))
    assert memory.get("b") is None and memory.get("a") and memory.get("c")
    assert memory.size == 80  # what was taken away is what was added: no drift
    memory.clear()
    assert memory.size == 0 and memory.get("a") is None
    memory.put("huge", (b"h" * 500,))
    assert memory.get("huge") is None


def test_split_marks_where_each_reader_value_goes():
    marker = bodies.placeholder()
    content = f'<input value="{marker}"><i>{marker}-ts</i><b>{marker}-hash</b>'.encode()
    parts = bodies.split(content, marker)
    assert parts == (b'<input value="', "token", b'"><i>', "ts", b"</i><b>", "hash", b"</b>")
    assert bodies.split(b"no markers", marker) == (b"no markers",)


def test_an_entry_from_the_previous_release_is_rendered_again(client, article):
    """Entries that kept the body inline (before bodies had keys of their own) are a miss, not
    an error, the first time the new release meets them."""
    url = article.get_absolute_url()
    warm(client, url)
    request = RequestFactory().get(url)
    key = middleware.page_key(request)
    entry = middleware.cache.get(key)
    old = {k: v for k, v in entry.items() if k != "body"} | {"content": b"old release"}
    middleware.cache.set(key, old)
    with mock.patch.object(middleware.logger, "exception") as logged:
        assert queries(client, url) > 0
    logged.assert_not_called()
    assert b"old release" not in client.get(url).content


def test_an_address_is_resolved_once_per_process(client, article):
    """A hit no longer walks the URL patterns each time (issue 15); an address that resolves
    to nothing is remembered as nothing, and the page is still served."""
    middleware._resolved.cache_clear()
    url = article.get_absolute_url()
    with mock.patch.object(middleware, "resolve", wraps=middleware.resolve) as resolve:
        for _ in range(3):
            assert client.get(url).status_code == 200
            assert client.get("/no-such-page/").status_code == 404
    assert [call.args[0] for call in resolve.call_args_list] == [url, "/no-such-page/"]


def test_a_list_is_served_in_one_round_trip(client, article):
    """The entry, the site's and the articles' versions and each listed article's version in
    one read, where lists took two (issue 15)."""
    ArticleFactory(title="Вторая новость")
    warm(client, HOME)
    response, reads = cache_reads(client, HOME)
    assert response.status_code == 200 and "Вторая новость" in response.text
    assert reads == 1


def test_a_wrong_hint_about_a_list_costs_a_read_not_a_stale_page(client, article, changes):
    """Another worker may have stored the list with other articles: the entry's own list
    decides, so an edit of a listed article still shows."""
    warm(client, HOME)
    for key in list(middleware.list_hints.pages):
        middleware.list_hints.put(key, ("article:somewhere-else",))
    with changes():
        article.title = "Губернатор открыл три новые школы"
        article.save()
    response, reads = cache_reads(client, HOME)
    assert "три новые школы" in response.text
    # A page rendered within a second of a change is not stored (CLOCK_SKEW); later it is,
    # with the right hint.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        warm(client, HOME)  # stored, then served (the body read once into memory)
        response, reads = cache_reads(client, HOME)
    assert "три новые школы" in response.text
    assert reads == 1
