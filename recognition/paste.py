"""A story pasted as plain text (or uploaded as .docx), read and recognised for the editor.

Read → preview (what was recognised, for the editor to correct); the articles' side saves the
confirmed preview as a draft (``articles.drafts.create_draft``). Nothing here writes.
"""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from people.models import Person
from regions.models import Region

from . import wordfile
from .plaintext import Quote, parse_story

MAX_CHARS = 100_000
MAX_DOCX_BYTES = 10 * 1024 * 1024

# Capitalised in titles though no region's name holds them.
ALWAYS_PROPER = ("Россия", "России", "Российской", "Российская", "Федерации", "Федерация", "РФ")

WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class PasteError(ValueError):
    """Input the paste flow refuses; the message is for the editor."""


def read_docx(uploaded):
    """The text of an uploaded .docx, a paragraph a line."""
    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import XMLSyntaxError

    if not (getattr(uploaded, "name", "") or "").lower().endswith(".docx"):
        raise PasteError("Загрузите документ Word в формате .docx (не .doc, .pdf, .odt или .txt).")
    if uploaded.size > MAX_DOCX_BYTES:
        raise PasteError("Файл больше 10 МБ: сохраните в нём только текст материала.")
    try:
        # Never the upload itself: a copy read within limits (a .docx can be a zip bomb).
        document = docx.Document(wordfile.readable_copy(uploaded))
    except wordfile.TooLarge as error:
        raise PasteError(str(error)) from error
    except (*wordfile.DAMAGED, KeyError, OpcError, XMLSyntaxError) as error:
        raise PasteError(
            "Файл .docx повреждён или это не документ Word. Откройте его в Word, сохраните "
            "заново как .docx или вставьте текст в поле."
        ) from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    # A table's rows, after the text: figures in a release are kept, a row a paragraph.
    for table in document.tables:
        for row in table.rows:
            cells = [" ".join(cell.text.split()) for cell in row.cells]
            lines.append(" — ".join(dict.fromkeys(cell for cell in cells if cell)))
    return "\n".join(lines)


MARKUP = re.compile(r"<(?:p|div|br|span|h[1-6]|li|table|td|a|strong|em|b|i)\b[^>]*>", re.I)
BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr", "br")


def html_to_text(text):
    """HTML pasted from a browser's source or a CMS: its text, a block a paragraph."""
    import lxml.html

    try:
        root = lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", text)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for element in root.iter():  # whitespace in HTML is one space, line breaks included
        element.text = element.text and re.sub(r"\s+", " ", element.text)
        element.tail = element.tail and re.sub(r"\s+", " ", element.tail)
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    return "\n".join(" ".join(line.split()) for line in root.text_content().splitlines())


def read_story(text, title=""):
    """The parsed story, or PasteError saying what is wrong with the text.

    A story pasted whole starts with its headline; when that line is the ``title`` the editor
    gave, it is not the lead.
    """
    if len(text) > MAX_CHARS:
        raise PasteError(
            f"Текст длиннее {MAX_CHARS:,} знаков ({len(text):,}): это не один материал. "
            "Вставьте один материал.".replace(",", " ")
        )
    if not text.strip():
        raise PasteError("Вставьте текст материала или загрузите файл .docx.")
    if len(MARKUP.findall(text[:20_000])) >= 2:
        text = html_to_text(text)
    first, _, rest = text.strip().partition("\n")
    if title and _same_words(first, title):
        text = rest
    story = parse_story(text)
    if not story.body:
        raise PasteError(
            "В тексте один абзац — только лид. Вставьте материал целиком: лид, абзацы, цитаты."
        )
    return story


def _same_words(a, b):
    return a.split() and [w.casefold() for w in a.split()] == [w.casefold() for w in b.split()]


def fold(name):
    """A name as compared: case and «ё»/«е» ignored."""
    return name.strip().casefold().replace("ё", "е")


def people_by_name():
    """Existing people by folded (first name, last name), the oldest first on a tie.

    Folded in Python: SQLite's LOWER() knows only ASCII letters. The office quotes a few
    hundred people, so all of them (with appointments, for their current titles) is cheap.
    """
    index = {}
    for person in Person.objects.prefetch_related("appointments").order_by("pk"):
        index.setdefault((fold(person.first_name), fold(person.last_name)), person)
    return index


