"""Search snippets on PostgreSQL come from each article's body stored as plain text, kept
current on every write path, instead of being rebuilt from the blocks for every result."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Block
from discovery.search.prepared import is_search
from discovery.search.scanned import bodies
from tests.factories import ArticleFactory, PersonFactory, QuoteBlockFactory, TextBlockFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cuts snippets in Python"),
]

WORD = "элеватор"


def stale_texts():
    """Articles whose stored text is not what articles_search_body() makes of them now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_article a "
            "FULL JOIN articles_searchtext t ON t.article_id = a.id "
            "WHERE a.id IS NULL OR t.body IS DISTINCT FROM articles_search_body(a.id)"
        )
        return cursor.fetchone()[0]


def source(statement):
    """The SQL of a search statement, the prepared one's as PostgreSQL keeps it."""
    if not statement.startswith("EXECUTE "):
        return statement
    with connection.cursor() as cursor:
        name = statement.split()[1]
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE name = %s", [name])
        return cursor.fetchone()[0]


def snippet(client, query):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/search/", {"q": query}).content.decode()
    (statement,) = [q["sql"] for q in queries.captured_queries if is_search(q["sql"])]
    assert "articles_search_body" not in source(statement)  # read, not rebuilt per result
    found = re.search(r'class="search-result__snippet">(.*?)</p>', html, re.S)
    return found.group(1) if found else None


def test_the_snippet_is_cut_from_the_stored_text(client):
    speaker = PersonFactory(last_name="Миляев", first_name="Дмитрий", patronymic="")
    article = ArticleFactory(title="Итоги уборки", lead="Урожай собран.")
    TextBlockFactory(article=article, position=1, text=f"<p>Зерно везут на <b>{WORD}</b>.</p>")
    QuoteBlockFactory(article=article, position=2, person=speaker, quote="Справились.")
    assert f"<mark>{WORD}</mark>" in snippet(client, WORD)
    assert "<b>" not in snippet(client, WORD)
    assert "Дмитрий <mark>Миляев</mark> «Справились" in snippet(client, "Миляев")


def test_the_stored_text_follows_every_write(client):
    speaker = PersonFactory(last_name="Сидоренко")
    article = ArticleFactory(title="Новости района")
    block = TextBlockFactory(article=article, text=f"<p>Построен {WORD}.</p>")
    QuoteBlockFactory(article=article, person=speaker, quote="Работаем.")
    other = ArticleFactory(title="Другая новость")
    TextBlockFactory(article=other, text="<p>Первый абзац.</p>")
    assert stale_texts() == 0

    block.text = "<p>Построен силос &amp; склад.</p>"
    block.save()
    Block.objects.filter(article=other).update(text="<p>Второй абзац.</p>")
    speaker.last_name = "Петрова"
    speaker.save()
    assert stale_texts() == 0
    assert "силос &amp;amp; склад" not in (snippet(client, "силос") or "")
    assert "<mark>силос</mark> &amp; склад" in snippet(client, "силос")
    assert "<mark>Петрова</mark>" in snippet(client, "Петрова")
    assert snippet(client, WORD) is None

    Block.objects.filter(pk=block.pk).delete()
    Article.objects.filter(pk=other.pk).delete()
    assert stale_texts() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_searchtext")
        assert cursor.fetchone()[0] == 1


def test_python_builds_the_body_as_the_database_function_does():
    """SQLite's search builds each article's body in Python (search.bodies); it must be the
    text articles_search_body() gives PostgreSQL's documents and snippets."""
    speaker = PersonFactory(first_name="Дмитрий", last_name="Миляев")
    untitled = PersonFactory(first_name="Анна", last_name="Седова")
    article = ArticleFactory()
    html = "<p>Цех&nbsp;№ 5: <b>станки</b> &amp; роботы,  «Т&lt;1&gt;».</p>"
    TextBlockFactory(article=article, position=1, text=html)
    QuoteBlockFactory(article=article, position=2, person=speaker, quote="Справились.")
    QuoteBlockFactory(article=article, position=3, person=untitled, person_title="",
                      person_title_manual=True, quote="Работаем.")  # fmt: skip
    TextBlockFactory(article=article, position=4, text="<ul><li>Один</li><li>Два</li></ul>")
    with connection.cursor() as cursor:
        cursor.execute("SELECT articles_search_body(%s)", [article.pk])
        (in_sql,) = cursor.fetchone()
    assert bodies(Article.objects.filter(pk=article.pk)) == {article.pk: in_sql}


