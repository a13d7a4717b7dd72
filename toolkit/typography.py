"""Russian typography for what readers see: non-breaking spaces, em dashes, «ёлочки».

Why our own code and not a library: the Python typographs on PyPI are unmaintained or do not
fit. ``typus`` (last release 2019) and ``richtypo`` (2017) are abandoned; ``typograf`` (2015) is
a client for a remote web service, so every page view would depend on a third party;
``typograph`` (2017) targets English. None of them promises to leave attribute values, URLs and
``<code>`` alone, which is the part that matters most here. The rules below are few and covered
by ``tests/articles/test_typography.py``.

How it stays safe and predictable:

* Only text nodes change. The markup is split into tags and text; every tag, comment and
  attribute value is copied byte for byte, and a text node the rules leave alone is copied as it
  was. A changed text node is unescaped, processed and escaped again (``&``, ``<``, ``>``, quotes),
  so no new markup can appear.
* Every rule replaces one character with one character (a space with U+00A0, ``-`` with ``—``,
  ``"`` with a guillemet). The visible text of a whole fragment is therefore processed at once —
  a quote may open in one text node and close after ``</b>`` — and mapped back into its nodes by
  position. Text inside ``<code>``, ``<pre>`` and the like is never touched, nor is a bare URL or
  e-mail address in the text.
* Applying it twice gives what applying it once gives.
"""

import html
import re

NBSP = "\u00a0"

# Short words glued to the word after them: one- and two-letter prepositions, conjunctions and
# negative particles.
_LEADING_SHORT_WORDS = (
    "а", "в", "и", "к", "о", "с", "у", "я",
    "во", "ко", "со", "об", "от", "до", "на", "по", "за", "из", "не", "ни", "но", "да",
)  # fmt: skip
# Particles glued to the word before them, as Russian typesetting has it («если бы», «он же»).
_TRAILING_PARTICLES = ("же", "ли", "ль", "бы")
# Units and counted words glued to the number before them.
_UNITS = (
    "%", "‰", "°", "₽", "€", r"\$",
    r"г\.", r"гг\.", r"тыс\.", r"млн\.?", r"млрд\.?", r"трлн\.?", r"руб\.",
    "км", "м", "см", "мм", "кг", "т", "га", "ч", "мин",
    "год", "года", "году", "годом", "годах", "лет",
)  # fmt: skip

