"""An article page's body, metadata and comment threads are rendered once per change and then
read from the cache (issue 15), and never stale: each change the page cache is invalidated by
invalidates them too. The page cache is off here, as for staff and readers with a session."""

import datetime
import re
import time
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from lxml import html as lxml_html

from comments.closing import closes_at
from comments.models import Comment
from comments.moderation import decide
from tests.comments.helpers import approved_comment
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    UserFactory,
    client_for,
    region,
    staff_member,
)
from tests.pagecache.helpers import cache_reads

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 3600
    cache.clear()


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def article(changes):
    with changes():
        story = ArticleFactory(title="Губернатор открыл новую школу")
        TextBlockFactory(article=story, text="<p>Школа рассчитана на 800 учеников.</p>")
        for number in range(3):
            parent = approved_comment(story, comment=f"Комментарий номер {number}.")
            approved_comment(story, parent=parent, comment=f"Ответ на {number}.")
    story.refresh_from_db()
    return story


def without_token(text):
    """The page without what is made per request: the CSRF token and the comment form's
    signature (its time may cross a second between two requests)."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return re.sub(r'name="(timestamp|security_hash)" value="[^"]*"', "", text)


def test_a_warm_page_is_the_same_page_in_one_query(client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    cold = client.get(url).text
    with django_assert_num_queries(1):  # the article; body, metadata and threads are kept
        warm = client.get(url).text
    assert without_token(warm) == without_token(cold)
    assert "Ответ на 2." in warm and "800 учеников" in warm and "application/ld+json" in warm


def test_with_fragments_off_every_request_renders(client, article, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    url = article.get_absolute_url()
    first = client.get(url).text
    assert without_token(client.get(url).text) == without_token(first)
    kept = [key for key in list(cache._cache) if "template.cache." in key or "fragment:" in key]  # noqa: SLF001
    assert kept == []


def test_an_article_without_comments_does_not_read_comments(client, django_assert_num_queries):
    url = ArticleFactory(title="Без комментариев").get_absolute_url()
    client.get(url)
    with django_assert_num_queries(1):
        assert "Комментариев пока нет." in client.get(url).text


def test_editing_the_body_shows_at_once(client, article, changes):
    url = article.get_absolute_url()
    client.get(url)
    with changes():
        block = article.blocks.get()
        block.text = "<p>Школа рассчитана на 1200 учеников.</p>"
        block.save()
    assert "1200 учеников" in client.get(url).text


def test_renaming_a_person_updates_the_quote(client, changes):
    with changes():
        appointment = AppointmentFactory(person__last_name="Миляев")
        quote = QuoteBlockFactory(person=appointment.person)
    url = quote.article.get_absolute_url()
    assert "МИЛЯЕВ" in client.get(url).text.upper()
    with changes():
        appointment.person.last_name = "Петров"
        appointment.person.save()
    assert "ПЕТРОВ" in client.get(url).text.upper()


def test_renaming_a_region_updates_the_tags_and_metadata(client, article, changes):
    with changes():
        tula = region("tulskaya-oblast")
        article.regions.add(tula)
    url = article.get_absolute_url()
    assert "Тульская область" in client.get(url).text
    with changes():
        tula.name = "Тульская область (переименована)"
        tula.save()
    assert client.get(url).text.count("(переименована)") >= 2  # the tag and the JSON-LD


def test_approving_a_reply_shows_it_in_its_thread(client, article, changes):
    url = article.get_absolute_url()
    client.get(url)
    parent = Comment.objects.get(comment="Комментарий номер 1.")
    pending = approved_comment(article, parent=parent, comment="Новый ответ читателя.")
    Comment.objects.filter(pk=pending.pk).update(is_public=False)
    with changes():
        decide(Comment.objects.filter(pk=pending.pk), action="approve", moderator=UserFactory())
    page = lxml_html.fromstring(client.get(url).content)
    thread = page.get_element_by_id(f"c{parent.pk}")
    assert "Новый ответ читателя." in thread.text_content()


def test_hiding_a_comment_in_the_admin_removes_it(client, article, changes):
    url = article.get_absolute_url()
    assert "Ответ на 0." in client.get(url).text
    with changes():
        comment = Comment.objects.get(comment="Ответ на 0.")
        comment.is_public = False
        comment.save()
    text = client.get(url).text
    assert "Ответ на 0." not in text
    assert "(5)" in text  # the count the page shows came down with it


def test_when_comments_close_the_reply_links_go(client, article):
    url = article.get_absolute_url()
    assert "?reply_to=" in client.get(url).text
    closes = closes_at(article) + datetime.timedelta(seconds=1)
    with time_machine.travel(closes):
        text = client.get(url).text
    assert "?reply_to=" not in text
    assert "Комментарии к этому материалу закрыты." in text


def test_a_staff_preview_never_reads_what_readers_are_served(client, article):
    url = article.get_absolute_url()
    versions = client.get(url).context["fragment_versions"]
    public_key = make_template_fragment_key("article-body", [article.pk, versions, False])
    cache.set(public_key, "ПОДМЕНЁННЫЙ ФРАГМЕНТ", 60)
    assert "ПОДМЕНЁННЫЙ ФРАГМЕНТ" in client.get(url).text  # readers are served the fragment
    editor = client_for(staff_member("Редакторы"))
    preview = editor.get(reverse("articles:article-preview", args=[article.pk]))
    assert preview.status_code == 200
    assert "ПОДМЕНЁННЫЙ ФРАГМЕНТ" not in preview.text
    assert "800 учеников" in preview.text


def test_pages_of_comments_are_kept_apart(client, article, settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    url = article.get_absolute_url()
    first, second = client.get(url).text, client.get(url + "?comments_page=2").text
    assert "Комментарий номер 0." in first and "Комментарий номер 0." not in second
    assert "Комментарий номер 2." in second and "Комментарий номер 2." not in first
    assert "Комментарий номер 2." in client.get(url + "?comments_page=2").text
    assert client.get(url + "?comments_page=abc").status_code == 200


def test_comment_times_have_at_most_three_fraction_digits(client, article):
    """HTML's datetime allows at most three; Python writes six (the W3C checker's error)."""
    Comment.objects.update(submit_date=timezone.now().replace(microsecond=985034))
    times = re.findall(r'<time datetime="([^"]+)"', client.get(article.get_absolute_url()).text)
    assert times
    assert not any(re.search(r"\.\d{4,}", value) for value in times), times


def test_replies_nest_inside_their_parents(client, article):
    page = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    for number in range(3):
        parent = Comment.objects.get(comment=f"Комментарий номер {number}.")
        reply = Comment.objects.get(comment=f"Ответ на {number}.")
        item = page.get_element_by_id(f"c{reply.pk}")
        assert item.getparent().getparent().get("id") == f"c{parent.pk}"
    assert len(page.xpath('//*[@id="comments"]/ol[@class="comment-list"]/li')) == 3


def test_a_cache_that_cannot_be_read_renders_the_page_live(client, article):
    from unittest import mock

    down = ConnectionError("down")
    with (
        mock.patch.object(cache, "get", side_effect=down),
        mock.patch.object(cache, "get_many", side_effect=down),
        mock.patch.object(cache, "set", side_effect=down),
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "800 учеников" in response.text and "Ответ на 2." in response.text


def test_a_long_discussion_is_paged_in_the_database_with_the_same_threads(
    client, article, settings, monkeypatch, django_assert_num_queries
):
    """Up to threads.ONE_QUERY comments are read in one query and paged in Python; past it,
    the count, the page's thread ids and their comments: the same page either way."""
    from comments import threads

    settings.FRAGMENT_CACHE_SECONDS = 0
    settings.COMMENTS_THREADS_PER_PAGE = 2
    url = article.get_absolute_url() + "?comments_page=2"
    # The article, its 4 relations, the announcements it reports on (events/), the comments.
    with django_assert_num_queries(7):
        few = client.get(url).text
    monkeypatch.setattr(threads, "ONE_QUERY", 1)
    with django_assert_num_queries(9):
        many = client.get(url).text
    assert without_token(many) == without_token(few)
    assert "Комментарий номер 2." in few and "Комментарий номер 0." not in few