def filler(words, stem="слово"):
    return " ".join(f"{stem}{number}" for number in range(words))


def test_a_long_text_is_headlined_around_the_first_words_found(client):
    """ts_headline parses what it is given: an excerpt from before the first match, not the
    whole text, whose farther matches are left to the article itself."""
    article = ArticleFactory(title="Итоги уборки", lead="Урожай собран.")
    body = (
        f"{filler(300)} Зерно везут на {WORD} в Тулу. {filler(300, 'знак')} Второй {WORD} в конце."
    )
    TextBlockFactory(article=article, text=f"<p>{body}</p>")
    found = snippet(client, WORD)
    assert found.count("<mark>") == 1 and f"<mark>{WORD}</mark> в Тулу" in found
    assert "в конце" not in found and "слово0 " not in found
    # One window of the text, from a few words before it, with «… » where it is cut, as on
    # SQLite (discovery/search/highlight.py: snippet()).
    assert found.startswith("… ") and found.endswith(" …")
    text = re.sub(r"</?mark>", "", found).removeprefix("… ").removesuffix(" …")
    assert f" {text} " in f" {body} "  # none cut short
    assert 20 <= len(text.split()) <= 40 and text.split().index(WORD) in range(4, 10)


@pytest.mark.parametrize(
    ("query", "first", "second"),
    [
        # The phrase's first word alone comes first: the excerpt starts at the phrase.
        ('"сельского хозяйства"', "Сельскохозяйственный сезон. Министерство сельского хозяйства",
         "сельского хозяйства"),
        # A stop word of the phrase stands for a word between the others.
        ('"губернатор и правительство"', "Губернатор приехал. Губернатор и правительство",
         "губернатор и правительство"),
        # A hyphen is between two words as a space is.
        ("Санкт-Петербург", "Из Санкт-Петербурга", "Санкт-Петербург"),
    ],
)  # fmt: skip
def test_a_long_text_is_headlined_around_the_first_phrase_found(client, query, first, second):
    """As a word is: a phrase's excerpt starts before the phrase, not before its first word."""
    body = f"{filler(300)} {first} в Тулу. {filler(300, 'знак')} Второй раз {second} в конце."
    TextBlockFactory(article=ArticleFactory(title="Новости района"), text=f"<p>{body}</p>")
    found = snippet(client, query)
    assert "в Тулу" in found and "<mark>" in found
    assert "в конце" not in found and "слово0 " not in found  # the excerpt, not the whole text


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        # The first word found is not the phrase: the whole text is headlined after all.
        (f"Сельскохозяйственный сезон. {filler(200)} День работника сельского хозяйства.",
         '"сельского хозяйства"', "<mark>сельского</mark> <mark>хозяйства</mark>"),
        # «ё» is «е» in the lexeme, and stays «ё» in the text.
        (f"{filler(200)} Посадили зелёный сквер.", "зеленый", "<mark>зелёный</mark>"),
        (f"{filler(200)} Посадили ЗЕЛЁНЫЙ сквер.", "зелёный", "<mark>ЗЕЛЁНЫЙ</mark>"),
    ],
)  # fmt: skip
def test_a_long_text_is_marked_wherever_the_words_are(client, text, query, marked):
    TextBlockFactory(article=ArticleFactory(title="Новости района"), text=f"<p>{text}</p>")
    assert marked in snippet(client, query)
