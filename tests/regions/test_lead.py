"""Where a pasted story's lead says what it is about (regions.lead, issue 14): the headline
and the lead's first sentence, after the dateline an agency puts first."""

import pytest

from regions.lead import first_sentence_end


@pytest.mark.parametrize(
    ("lead", "first"),
    [
        ("ТУЛА, 5 декабря. В Туле открыли завод. Окна уйдут в Калугу.", "В Туле открыли завод."),
        ("Пермь. 3 декабря — В Перми открыли мост. Его строили два года.",
         "В Перми открыли мост."),
        ("НИЖНИЙ НОВГОРОД, 4 декабря 2026 года. Бюджет принят. Дума голосовала.",
         "Бюджет принят."),
        ("В Орле открыли парк. «Гуляйте», — сказал мэр.", "В Орле открыли парк."),
    ],
)  # fmt: skip
def test_the_first_sentence_ends_after_the_dateline(lead, first):
    text = f"Заголовок\n{lead}\nАбзац."
    head_length = len(f"Заголовок\n{lead}")
    assert (
        text[: first_sentence_end(text, head_length)]
        == f"Заголовок\n{lead[: lead.index(first) + len(first)]}"
    )


def test_a_lead_of_one_sentence_or_a_story_without_a_headline_leads_whole():
    text = "Заголовок\nВ Туле открыли завод 5 декабря\nАбзац."
    assert first_sentence_end(text, 40) == 40
    assert first_sentence_end("Один абзац. Ещё предложение.", 20) == 20
