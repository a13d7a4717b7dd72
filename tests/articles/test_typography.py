import cProfile
import html
import pstats
import re

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.sanitize import sanitize_html
from demo.loader import SEED_TITLE, DemoLoader
from toolkit.templatetags import typography as typography_tags
from toolkit.typography import typograph_html, typograph_text

N = "\u00a0"  # no-break space

HREF = '<a href="https://example.ru/a - b?x="y"">'
IMG = '<img alt="в &quot;Туле&quot; - 5" src="/m/a.jpg">'

CASES = [
    # short words: prepositions, conjunctions, negation glued to the next word
    ("в Тульской области", f"в{N}Тульской области"),
    ("Губернаторы Ульяновской и Тульской", f"Губернаторы Ульяновской и{N}Тульской"),
    ("и в Тульской", f"и{N}в{N}Тульской"),
    ("В Ульяновске и под Тулой", f"В{N}Ульяновске и{N}под Тулой"),
    ("он не знал, но на заводе", f"он не{N}знал, но{N}на{N}заводе"),
    ("Установить связи с бизнесом", f"Установить связи с{N}бизнесом"),
    ("из-за погоды", "из-за погоды"),
    # particles glued to the word before
    ("если бы он же знал ли", f"если{N}бы он{N}же знал{N}ли"),
    # dashes
    ("область - сильный регион", f"область{N}— сильный регион"),
    ("область – сильный регион", f"область{N}— сильный регион"),
    ("область — сильный регион", f"область{N}— сильный регион"),
    (f"область{N}— сильный", f"область{N}— сильный"),
    ("бизнес-миссия и IT-компании", f"бизнес-миссия и{N}IT-компании"),
    ("- Да, - ответил он.", f"—{N}Да,{N}— ответил он."),
    ("<p>- Да.</p><p>– Нет.</p>", f"<p>—{N}Да.</p><p>—{N}Нет.</p>"),
    ("5 - 3 = 2", "5 - 3 = 2"),
    # quotes
    ('завод "Авиастар"', "завод «Авиастар»"),
    ('"Завод "Авиастар" работает"', "«Завод „Авиастар“ работает»"),
    ('ООО"Ромашка"', "ООО«Ромашка»"),
    ('<p>"Это <b>"Авиастар"</b>"</p>', "<p>«Это <b>„Авиастар“</b>»</p>"),
    ('<p>&quot;Ромашка&quot;</p>', "<p>«Ромашка»</p>"),
    # numbers
    ("школа № 5", f"школа №{N}5"),
    ("исполнилось 22 года", f"исполнилось 22{N}года"),
    ("1 500 000 руб.", f"1{N}500{N}000{N}руб."),
    ("рост на 5 %", f"рост на{N}5{N}%"),
    # escaped text stays escaped
    ("<p>a &lt; b &amp; в Туле</p>", f"<p>a &lt; b &amp; в{N}Туле</p>"),
    ("<p>a &lt;b&gt; в Туле</p>", f"<p>a &lt;b&gt; в{N}Туле</p>"),
    # markup, attributes and URLs are never touched
    (
        f"{HREF}в Тульской - области</a>",
        f"{HREF}в{N}Тульской{N}— области</a>",
    ),
    (
        '<a href="/a" title="в Туле - &quot;X&quot;">и в</a> Туле',
        f'<a href="/a" title="в Туле - &quot;X&quot;">и{N}в</a>{N}Туле',
    ),
    (IMG, IMG),
    ("см. https://example.ru/a - b?q=в", f"см. https://example.ru/a{N}— b?q=в"),
    (
        'см. https://example.ru/a"b"?q=в и т.д.',
        f"см. https://example.ru/a&quot;b&quot;?q=в и{N}т.д.",
    ),
    ("www.example.ru/в-и", "www.example.ru/в-и"),
    ("пишите на press@example.ru - ответим", f"пишите на{N}press@example.ru{N}— ответим"),
    ('<p>в <code>"x" - y в</code> и</p>', f'<p>в{N}<code>"x" - y в</code> и</p>'),
    ('<pre>в "x" - y</pre>', '<pre>в "x" - y</pre>'),
    ("<p>без изменений</p><!-- в \"x\" -->", "<p>без изменений</p><!-- в \"x\" -->"),
    ("", ""),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_typograph_html(source, expected):
    assert typograph_html(source) == expected


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_applying_twice_is_applying_once(source, expected):
    assert typograph_html(expected) == expected
    assert typograph_html(typograph_html(source)) == typograph_html(source)


TAG = re.compile(r"<[^>]*>")


@pytest.mark.parametrize(("source", "_"), CASES)
def test_markup_is_byte_identical(source, _):
    assert TAG.findall(typograph_html(source)) == TAG.findall(source)


def test_untouched_text_nodes_keep_their_bytes():
    source = "<p>Ёж&nbsp;&#39;x&#39; и</p><p>в Туле</p>"
    assert typograph_html(source) == f"<p>Ёж&nbsp;&#39;x&#39; и</p><p>в{N}Туле</p>"


def test_output_of_sanitized_html_is_still_sanitized():
    dirty = (
        '<p onclick="x()">в "Туле" - <script>alert(1)</script> &lt;b&gt; '
        '<a href="javascript:x">и</a></p>'
    )
    clean = sanitize_html(dirty)
    result = typograph_html(clean)
    assert result == f'<p>в{N}«Туле»{N}—  &lt;b&gt; <a rel="noopener noreferrer">и</a></p>'
    # the sanitizer has nothing to remove: it only spells the no-break spaces as &nbsp;
    assert sanitize_html(result).replace("&nbsp;", N) == result
    assert "<script" not in result and "<b>" not in result


def test_plain_text_rules():
    assert typograph_text('Он сказал: "в Туле - хорошо"') == f"Он сказал: «в{N}Туле{N}— хорошо»"


def render(template, **context):
    return Template("{% load typography %}" + template).render(Context(context))


def test_text_filter_escapes_then_typographs():
    out = render("{{ v|typographed_text }}", v='<b>"в Туле"</b> & - "да"')
    assert out == f"&lt;b&gt;«в{N}Туле»&lt;/b&gt; &amp;{N}— «да»"


def test_text_filter_output_is_safe_inside_an_attribute():
    out = render('<p title="{{ v|typographed_text }}">', v='"> <script>x</script> http://a/"b"')
    assert '"' not in out[len('<p title="') : -len('">')]
    assert "<script" not in out


def test_html_filter_treats_unmarked_values_as_text():
    assert render("{{ v|typographed_html }}", v="<b>в Туле</b>") == f"&lt;b&gt;в{N}Туле&lt;/b&gt;"
    assert render("{{ v|typographed_html }}", v=mark_safe("<b>в Туле</b>")) == f"<b>в{N}Туле</b>"
    assert render("{{ v|safe|typographed_html }}", v="<b>в Туле</b>") == f"<b>в{N}Туле</b>"


def visible_words(markup):
    """The words a reader sees, with spaces, quotes and dashes normalised away."""
    text = html.unescape(TAG.sub(" ", markup))
    text = text.translate(str.maketrans({N: " ", "«": '"', "»": '"', "„": '"', "“": '"',
                                         "—": "-", "–": "-"}))  # fmt: skip
    return re.findall(r"\w+", text)


def article_body(markup):
    return markup.split('class="article__body"', 1)[1].split("</article>")[0]


@pytest.mark.django_db
def test_seed_article_page_is_typographed_and_keeps_its_words(client, monkeypatch):
    DemoLoader().load()
    url = Article.objects.get(title=SEED_TITLE).get_absolute_url()

    page = client.get(url).content.decode()
    body = article_body(page)
    assert f"Ульяновской и{N}Тульской" in body
    assert f"включая лидеров в{N}машиностроении" in body
    assert f"Одним из{N}ключевых событий" in body
    assert f"Ульяновская область{N}— сильный индустриальный регион" in body
    assert f"Тульская область{N}— сильный регион" in body
    # quotes are typographed too (plain text, escaped)
    assert f"Мы ещё достаточно плохо знаем свою собственную страну. И{N}такие" in body

    cache.clear()
    monkeypatch.setattr(typography_tags, "typograph_html", lambda markup: markup)
    plain = article_body(client.get(url).content.decode())
    assert plain != body
    assert N not in plain
    assert visible_words(body) == visible_words(plain)
    assert len(visible_words(body)) > 300
    assert TAG.findall(body) == TAG.findall(plain)


def calls_of(function, text):
    profile = cProfile.Profile()
    profile.enable()
    function(text)
    profile.disable()
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("function", [typograph_text, typograph_html])
def test_text_without_quotes_or_links_is_not_walked_character_by_character(function):
    """Issue 15: the quotes' pass and the links' restoring pass went through every character
    in Python (about 1,800 calls for an article's body); without a straight quote or a link
    there is nothing for them to do. What remains per sentence is the rules' own (a short
    word's no-break space here): 3 calls, where each of its 68 characters was one more."""
    sentence = "Губернатор области подписал соглашение с руководством предприятия. "
    short, long = calls_of(function, sentence * 10), calls_of(function, sentence * 100)
    assert (long - short) / 90 <= 5, (short, long)