def test_a_warm_page_reads_the_cache_four_times(client, article):
    """The versions of the article's tags, then its body and metadata, then its threads and
    form, where each fragment used to ask on its own (six, issue 15); and the footer's check
    that the office's channels have not changed (press/channels.py)."""
    url = article.get_absolute_url()
    client.get(url)
    response, reads = cache_reads(client, url)
    assert reads == 4
    assert "Ответ на 2." in response.text and "Добавить комментарий" in response.text


def test_a_warm_page_renders_neither_the_form_nor_the_metadata(client, article):
    url = article.get_absolute_url()
    with mock.patch("pressoffice.templatetags.metadata.Truncator", wraps=Truncator) as truncator:
        cold = client.get(url)
    truncator.assert_called()  # page_metadata ran (templates/jinja2/layout/meta.html)
    assert "comments/form.html" in {template.name for template in cold.templates}
    with mock.patch("pressoffice.templatetags.metadata.Truncator") as truncator:
        warm = client.get(url)
    truncator.assert_not_called()  # page_metadata did not run: the metadata came kept
    assert "comments/form.html" not in {template.name for template in warm.templates}
    assert without_token(warm.text) == without_token(cold.text)


def test_the_kept_form_is_signed_for_each_reader_and_accepted(article, settings):
    """The form comes from the cache, but its CSRF token is this reader's and its signature is
    made when the page is served: a comment sent from it passes both checks."""
    settings.COMMENTS_MIN_SECONDS = 3
    url = article.get_absolute_url()
    Client(enforce_csrf_checks=True).get(url)  # another reader warms the fragments
    reader = Client(enforce_csrf_checks=True)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5), tick=False):
        page = reader.get(url)
        served_at = int(time.time())
    assert "comments/form.html" not in {template.name for template in page.templates}
    assert settings.CSRF_COOKIE_NAME in page.cookies
    form = lxml_html.fromstring(page.content).get_element_by_id("comment-form")
    fields = {field.name: field.value or "" for field in form.inputs if field.name}
    assert fields["timestamp"] == str(served_at)
    assert "mark" not in fields["csrfmiddlewaretoken"]
    fields.update(name="Анна", email="anna@example.ru", comment="Спасибо за новость.", consent="on")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6), tick=False):
        sent = reader.post(form.get("action").split("#")[0], fields)
    assert sent.status_code == 302, sent.content.decode()[:500]
    assert Comment.objects.filter(comment="Спасибо за новость.").exists()


def test_a_reply_form_is_the_readers_own_not_the_kept_one(client, article):
    url = article.get_absolute_url()
    client.get(url)
    parent = Comment.objects.filter(comment="Комментарий номер 1.").get()
    reply = client.get(f"{url}?reply_to={parent.pk}")
    assert "comments/form.html" in {template.name for template in reply.templates}
    assert "Ответ на комментарий" in reply.text
    assert f'name="reply_to" value="{parent.pk}"' in reply.text


def test_a_refused_comment_names_the_article_as_its_canonical_page(client, article, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    url = article.get_absolute_url()
    client.get(url)
    refused = client.post(f"{url}comment/", {"name": "", "comment": "Текст"})
    assert refused.status_code == 400
    canonical = lxml_html.fromstring(refused.content).xpath("//link[@rel='canonical']/@href")
    assert canonical == [f"http://testserver{url}"]
