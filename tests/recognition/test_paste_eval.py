"""The «Вставить текст» evaluation (issue 14): its arithmetic, and that its labels are sound."""

import json
import re
from pathlib import Path

import pytest

from recognition import paste_eval
from recognition.paste_eval import Found, Story, Totals, match_quotes, opening, score_regions

REGIONS = json.loads(
    (Path(__file__).parents[2] / "regions/data/regions.json").read_text(encoding="utf-8")
)
REGION_KEYS = {region["code"] or region["slug"] for region in REGIONS}
STYLES = {
    "after", "after-name", "title-only", "acting", "kak-zayavil", "po-slovam", "straight",
    "colon", "dash", "interrupted", "no-marks", "transcript", "house",
}  # fmt: skip
STORIES = {name: paste_eval.load_set(paste_eval.EVAL_DIR / name) for name in paste_eval.SETS}
ALL_STORIES = [story for stories in STORIES.values() for story in stories]


def story(quotes=(), regions=()):
    return Story(name="t", text="", title="", quotes=list(quotes), regions=set(regions))


def label(starts, speaker="Иван Петров", title="министр"):
    return {"speaker": speaker, "title": title, "starts": starts, "style": "after"}


@pytest.mark.parametrize("text", ["«Мы — мост»", '"Мы - мост"', "“Мы  –  мост”", "„Мы – мост“"])
def test_quote_marks_dashes_and_spaces_are_one_form(text):
    assert paste_eval.normalise(text) == '"мы - мост"'


@pytest.mark.parametrize(
    "text", ["— Мы построим", "– Мы построим", "- Мы построим", "«Мы построим"]
)
def test_a_quote_opens_without_its_mark_or_dash(text):
    assert opening(text) == "мы построим"


def test_yo_and_case_are_ignored():
    assert opening("«Всё ЕЩЁ впереди»").startswith(opening("все еще"))


def test_found_quote_matches_a_label_by_its_first_words():
    found = [Found("«Мы построим мост к осени»", "Иван Петров", "министр")]
    assert match_quotes(found, [label("Мы построим мост")]) == [(0, 0)]
    assert match_quotes(found, [label("Мост построим")]) == []


def test_each_label_is_matched_once():
    found = [Found("Да, это так", "", ""), Found("Да, это так", "", "")]
    assert match_quotes(found, [label("Да, это")]) == [(0, 0)]


def test_precision_and_recall_arithmetic():
    totals = Totals()
    found = [
        Found("Мы построим мост", "Иван Петров", "Министр"),  # right, title in another case
        Found("Дороги будут", "Пётр Иванов", "мэр"),  # right quote, wrong speaker and title
        Found("Лишнее", "Кто-то", ""),  # not a labelled quote
    ]
    labels = [
        label("Мы построим"),
        label("Дороги будут", speaker="Петр Сидоров", title="губернатор"),
        label("Не найдено"),
        label("Тоже не найдено"),
    ]
    totals.add(story(labels), found, ["RU-TUL", "RU-MOW"], set(), 0.1)
    assert (totals.quotes_right, totals.quotes_found, totals.quotes_labelled) == (2, 3, 4)
    assert (totals.speaker_right, totals.title_right) == (1, 1)
    lines = paste_eval.report("dev", totals)
    assert "precision  66.7 % ✗" in lines[1] and "recall  50.0 % ✗" in lines[1]
    assert "50.0 % ✗" in lines[2] and "[1 of 2]" in lines[2]  # speaker
    assert "50.0 % ✗" in lines[3] and "[1 of 2]" in lines[3]  # title


def test_a_label_may_accept_two_titles():
    found = [Found("Урожай будет", "Владимир Владимиров", "Руководитель края")]
    labels = [
        label("Урожай будет", "Владимир Владимиров", ["губернатор края", "руководитель края"])
    ]
    totals = Totals()
    totals.add(story(labels), found, [], set(), 0.0)
    assert totals.title_right == 1


def test_a_district_the_preview_adds_with_its_subject_is_not_counted():
    implied = {"tsentralny-federalny-okrug"}
    predicted = ["RU-TUL", "tsentralny-federalny-okrug", "RU-MOW"]
    assert score_regions(predicted, {"RU-TUL"}, implied) == (1, 2, 1)
    assert score_regions(predicted, {"RU-TUL", "tsentralny-federalny-okrug"}, implied) == (2, 3, 2)


def test_nothing_to_divide_is_not_a_pass():
    assert paste_eval.ratio(0, 0) is None
    assert paste_eval.mark(None, 0.9) == "✗"
    assert paste_eval.mark(0.95, 0.95) == "✓"


def test_each_set_has_its_stories():
    assert len(STORIES["dev"]) >= 40
    assert len(STORIES["held_out"]) >= 8
    assert len(STORIES["held_out_2"]) >= 20
    for name in paste_eval.SETS:
        folder = paste_eval.EVAL_DIR / name
        assert {path.stem for path in folder.glob("*.txt")} == {
            path.stem for path in folder.glob("*.json")
        }


@pytest.mark.parametrize("story", ALL_STORIES, ids=lambda story: story.name)
def test_labels_are_sound(story):
    assert story.title.strip()
    assert 80 <= len(story.text.split()) <= 3200
    assert story.regions <= REGION_KEYS, story.regions - REGION_KEYS
    for quote in story.quotes:
        assert set(quote) <= {"speaker", "title", "starts", "style"}
        assert len(quote["speaker"].split()) >= 2
        assert all(isinstance(title, str) for title in paste_eval.titles(quote))
        assert quote["style"] in STYLES
        assert 3 <= len(quote["starts"].split()) <= 5
        assert quote["starts"] in story.text
        assert not re.match(r"[«»\"“”—–-]", quote["starts"])
        # A house story holds only house quotes; an agency story may quote in the house's
        # «Имя ФАМИЛИЯ / ДОЛЖНОСТЬ» lines too (held_out_8 does).
        assert quote["style"] == "house" or not story.house


@pytest.mark.django_db
def test_house_format_stories_are_read_perfectly_today():
    from recognition.management.commands.eval_paste import evaluate
    from regions.recognition import clear_cache

    clear_cache()
    house = [story for story in ALL_STORIES if story.house]
    totals = evaluate(house)
    assert totals.misses == []
    assert totals.quotes_right == totals.quotes_found == totals.quotes_labelled > 0
    assert totals.speaker_right == totals.title_right == totals.quotes_right
    assert totals.regions_right == totals.regions_predicted == totals.regions_labelled


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(paste_eval.worst_inputs(100)))
def test_the_worst_shapes_of_input_become_a_preview(name):
    """What `make eval-paste` times at full size (the 3 s target lives there, not here):
    each shape becomes a preview whose quotes all have a speaker."""
    from recognition.paste import build_preview

    text = paste_eval.worst_inputs(20_000)[name]
    assert len(text) == 20_000
    preview = build_preview(text, title="Заголовок")
    assert preview.items
    assert all(item.quote.last_name for item in preview.quotes)