def proper_words():
    """Folded word → as written, for words capitalised in regions' names (any case form)."""
    words = {fold(word): word for word in ALWAYS_PROPER}
    for name, genitive, short in Region.objects.values_list("name", "name_genitive", "short_name"):
        for word in WORD.findall(f"{name} {genitive}"):
            if word[:1].isupper():
                words.setdefault(fold(word), word)
        if short:
            words[fold(short)] = short
    return words


def _stem(folded):
    stem = folded[:-2] if len(folded) >= 7 else folded[:-1] if len(folded) >= 5 else ""
    return stem if len(stem) >= 4 else ""


def _proper_form(word, proper):
    folded = fold(word)
    if folded in proper:
        return proper[folded]
    stem = _stem(folded)
    if not stem:
        return None
    model = next((proper[key] for key in proper if key.startswith(stem)), None)
    if model is None:
        return None
    # Take the capitals part by part: «Центра» from «Центральный», «Северо-Западного».
    shapes = model.split("-")
    parts = word.split("-")
    return "-".join(
        part.capitalize() if index < len(shapes) and shapes[index][:1].isupper() else part
        for index, part in enumerate(parts)
    )


def recase_title(title, proper):
    """«ГУБЕРНАТОР ТУЛЬСКОЙ ОБЛАСТИ» → «Губернатор Тульской области»; a title not in capitals
    keeps its spelling, with a capital first.

    Lower case, the first letter a capital, and a word capitalised again when it is (or shares
    its stem with) a capitalised word of a region's name: «Ульяновской», «Центра»
    (from «Центральный»), «Республики»; regions' abbreviations («ПФО») stay in capitals.
    """
    if title != title.upper():
        # Written in running text: as the story spells it («директор МУП «Метрополитен»»).
        return title[:1].upper() + title[1:]
    text = WORD.sub(lambda match: _proper_form(match.group(), proper) or match.group(),
                    " ".join(title.lower().split()))  # fmt: skip
    return text[:1].upper() + text[1:]


def last_name_as_written(last_name):
    """«Римский-корсаков» (as the parser capitalises it) → «Римский-Корсаков»."""
    return "-".join(part.capitalize() for part in last_name.split("-"))


@dataclass
class QuotePreview:
    quote: Quote
    person: Person | None  # an existing person with this name, if any
    title: str  # the title line re-cased


@dataclass
class Preview:
    story: object
    items: list = field(default_factory=list)  # str paragraphs and QuotePreview, in order
    regions: list = field(default_factory=list)  # the regions the story is about
    mentioned: list = field(default_factory=list)  # and those it names only in passing

    @property
    def quotes(self):
        return [item for item in self.items if isinstance(item, QuotePreview)]


def recognised_regions(text, story=None):
    """Regions the text mentions, in any grammatical case, with their federal districts.

    With the recognised ``story``, a region named only inside its quotes, while the story's
    own words name others, is left out: speakers compare and recall other places («гости из
    Петербурга и Москвы», «конкурируем с Москвой») that the story is not about.
    """
    from regions.recognition import find_regions, with_districts
    from regions.salience import story_regions

    if story is not None:
        # The story's own words: paragraphs, and of a quote found in running text only its
        # speaker's title (a three-line quote of the house format is the office's own).
        head = [text.split("\n", 1)[0], story.lead]
        narrative = head + [
            item if isinstance(item, str) else item.title if item.sentence else item.text
            for item in story.body
        ]
        joined = "\n".join(narrative)
        if find_regions(joined):
            return with_districts(story_regions(joined, head_length=len("\n".join(head))))
    return with_districts(find_regions(text))


def build_preview(text, *, title=""):
    """What the story's text is recognised as; ``read_story`` errors propagate."""
    from .quotes import recognise

    story = recognise(read_story(text, title), title=title)
    people = people_by_name()
    proper = proper_words()
    from regions.recognition import find_regions, with_districts

    full = f"{title}\n{text}"
    preview = Preview(story=story, regions=recognised_regions(full, story))
    about = {region.pk for region in preview.regions}
    preview.mentioned = [r for r in with_districts(find_regions(full)) if r.pk not in about]
    today = timezone.localdate()
    for item in story.body:
        if isinstance(item, Quote):
            person = people.get((fold(item.first_name), fold(item.last_name)))
            # A story that names the speaker without a title: the card's title, if known.
            signature = recase_title(item.title, proper) or (person and person.title_on(today))
            preview.items.append(QuotePreview(item, person, signature or ""))
        else:
            preview.items.append(item)
    return preview
