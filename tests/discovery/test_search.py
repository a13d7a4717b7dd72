"""Search: word forms, ranking, filters, hostile input, fixed queries; on SQLite and PostgreSQL."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Block
from demo.loader import SEED_TITLE, DemoLoader
from discovery.search import limits
from discovery.search.query import QUERY_MAX_LENGTH, parse_query
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    region,
)

pytestmark = pytest.mark.django_db

URL = "/search/"
WORD = "элеватор"  # in no demo story and no factory default


@pytest.fixture
def demo(db):
    DemoLoader().load()
    return Article.objects.get(title=SEED_TITLE)


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, params
    return response.content.decode()


def main(html):
    return html.split('<main id="content"', 1)[1].split("</main>", 1)[0]


def found_titles(html):
    """Titles of the results in order, without the <mark> of the words found."""
    titles = re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles]


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


# Word forms: the seed story is found by what a reader would type.


@pytest.mark.parametrize(
    "query",
    [
        "губернатор области",  # «Губернаторы … областей» in the title
        "тульская",  # «Тульской»
        "Миляев",  # a quote's speaker
        "ТУЛЬСКОЙ ОБЛАСТИ",  # capitals, as titles are written in the plain-text format
        '"плохо знаем свою собственную страну"',  # a phrase of a quote
        "установление кооперационных цепочек",  # words of a quote
        "локализация компонентов оснастка",  # words of the last body paragraph
        '"круглый стол с участием представителей"',  # a phrase of a body paragraph
    ],
)
def test_the_seed_story_is_found_in_any_word_form(client, demo, query):
    html = search(client, q=query)
    assert SEED_TITLE in found_titles(html)


def test_words_found_are_marked_in_title_and_snippet(client, demo):
    html = search(client, q="губернатор области")
    assert "<mark>Губернаторы</mark>" in html
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>" in snippet


def test_result_count_is_in_russian_plural(client):
    for number, expected in [(1, "1 материал"), (3, "3 материала"), (11, "11 материалов")]:
        Article.objects.all().delete()
        for _ in range(number):
            ArticleFactory(title=f"Открыт {WORD}")
        assert f"Найдено: {expected}<" in search(client, q=WORD)


def test_only_the_newest_matches_are_ranked_and_the_page_says_there_are_more(client, monkeypatch):
    """A word found in half the archive: ranking reads only the newest RANKED_LIMIT matches
    (the index stops there), and the reader is told to narrow by date for older ones."""
    monkeypatch.setattr(limits, "RANKED_LIMIT", 2)
    now = timezone.now()
    old_but_best = ArticleFactory(
        title=f"{WORD} {WORD} открыт", published_at=now - datetime.timedelta(days=400)
    )
    newer = [
        ArticleFactory(lead=f"Рядом {WORD}.", published_at=now - datetime.timedelta(days=days))
        for days in (1, 2)
    ]
    page = search(client, q=WORD)
    assert "Найдено: больше 2 материалов<" in page
    assert "укажите период" in page
    assert set(found_titles(page)) == {article.title for article in newer}
    assert old_but_best.title not in found_titles(page)
    # Within the period the old one is found again, and no «больше».
    day = timezone.localtime(old_but_best.published_at).date().isoformat()
    narrowed = search(client, q=WORD, date_from=day, date_to=day)
    assert found_titles(narrowed) == [old_but_best.title]
    assert "больше" not in narrowed


def test_a_word_in_the_title_ranks_above_the_lead_and_the_lead_above_the_body(client):
    now = timezone.now()
    in_body = ArticleFactory(title="Уборка урожая завершена", published_at=now)
    TextBlockFactory(article=in_body, text=f"<p>Зерно свезли на {WORD}: {WORD} заполнен.</p>")
    in_lead = ArticleFactory(
        title="Новые склады зерна", lead=f"В районе построен {WORD}.", published_at=now
    )
    in_title = ArticleFactory(
        title=f"Открыт {WORD} в Новоспасском", published_at=now - datetime.timedelta(days=30)
    )
    titles = found_titles(search(client, q="элеваторы"))
    assert titles == [in_title.title, in_lead.title, in_body.title]


def test_only_published_articles_are_found(client):
    past = timezone.now() - datetime.timedelta(days=1)
    ArticleFactory(title=f"{WORD} опубликован")
    hidden = [
        ArticleFactory(title=f"{WORD} черновик", status=Article.Status.DRAFT, published_at=None),
        ArticleFactory(title=f"{WORD} на проверке", status=Article.Status.REVIEW),
        ArticleFactory(
            title=f"{WORD} в будущем", published_at=timezone.now() + datetime.timedelta(days=1)
        ),
        ArticleFactory(title=f"{WORD} снят", status=Article.Status.WITHDRAWN, published_at=past),
    ]
    for article in hidden:
        TextBlockFactory(article=article, text=f"<p>Секретный {WORD}.</p>")
    html = search(client, q=WORD)
    assert found_titles(html) == [f"{WORD} опубликован"]
    for article in hidden:
        assert article.title not in html
    assert "Секретный" not in html


# Filters


@pytest.fixture
def regional():
    """A story of Tula (Central district) and one of Ulyanovsk (Volga district)."""
    tula = ArticleFactory(title=f"Тульский {WORD}", regions=[region("tulskaya-oblast")])
    ulyanovsk = ArticleFactory(title=f"Ульяновский {WORD}", regions=[region("ulyanovskaya-oblast")])
    return tula, ulyanovsk


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("tulskaya-oblast", ["Тульский"]),
        ("tsentralny-federalny-okrug", ["Тульский"]),  # a district includes its subjects
        ("privolzhsky-federalny-okrug", ["Ульяновский"]),
        ("", ["Тульский", "Ульяновский"]),
    ],
)
def test_region_filter_includes_a_districts_subjects(client, regional, slug, expected):
    titles = found_titles(search(client, q=WORD, region=slug))
    assert sorted(title.split()[0] for title in titles) == expected


def test_an_article_of_two_regions_of_a_district_is_found_once(client):
    ArticleFactory(
        title=WORD, regions=[region("tulskaya-oblast"), region("tsentralny-federalny-okrug")]
    )
    html = search(client, q=WORD, region="tsentralny-federalny-okrug")
    assert found_titles(html) == [WORD]
    assert "Найдено: 1 материал<" in html


def test_person_filter_finds_articles_quoting_them(client):
    speaker, other = PersonFactory(last_name="Миляев"), PersonFactory(last_name="Русских")
    QuoteBlockFactory(article=ArticleFactory(title=f"Первый {WORD}"), person=speaker)
    QuoteBlockFactory(article=ArticleFactory(title=f"Второй {WORD}"), person=other)
    assert found_titles(search(client, q=WORD, person=speaker.slug)) == [f"Первый {WORD}"]
    assert found_titles(search(client, person=other.slug)) == [f"Второй {WORD}"]


def test_topic_filter(client):
    aviation, roads = TopicFactory(name="Авиация"), TopicFactory(name="Дороги")
    ArticleFactory(title=f"Авиационный {WORD}", topics=[aviation])
    ArticleFactory(title=f"Дорожный {WORD}", topics=[roads])
    assert found_titles(search(client, q=WORD, topic=aviation.slug)) == [f"Авиационный {WORD}"]


def test_date_range_includes_both_ends(client):
    for day in (9, 10, 11, 12):
        ArticleFactory(title=f"{WORD} {day} марта", published_at=local(2025, 3, day, 23, 30))
    titles = found_titles(search(client, q=WORD, date_from="2025-03-10", date_to="2025-03-11"))
    assert titles == [f"{WORD} 11 марта", f"{WORD} 10 марта"]


def test_filters_without_words_list_the_filtered_news_newest_first(client, regional):
    tula, _ = regional
    html = search(client, region="tulskaya-oblast")
    assert found_titles(html) == [tula.title]
    assert "сначала новые" in html


def test_invalid_filters_are_explained_and_left_out(client, regional):
    html = search(client, q=WORD, region="atlantida", date_from="31.02.2025", topic="<b>")
    assert len(found_titles(html)) == 2
    assert html.count("Фильтр не применён.") == 3
    html = search(client, q=WORD, date_from="2025-03-11", date_to="2025-03-10")
    assert "поменяйте даты местами" in html
    html = search(client, q=WORD, date_from="0001-01-01", date_to="9999-12-31")
    assert len(found_titles(html)) == 2


# The form and the page


def test_an_empty_query_shows_the_form_and_no_results(client, demo):
    html = search(client, q="")
    assert 'role="search"' in html and "<legend>Уточнить поиск</legend>" in html
    assert "Напишите, что ищете" in html
    assert found_titles(html) == [] and "Найдено" not in html
    assert "Напишите, что ищете" in search(client)


def test_the_form_is_labelled_and_offers_regions_people_and_topics(client, demo):
    html = main(search(client, q="тульская"))
    for field in ("q", "region", "person", "topic", "date_from", "date_to"):
        assert f'<label for="id_{field}">' in html, field
    assert "<legend>Дата публикации</legend>" in html
    assert '<optgroup label="Центральный федеральный округ">' in html
    assert '<option value="tsentralny-federalny-okrug">' in html
    assert '<option value="tulskaya-oblast">Тульская область</option>' in html
    assert '<option value="dmitry-milyaev">Миляев Дмитрий Вячеславович</option>' in html
    assert "Машиностроение</option>" in html
    assert 'aria-describedby="id_q_helptext"' in html


def test_the_header_form_leads_to_the_search_page(client, demo):
    html = search(client, q="тульская").split('<main id="content"', 1)[0]
    assert 'action="/search/"' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_pagination_keeps_the_query_and_filters(client):
    for number in range(12):
        ArticleFactory(title=f"{WORD} {number}", regions=[region("tulskaya-oblast")])
    html = search(client, q=WORD, region="tulskaya-oblast")
    assert 'aria-label="Страницы результатов поиска"' in html
    assert "?q=%D1%8D%D0%BB%D0%B5%D0%B2%D0%B0%D1%82%D0%BE%D1%80" in html
    assert "region=tulskaya-oblast&amp;page=2" in html
    second = search(client, q=WORD, region="tulskaya-oblast", page=2)
    assert len(found_titles(second)) == 2
    assert 'start="11"' in second
    for page in ("99", "abc", "-1"):
        assert found_titles(search(client, q=WORD, page=page))


# Whatever is typed, a calm page that shows the query back, escaped


@pytest.mark.parametrize(
    ("query", "echo"),
    [
        ("'; DROP TABLE articles_article; --", "&#x27;; DROP TABLE articles_article; --"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a & | ! :* ((", "a &amp; | ! :* (("),
        ("%_\\", "%_\\"),
        ('"незакрытая кавычка', "&quot;незакрытая кавычка"),
        ("губернатор:* & !области | (тульская <-> <2>", "губернатор:* &amp; !области"),
        ("-губернатор", "-губернатор"),
        ("и в на", "и в на"),
        ("\x00губернатор\x1f", "губернатор"),
        ("'" * 300, "&#x27;" * QUERY_MAX_LENGTH),
    ],
)
def test_a_hostile_query_gets_a_calm_answer(client, demo, query, echo):
    html = main(search(client, q=query))
    # Jinja2 (the page's content) escapes quotes as Django does (pressoffice/jinja2.py).
    assert echo in html
    assert "<script>" not in html
    assert "Найдено" in html or "Ничего не найдено" in html or "нет слов" in html


def test_an_overlong_query_is_cut_and_said_so(client, demo):
    html = main(search(client, q="тульская " + "а" * 10_000))
    assert f"длиннее {QUERY_MAX_LENGTH} знаков" in html
    assert "а" * (QUERY_MAX_LENGTH + 1) not in html
    assert f'maxlength="{QUERY_MAX_LENGTH}"' in html


def test_markup_in_an_article_is_escaped_in_the_snippet(client):
    article = ArticleFactory(title="Соглашение подписано")
    QuoteBlockFactory(article=article, quote=f'<script>alert("x")</script> {WORD} <b>тут</b>')
    html = main(search(client, q=WORD))
    assert found_titles(html) == [article.title]
    assert "<script>" not in html and "<b>" not in html
    assert f"<mark>{WORD}</mark>" in html


def test_queries_are_reduced_to_words_before_the_database():
    assert parse_query("a & | ! :* ((").as_websearch() == "a"
    assert parse_query("'; DROP TABLE x; --").as_websearch() == "DROP TABLE x"
    query = parse_query('губернатор "тульской области" -Миляев or авиация')
    assert query.as_websearch() == 'губернатор "тульской области" -Миляев or авиация'
    assert parse_query("бизнес-миссия").as_websearch() == '"бизнес миссия"'
    assert not parse_query("и в на или") and not parse_query("-губернатор")
    assert len(parse_query("слово " * 1000).text) <= QUERY_MAX_LENGTH


def test_websearch_syntax_phrases_exclusions_and_alternatives(client):
    ArticleFactory(title="Губернатор Тульской области посетил завод")
    ArticleFactory(title="Область и губернатор: итоги года")
    ArticleFactory(title="Авиация региона")
    assert found_titles(search(client, q='"губернатор тульской области"')) == [
        "Губернатор Тульской области посетил завод"
    ]
    assert found_titles(search(client, q="губернатор -завод")) == [
        "Область и губернатор: итоги года"
    ]
    assert sorted(found_titles(search(client, q="завод or авиация"))) == [
        "Авиация региона",
        "Губернатор Тульской области посетил завод",
    ]


# The index follows every edit


def test_search_follows_edits_of_blocks_titles_and_speakers(client):
    article = ArticleFactory(title="Новости района")
    block = TextBlockFactory(article=article, text=f"<p>Построен {WORD}.</p>")
    assert found_titles(search(client, q=WORD)) == [article.title]

    block.text = "<p>Построен силос.</p>"
    block.save()
    assert found_titles(search(client, q=WORD)) == []
    assert found_titles(search(client, q="силосы")) == [article.title]

    Block.objects.filter(pk=block.pk).delete()
    assert found_titles(search(client, q="силос")) == []

    Article.objects.filter(pk=article.pk).update(title="Открыта мельница")
    assert found_titles(search(client, q="мельницы")) == ["Открыта мельница"]

    speaker = PersonFactory(last_name="Сидоренко")
    QuoteBlockFactory(article=article, person=speaker, quote="Работаем.")
    speaker.last_name = "Петрова"
    speaker.save()
    assert found_titles(search(client, q="Петровой")) == ["Открыта мельница"]
    assert found_titles(search(client, q="Сидоренко")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
def test_postgresql_finds_matches_through_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT article_id FROM articles_searchdocument "
            "WHERE document @@ websearch_to_tsquery('russian', 'губернатор')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "articles_searchdocument_gin" in plan


# Fixed query counts


def test_search_runs_the_same_queries_with_1_and_30_results(client, django_assert_num_queries):
    """Guards the N+1 of each result's regions and of the filters' choices."""
    tula = region("tulskaya-oblast")
    ArticleFactory(title=f"{WORD} 0", regions=[tula], topics=[TopicFactory()])
    params = {"q": WORD, "region": "tsentralny-federalny-okrug"}
    client.get(URL, params)
    with CaptureQueriesContext(connection) as one:
        html = search(client, **params)
    assert "Найдено: 1 материал<" in html
    expected = len(one)  # read before the next request resets the connection's log
    topic = TopicFactory()
    for number in range(1, 30):
        article = ArticleFactory(title=f"{WORD} {number}", regions=[tula], topics=[topic])
        QuoteBlockFactory(article=article)
    client.get(URL, params)  # the choices of the new data are built once (test_search_form.py)
    with django_assert_num_queries(expected):
        html = search(client, **params)
    assert "Найдено: 30 материалов<" in html
    # The page's regions; then count and page in one query on PostgreSQL, or on SQLite the
    # scan of titles and of blocks and the page. The choices take none.
    assert expected <= 4
