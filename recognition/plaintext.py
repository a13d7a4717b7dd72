"""Reading a story written in the office's plain-text format.

A quote stands as three lines: the speaker's name with the surname in capitals
(«Дмитрий МИЛЯЕВ»), their title in capitals («ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ»), then the
quote. Every other non-empty line is a paragraph.

Agency stories that borrow the block write the name as it is spelt («Олег Сутягин»), and
often the quote in quotation marks: such a name line counts when its first word is a first
name, and marks around the whole quote are dropped (the quote block sets its own).
"""

import re
from dataclasses import dataclass, field

from toolkit.text import morph

COMMENT_BOX_LINE = "Добавить комментарий"


@dataclass
class Quote:
    first_name: str
    last_name: str
    title: str  # as written: in capitals in the house format, else as the story gives it
    text: str
    sentence: str = ""  # where it was found, when it was not a three-line quote
    confidence: float = 1.0


@dataclass
class Story:
    lead: str
    body: list = field(default_factory=list)  # str paragraphs and Quote items, in order


_NAME_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")
_ENCLOSED = re.compile(r"^[«\"“„]([^«»\"“”„]*)[»\"”]\.?$")


def _is_speaker_line(line):
    words = line.split()
    if not 2 <= len(words) <= 4:
        return False
    if words[-1].isupper() and len(words[-1]) > 1:
        return not any(word.isupper() for word in words[:-1])
    # «Олег Сутягин», «Ольга Петровна Климова»: a first name, then names as spelt.
    return (
        len(words) <= 3
        and all(_NAME_WORD.fullmatch(word) for word in words)
        and any("Name" in parse.tag for parse in morph().parse(words[0].lower()))
    )


def _quote_text(line):
    """The quote line without quotation marks around all of it."""
    enclosed = _ENCLOSED.match(line)
    return enclosed.group(1).strip() if enclosed else line


def _is_title_line(line):
    return line.isupper() and len(line.split()) >= 1


def parse_story(text):
    """Lead, paragraphs and quotes of a story.

    A trailing «Добавить комментарий» is the page's comment box, not story text.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and lines[-1] == COMMENT_BOX_LINE:
        lines.pop()
    if not lines:
        raise ValueError("В тексте нет ни одного абзаца.")
    story = Story(lead=lines[0])
    index = 1
    while index < len(lines):
        line = lines[index]
        if index + 2 < len(lines) and _is_title_line(lines[index + 1]) and _is_speaker_line(line):
            *given, surname = line.split()
            story.body.append(
                Quote(
                    first_name=" ".join(given),
                    last_name=surname.capitalize(),
                    title=lines[index + 1],
                    text=_quote_text(lines[index + 2]),
                )
            )
            index += 3
        else:
            story.body.append(line)
            index += 1
    return story