_SPACE = f"[ {NBSP}]"
_SPACED_DASH = re.compile(rf"(?<=\S){_SPACE}[-–—](?= )")
_DIALOGUE_DASH = re.compile(rf"(?:^|(?<=\n))[-–—]{_SPACE}(?=\S)")
_AFTER_SHORT_WORD = re.compile(
    rf"(?<![\w\-.&])(?:{'|'.join(_LEADING_SHORT_WORDS)}) (?=[^\s\-–—])", re.IGNORECASE
)
_BEFORE_PARTICLE = re.compile(
    rf"(?<=[\w»“)]) (?=(?:{'|'.join(_TRAILING_PARTICLES)})(?![\w\-]))", re.IGNORECASE
)
_AFTER_NUMBER_SIGN = re.compile(r"(?<=[№§]) (?=\d)")
_BEFORE_UNIT = re.compile(rf"(?<=\d) (?=(?:{'|'.join(_UNITS)})(?!\w))")
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
_URL = re.compile(r"(?:(?:https?|ftp)://|www\.|mailto:)\S+|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)

# A tag as the sanitizer writes it (attribute values quoted), a comment or a declaration.
_TOKEN = re.compile(
    r"<!--.*?-->|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
# Elements whose text is left exactly as it is.
_PROTECTED = {"code", "pre", "kbd", "samp", "var", "script", "style", "textarea", "math", "svg"}
# Elements that do not end a run of text: a quote opened before <b> may close after </b>.
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "del", "dfn", "em", "i", "ins", "mark",
    "q", "s", "small", "span", "strong", "sub", "sup", "time", "u",
}  # fmt: skip
# Stands for something inside a line that is not text to work on (an image, a code fragment).
_OBJECT = "\ufffc"
_PARAGRAPH = "\n"

_OPENERS_BEFORE = set(f" \t\r{NBSP}{_PARAGRAPH}([{{«„—–-/")


def _quotes(text, protected):
    """Straight double quotes into «ёлочки», with „лапки“ for a quote inside a quote."""
    if '"' not in text:  # only straight quotes change; most texts have none
        return text
    out = list(text)
    depth = 0
    for i, char in enumerate(text):
        if protected[i]:
            continue
        if char == _PARAGRAPH:
            depth = 0
        elif char in "«„":
            depth += 1
        elif char == "»" or (char == "“" and depth > 1):
            depth = max(depth - 1, 0)
        elif char == '"':
            before = text[i - 1] if i else _PARAGRAPH
            after = text[i + 1] if i + 1 < len(text) else _PARAGRAPH
            if before in _OPENERS_BEFORE and not after.isspace():
                depth += 1
                out[i] = "«" if depth == 1 else "„"
            elif depth and not before.isspace():
                out[i] = "»" if depth == 1 else "“"
                depth -= 1
            elif not depth and (after.isalnum() or after in "«„"):
                depth = 1
                out[i] = "«"
    return "".join(out)


def _dash(match):
    # «5 - 3» may be arithmetic or a range: numbers on both sides are left alone.
    text, start, end = match.string, match.start(), match.end()
    if text[start - 1].isdigit() and text[end + 1 : end + 2].isdigit():
        return match.group()
    return NBSP + "—"


def _spaces_to_nbsp(match):
    return match.group().replace(" ", NBSP)


def _typograph(text, protected=None):
    """The rules applied to a run of visible text; the result has the same length."""
    if protected is None:
        protected = [False] * len(text)
    for span in _URL.finditer(text):
        protected[span.start() : span.end()] = [True] * (span.end() - span.start())
    result = _DIALOGUE_DASH.sub("—" + NBSP, text)
    result = _SPACED_DASH.sub(_dash, result)
    result = _AFTER_SHORT_WORD.sub(
        lambda m: m.group() if protected[m.start()] else m.group()[:-1] + NBSP, result
    )
    result = _BEFORE_PARTICLE.sub(NBSP, result)
    result = _AFTER_NUMBER_SIGN.sub(NBSP, result)
    result = _BEFORE_UNIT.sub(NBSP, result)
    result = _DIGIT_GROUPS.sub(_spaces_to_nbsp, result)
    result = _quotes(result, protected)
    assert len(result) == len(text)
    # What lies in a URL stays as it was, whatever the rules around it did; without one (as
    # most runs of text are), character by character would only copy the result.
    if True not in protected:
        return result
    return "".join(
        old if keep else new for old, new, keep in zip(text, result, protected, strict=True)
    )


def typograph_text(text):
    """Typography for plain text (not HTML); the caller escapes the result."""
    return _typograph(text or "")


def typograph_html(markup):
    """Typography for the text nodes of sanitized HTML; tags and attributes stay byte-identical."""
    markup = markup or ""
    pieces = []  # (is_text, original source)
    position = 0
    for token in _TOKEN.finditer(markup):
        if token.start() > position:
            pieces.append((True, markup[position : token.start()]))
        pieces.append((False, token.group()))
        position = token.end()
    if position < len(markup):
        pieces.append((True, markup[position:]))

    visible = []  # the fragment's visible text, with markers for paragraphs and objects
    protected = []
    spans = {}  # index of a text piece -> its place in the visible text
    length = 0
    inside = []  # open protected elements
    for index, (is_text, source) in enumerate(pieces):
        if is_text:
            if inside:
                chunk, keep = _OBJECT, True
            else:
                chunk, keep = html.unescape(source), False
                spans[index] = (length, length + len(chunk))
        else:
            name_match = _TAG_NAME.match(source)
            name = name_match.group(1).lower() if name_match else ""
            if name in _PROTECTED and not source.endswith("/>"):
                if source.startswith("</"):
                    if name in inside:
                        del inside[len(inside) - 1 - inside[::-1].index(name)]
                else:
                    inside.append(name)
            if not name or name in _INLINE:
                continue
            chunk, keep = (_OBJECT if name in ("img", "code", "kbd", "var") else _PARAGRAPH), True
        visible.append(chunk)
        protected.extend([keep] * len(chunk))
        length += len(chunk)

    text = "".join(visible)
    result = _typograph(text, protected)
    if result == text:
        return markup
    output = []
    for index, (_, source) in enumerate(pieces):
        if index in spans:
            start, end = spans[index]
            if result[start:end] != text[start:end]:
                source = html.escape(result[start:end], quote=True)
        output.append(source)
    return "".join(output)
