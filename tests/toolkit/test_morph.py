"""The project's pymorphy3 analyser keeps each word's parses (issue 14's worst inputs)."""

from toolkit import text


class Counting:
    """An analyser that counts what it is asked and answers with one parse per word."""

    def __init__(self):
        self.asked = []

    def parse(self, word):
        self.asked.append(word)
        return [f"parse of {word}"]

    def word_is_known(self, word):
        return word == "губернатор"


def test_a_word_is_parsed_once_however_often_it_is_asked():
    """A paste of one phrase repeated parsed the same few words about twenty thousand times
    (3 s of CPU for 100,000 characters of «names and titles»)."""
    counting = Counting()
    analyser = text._Analyser(counting)
    for _ in range(1000):
        for word in ("губернатор", "тульской", "области"):
            analyser.parse(word)
    assert counting.asked == ["губернатор", "тульской", "области"]


def test_the_parses_are_a_tuple_no_caller_can_change_for_the_next():
    parses = text._Analyser(Counting()).parse("губернатор")
    assert parses == ("parse of губернатор",)
    assert isinstance(parses, tuple)


def test_the_rest_is_the_analysers_own():
    assert text._Analyser(Counting()).word_is_known("губернатор")


def test_the_projects_analyser_keeps_parses_and_parses_as_pymorphy3_does():
    analyser = text.morph()
    first = analyser.parse("губернатора")
    assert analyser.parse("губернатора") is first
    assert first[0].normal_form == "губернатор"
    assert {p.tag.case for p in first} >= {"gent"}
