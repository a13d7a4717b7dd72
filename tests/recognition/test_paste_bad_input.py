"""«Вставить текст» on input it was not made for (issue 14): HTML from a browser, a story in
another language, a Word table. A best-effort draft, never a 500 and never markup as text."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recognition.paste import build_preview, read_docx
from recognition.plaintext import Quote

pytestmark = pytest.mark.django_db

HTML = """<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>
<h1>Губернатор открыл школу</h1>
<p>В Туле открылась новая школа на 1&nbsp;100 мест.</p>
<p>«Мы ждали этого дня три года», — отметил губернатор Тульской области
<a href="/people/milyaev">Дмитрий Миляев</a>.</p><div>Школа начнёт работу 1 сентября.</div>
</body></html>"""


def test_html_from_a_browser_becomes_paragraphs_and_quotes():
    preview = build_preview(HTML, title="Школа")

    assert preview.story.lead == "Губернатор открыл школу"
    texts = [item if isinstance(item, str) else item.quote for item in preview.items]
    assert texts[0] == "В Туле открылась новая школа на 1 100 мест."
    quote = preview.quotes[0].quote
    assert (quote.first_name, quote.last_name, quote.text) == (
        "Дмитрий", "Миляев", "Мы ждали этого дня три года",
    )  # fmt: skip
    joined = " ".join(str(t) for t in texts)
    assert "<" not in joined and "alert" not in joined and "color" not in joined
    assert [r.name for r in preview.regions][:1] == ["Тульская область"]


def test_a_story_in_another_language_is_a_draft_of_paragraphs():
    preview = build_preview(
        'The governor opened a school.\n"We waited three years", said the governor.\nEnd.'
    )

    assert not preview.quotes and not preview.regions
    assert len(preview.items) == 2


def test_a_word_table_is_kept_row_by_row():
    import docx

    document = docx.Document()
    document.add_paragraph("Итоги года в цифрах")
    document.add_paragraph("Область перевыполнила план по жилью.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Жильё", "1,1 млн кв. м"
    table.cell(1, 0).text, table.cell(1, 1).text = "Дороги", "320 км"
    buffer = io.BytesIO()
    document.save(buffer)

    text = read_docx(SimpleUploadedFile("itogi.docx", buffer.getvalue()))

    assert text.splitlines()[-2:] == ["Жильё — 1,1 млн кв. м", "Дороги — 320 км"]
    assert not any(isinstance(item, Quote) for item in build_preview(text).items)


def test_a_region_only_a_speaker_mentions_is_not_the_storys():
    """Issue 14: «гости из Петербурга и Москвы» in a Karelian official's words is not what the
    story is about; the regions of the story's own words are."""
    story = (
        "В Карелии открыли новую туристическую тропу.\n"
        "Тропа длиной 12 километров проходит вдоль Онежского озера в Республике Карелия.\n"
        "«Гости из Петербурга и Москвы всё чаще приезжают к нам на неделю», — отметил министр "
        "туризма Республики Карелия Иван Петров."
    )

    names = [region.name for region in build_preview(story).regions]
    assert names[0] == "Республика Карелия"
    assert "Москва" not in names and "Санкт-Петербург" not in names


def test_a_region_only_in_quotes_is_kept_when_the_story_names_no_other():
    story = "Лид без мест.\n«В Туле всё готово к празднику», — сказал Иван Петров."

    # The city of Tula, a municipality of the office, with its subject.
    regions = [region.name for region in build_preview(story).regions]
    assert regions[:2] == ["Тула", "Тульская область"]
