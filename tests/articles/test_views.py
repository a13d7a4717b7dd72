import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import Article
from demo.loader import SEED_FILE, SEED_TITLE, DemoLoader
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    CoveredArticleFactory,
    PersonFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    region,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    DemoLoader().load()
    return Article.objects.get(title=SEED_TITLE)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_demo_seed_is_the_shared_seed_word_for_word():
    shared = Path(settings.BASE_DIR).parent / "shared" / "seed" / "article.txt"
    if not shared.exists():
        pytest.skip("../shared/seed/article.txt is not beside this checkout")
    assert SEED_FILE.read_bytes() == shared.read_bytes()


def test_home_lists_the_seed_story_first(client, demo):
    html = page(client, "/")
    assert html.index(SEED_TITLE) < html.index(
        "Ульяновские и тульские предприятия металлообработки"
    )
    assert 'aria-label="Страницы"' in html


def test_article_page_shows_every_paragraph_in_order_and_quotes_in_house_style(client, demo):
    html = page(client, demo.get_absolute_url()).replace("\u00a0", " ")  # typography's NBSPs
    lines = [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line][:-1]  # the last is the comment box
    assert len(lines) == 16
    positions = [html.index(line) for line in lines if not line.isupper()
                 and not line.split()[-1].isupper()]  # fmt: skip
    assert positions == sorted(positions)
    for name, title, slug in [
        ("Дмитрий МИЛЯЕВ", "Губернатор Тульской области", "dmitry-milyaev"),
        ("Наталья АРТЕМЬЕВА", "Исполнительный директор Центра компетенций развития "
         "промышленности Ульяновской области", "natalya-artemyeva"),
        ("Алексей РУССКИХ", "Губернатор Ульяновской области", "aleksey-russkikh"),
    ]:  # fmt: skip
        assert f'<a class="quote__name" href="/people/{slug}/">{name}</a>' in html
        assert f'<span class="quote__title">{title}</span>' in html
    assert 'href="/regions/ulyanovskaya-oblast/"' in html
    assert 'href="/regions/tulskaya-oblast/"' in html
    assert "Добавить комментарий" not in html.split('class="article__body"')[1].split("</div>")[0]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", SEED_TITLE),
        ("/?page=2", "завершён сезон ремонта региональных дорог"),
        ("/news/", "2025"),
        ("/news/2026/", SEED_TITLE),
        ("/news/2026/11/", SEED_TITLE),
        ("/news/2025/12/", "завершён сезон ремонта региональных дорог"),
        ("/regions/", "Приволжский федеральный округ"),
        ("/regions/ulyanovskaya-oblast/", SEED_TITLE),
        ("/regions/privolzhsky-federalny-okrug/", SEED_TITLE),
        ("/regions/tula/", SEED_TITLE),
        ("/people/", "Миляев Дмитрий Вячеславович"),
        ("/people/dmitry-milyaev/", SEED_TITLE),
        ("/topics/aviatsiya/", SEED_TITLE),
    ],
)
def test_every_public_page_type_renders_the_demo(client, demo, url, expected):
    assert expected in page(client, url)


def test_unknown_pages_answer_a_friendly_404(client, db):
    for url in ["/news/net-takoy/", "/regions/atlantida/", "/people/nikto/", "/topics/net/",
                "/news/1999/13/", "/nothing/"]:  # fmt: skip
        html = page(client, url, status=404)
        assert "Страница не найдена" in html


def test_500_page_is_friendly_and_needs_no_database(rf):
    from pressoffice.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "временно не может показать" in response.content.decode()


def public_urls(client):
    """Every public page of the site, found by following links from the home page."""
    seen, files, queue = set(), set(), ["/"]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:  # an original from the photo bank: a file, no links
            files.add(url)
            continue
        import re

        for link in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
            if not link.startswith(("/static/", "/media/", "/admin/")) and link not in seen:
                if link.startswith("/regions/") and link.count("/") > 2 and not link.startswith(
                    ("/regions/ulyanovskaya", "/regions/tulskaya", "/regions/privolzhsky",
                     "/regions/tsentralny")
                ):  # fmt: skip
                    continue  # 93 empty region pages add nothing but time
                queue.append(link)
    return seen - files


