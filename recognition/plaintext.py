"""Reading a story written in the office's plain-text format.

A quote stands as three lines: the speaker's name with the surname in capitals
(«Дмитрий МИЛЯЕВ»), their title in capitals («ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ»), then the
quote. Every other non-empty line is a paragraph.
"""

from dataclasses import dataclass, field

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


def _is_speaker_line(line):
    words = line.split()
    return (
        2 <= len(words) <= 4
        and words[-1].isupper()
        and len(words[-1]) > 1
        and not any(word.isupper() for word in words[:-1])
    )


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
        if index + 2 < len(lines) and _is_speaker_line(line) and _is_title_line(lines[index + 1]):
            *given, surname = line.split()
            story.body.append(
                Quote(
                    first_name=" ".join(given),
                    last_name=surname.capitalize(),
                    title=lines[index + 1],
                    text=lines[index + 2],
                )
            )
            index += 3
        else:
            story.body.append(line)
            index += 1
    return story
