import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, Block
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    PersonFactory,
    QuoteBlockFactory,
    TextBlockFactory,
)
from toolkit.text import slugify_ru

pytestmark = pytest.mark.django_db

SEED_TITLE = "Губернаторы Ульяновской и Тульской областей подписали соглашение о сотрудничестве"


def test_slug_is_readable_latin_from_the_russian_title():
    article = ArticleFactory(title=SEED_TITLE)
    assert article.slug == (
        "gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Щёлково: ёлки и «Жигули» — 2026", "schelkovo-elki-i-zhiguli-2026"),
        ("IT-парк «Технопарк»", "it-park-tekhnopark"),
        ("   ", ""),
    ],
)
def test_slugify_ru(text, slug):
    assert slugify_ru(text) == slug


def test_long_title_is_cut_at_a_word_boundary():
    slug = slugify_ru("Очень длинный заголовок " * 20, max_length=60)
    assert len(slug) <= 60
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in {"ochen", "dlinny", "zagolovok"}


def test_same_title_gets_a_unique_slug():
    first = ArticleFactory(title="Открыт новый мост")
    second = ArticleFactory(title="Открыт новый мост")
    third = ArticleFactory(title="Открыт новый мост")
    assert [first.slug, second.slug, third.slug] == [
        "otkryt-novy-most",
        "otkryt-novy-most-2",
        "otkryt-novy-most-3",
    ]


def test_slug_does_not_change_when_a_published_title_is_edited():
    article = ArticleFactory(title="Открыт новый мост")
    article.title = "Открыт новый мост через Волгу"
    article.save()
    article.refresh_from_db()
    assert article.slug == "otkryt-novy-most"


def test_duplicate_slug_is_refused_by_the_database():
    ArticleFactory(slug="same")
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="same")


def test_published_excludes_drafts_review_and_future():
    now = timezone.now()
    visible = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(status=Article.Status.REVIEW, published_at=now - datetime.timedelta(days=1))
    scheduled = ArticleFactory(published_at=now + datetime.timedelta(minutes=5))
    assert list(Article.objects.published()) == [visible]
    assert scheduled.is_scheduled and not scheduled.is_public


def test_scheduled_article_appears_by_itself_when_its_time_comes():
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(seconds=1))
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Article.objects.published().get() == article


def test_publishing_without_a_date_stamps_now():
    article = ArticleFactory(published_at=None)
    assert article.published_at is not None
    assert article.published_at <= timezone.now()


def test_cover_requires_alt_text_caption_and_credit():
    article = ArticleFactory.build(cover="covers/x.jpg", cover_alt="", cover_credit="")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert set(error.value.message_dict) >= {"cover_alt", "cover_caption", "cover_credit"}


def test_database_refuses_a_cover_without_alt_text():
    with pytest.raises(IntegrityError):
        ArticleFactory(cover="covers/x.jpg", cover_caption="Подпись", cover_credit="Автор")


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<img src="/media/ok.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">ссылка</a>',
    '<a href="JaVaScRiPt:alert(1)">ссылка</a>',
    '<a href="&#106;avascript:alert(1)">ссылка</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ссылка</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name="x"></form>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p onmouseover="alert(1)">текст</p>',
    '<p style="background:url(javascript:alert(1))">текст</p>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{display:none}</style>",
    '<img src="https://tracker.example/pixel.gif" alt="">',
    '<img src="//tracker.example/pixel.gif" alt="">',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
]
FORBIDDEN = ["<script", "onerror", "onload", "onmouseover", "ontoggle", "javascript:", "<iframe",
             "<form", "<input", "<svg", "<object", "<embed", "<style", "<base", "<meta", "<link",
             "style=", "data:text", "tracker.example", "evil.example", "<video"]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_text_block_html_is_sanitized_on_save(payload):
    block = TextBlockFactory(text=f"<p>До</p>{payload}<p>После</p>")
    block.refresh_from_db()
    stored = block.text.lower()
    assert not [bad for bad in FORBIDDEN if bad in stored]
    assert "<p>до</p>" in stored


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_quote_text_is_escaped_on_the_page(client, payload):
    block = QuoteBlockFactory(quote=f"Слова {payload}")
    response = client.get(block.article.get_absolute_url())
    html = response.content.decode().lower()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert not [bad for bad in ["<iframe", "<form action", "onerror=\"", "<svg onload"]
                if bad in html]  # fmt: skip


def test_sanitizer_keeps_the_editors_formatting():
    html = (
        "<h2>Итоги</h2><p><strong>Жирный</strong> и <em>курсив</em></p>"
        "<ul><li>пункт</li></ul><ol><li>первый</li></ol><blockquote>цитата</blockquote>"
        "<table><thead><tr><th>Год</th></tr></thead><tbody><tr><td>2026</td></tr></tbody></table>"
        '<p><a href="https://ulgov.ru/">сайт</a> <img src="/media/a.jpg" alt="схема"></p>'
    )
    stored = TextBlockFactory(text=html).text
    for kept in ["<h2>", "<strong>", "<em>", "<ul>", "<ol>", "<blockquote>", "<table>", "<th>",
                 'href="https://ulgov.ru/"', 'src="/media/a.jpg"', 'alt="схема"']:  # fmt: skip
        assert kept in stored


def test_quote_title_is_taken_on_the_articles_date_and_kept_as_published():
    person = PersonFactory()
    AppointmentFactory(
        person=person,
        title="Министр промышленности",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2026, 1, 31),
    )
    article = ArticleFactory(
        published_at=timezone.make_aware(datetime.datetime(2025, 6, 1, 12, 0))
    )  # fmt: skip
    block = QuoteBlockFactory(article=article, person=person)
    assert block.person_title == "Министр промышленности"

    AppointmentFactory(person=person, title="Губернатор Ульяновской области",
                       starts_on=datetime.date(2026, 2, 1))  # fmt: skip
    block.quote = "Исправленная опечатка."
    block.save()
    block.refresh_from_db()
    assert block.person_title == "Министр промышленности"
    assert person.title_on(timezone.localdate()) == "Губернатор Ульяновской области"


def test_editor_may_override_the_quote_title():
    block = QuoteBlockFactory(person_title="Глава делегации")
    assert block.person_title == "Глава делегации"


def test_quote_needs_a_person_and_text():
    block = Block(article=ArticleFactory(), kind=Block.Kind.QUOTE, quote="  ")
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert set(error.value.message_dict) == {"person", "quote"}


def test_text_block_that_sanitizes_to_nothing_is_refused():
    block = Block(article=ArticleFactory(), kind=Block.Kind.TEXT, text="<script>x</script>")
    with pytest.raises(ValidationError) as error:
        block.full_clean()
    assert "text" in error.value.message_dict