def test_drafts_review_and_future_articles_leak_nowhere(client, demo):
    person = PersonFactory(last_name="Тайнов", first_name="Секрет")
    topic = TopicFactory(name="Секретная тема")
    hidden = [
        ArticleFactory(title="Черновик про секретный завод", status=Article.Status.DRAFT,
                       published_at=None),
        ArticleFactory(title="На проверке про секретный завод", status=Article.Status.REVIEW,
                       published_at=timezone.now() - datetime.timedelta(days=1)),
        ArticleFactory(title="Будущее про секретный завод",
                       published_at=timezone.now() + datetime.timedelta(hours=1)),
    ]  # fmt: skip
    for article in hidden:
        article.regions.set([region("ulyanovskaya-oblast")])
        article.topics.set([topic])
        QuoteBlockFactory(article=article, person=person, quote="Секретная цитата")
    urls = public_urls(client)
    assert len(urls) > 20
    assert "/people/sekret-taynov/" in urls
    for url in urls | {"/topics/sekretnaya-tema/", "/news/2026/", "/?page=2"}:
        html = client.get(url).content.decode()
        assert "секретный завод" not in html, url
        assert "Секретная цитата" not in html, url
    for article in hidden:
        assert client.get(article.get_absolute_url()).status_code == 404


def list_urls():
    return [
        ("/", None),
        ("/news/{year}/", None),
        ("/news/{year}/{month:02d}/", None),
        ("/regions/ulyanovskaya-oblast/", "region"),
        ("/regions/privolzhsky-federalny-okrug/", "region"),
        ("/topics/{topic}/", "topic"),
        ("/people/{person}/", "person"),
        ("/people/", None),
    ]


def make_articles(count, *, topic, person):
    now = timezone.now() - datetime.timedelta(hours=1)
    for number in range(count):
        article = ArticleFactory(published_at=now - datetime.timedelta(minutes=number),
                                 regions=[region("ulyanovskaya-oblast")],
                                 topics=[topic, TopicFactory()])  # fmt: skip
        TextBlockFactory(article=article)
        QuoteBlockFactory(article=article, person=person)
        AppointmentFactory(person=PersonFactory(), starts_on=datetime.date(2020, 1, 1))


@pytest.mark.parametrize(("template", "kind"), list_urls())
def test_list_pages_run_the_same_queries_for_1_and_30_items(
    client, django_assert_num_queries, template, kind
):
    """Guards the N+1 of regions, topics and appointments per listed item."""
    topic = TopicFactory(name="Промышленность")
    person = PersonFactory(last_name="Цитатов", first_name="Пётр")
    AppointmentFactory(person=person)
    now = timezone.localtime()
    url = template.format(year=now.year, month=now.month, topic=topic.slug, person=person.slug)

    make_articles(1, topic=topic, person=person)
    client.get(url)  # warm up: sessions, content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    make_articles(29, topic=topic, person=person)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.status_code == 200


def test_article_page_runs_the_same_queries_with_1_and_30_blocks(client, django_assert_num_queries):
    """Guards the N+1 of each quote's person and each photo."""
    article = ArticleFactory(regions=[region("ulyanovskaya-oblast")], topics=[TopicFactory()])
    QuoteBlockFactory(article=article)
    PhotoFactory(article=article)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(article.get_absolute_url())
    for _ in range(15):
        QuoteBlockFactory(article=article)
        TextBlockFactory(article=article)
        PhotoFactory(article=article)
    with django_assert_num_queries(len(one)):
        html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="quote"') == 16
    assert len(one) <= 6


def test_article_page_shows_gallery_with_alt_caption_and_credit(client):
    photo = PhotoFactory(caption="Подписание соглашения", credit="Иван Фотографов")
    html = page(client, photo.article.get_absolute_url())
    assert f'alt="{photo.alt}"' in html
    assert "Подписание соглашения" in html
    assert "Фото: Иван Фотографов" in html


def test_pages_make_no_third_party_requests(client, demo):
    for url in ["/", demo.get_absolute_url(), "/people/dmitry-milyaev/", "/regions/"]:
        html = page(client, url)
        # What the browser fetches by itself; a plain link (share buttons) loads nothing.
        fetched = (
            r"<(?:img|script|iframe|source|link|video|audio)\b[^>]*?"
            r'(?:src|srcset|href)="((?:https?:)?//[^"]+)"'
        )
        external = re.findall(fetched, html)
        assert [link for link in external if not link.startswith("http://testserver/")] == [], url


@pytest.mark.parametrize(
    ("caption", "shown"),
    [
        ("Учебный класс нового центра", "Учебный класс нового центра. <span"),
        ("Кто здесь учится?", "Кто здесь учится? <span"),
    ],
)
def test_cover_caption_and_credit_read_as_two_sentences(client, caption, shown):
    article = CoveredArticleFactory(cover_caption=caption)
    page = client.get(article.get_absolute_url()).content.decode()
    assert shown + ' class="credit">Фото:' in page
