"""Where a pasted story's lead says what the story is about (``regions.salience``)."""

import re

# «ТУЛА, 5 декабря.», «Пермь. 3 декабря —»: where an agency story was filed from.
_DATELINE = re.compile(
    r"\s*[А-ЯЁ][А-ЯЁа-яё-]*(?:[ -][А-ЯЁа-яё-]+){0,2}[,.]\s+\d{1,2}\s+[а-яё]+(?:\s+\d{4})?"
    r"(?:\s+года?)?\s*[.,—–-]+\s*"
)
_SENTENCE_END = re.compile(r"[.!?…](?=[»\"”]?\s+[«\"„—–А-ЯЁA-Z0-9])")


def first_sentence_end(text, head_length):
    """Where the headline and the lead's first sentence end, within ``head_length``.

    An agency lead runs on after its first sentence with suppliers, buyers and destinations
    («Первые партии уйдут в Набережные Челны, а к весне — автосборщикам Нижегородской
    области»): its first sentence says what the story is about, the rest reads as the body.
    """
    headline_end = text.find("\n")
    if headline_end < 0 or headline_end >= head_length:
        return head_length
    lead = text[headline_end + 1 : head_length]
    dateline = _DATELINE.match(lead)
    start = dateline.end() if dateline else 0
    end = _SENTENCE_END.search(lead, start)
    return head_length if end is None else headline_end + 1 + end.end()
