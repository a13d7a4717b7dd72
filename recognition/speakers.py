"""Who a quote is by: an attribution's words («отметил он», «сказал губернатор», «Иванова»)
resolved against the people the story has named so far, with the titles it gave them."""

import bisect
import functools
import re

from . import names, titles

WINDOW = 400  # how far from a quotation mark its attribution or lead-in may be
# A region's head is not the head of a city's or a district's administration.
# Words, not letters: «Белгородской области» is a region's.
MUNICIPAL = re.compile(r"\b(?:администрац|город|район|муниципал|поселен)", re.I)


class Context:
    """Who the story has named so far, for attributions that name nobody in full."""

    RECENT = 200  # an attribution names someone the story named lately, not 3,000 names ago

    def __init__(self, text):
        self.text = text
        self.mentions = names.find_mentions(text)
        self.positions = [m.position for m in self.mentions]
        self.titles = {}  # a transcript's speaker → the title their first line gave
        # Each name once, with where the story first gave it a title and first spelled it
        # in the nominative: a story that names one person 3,000 times is read in linear time.
        self.people = {}
        for mention in self.mentions:
            person = self.people.setdefault(
                (mention.name.first, mention.name.last),
                {"name": mention.name, "titled": None, "nomn": None},
            )
            if mention.title and person["titled"] is None:
                person["titled"] = mention
            if mention.name.case == "nomn" and person["nomn"] is None:
                person["nomn"] = mention

    def before(self, position):
        end = bisect.bisect_right(self.positions, position)
        return self.mentions[max(0, end - self.RECENT) : end]

    def known(self, name):
        """The title the story first gave ``name`` (in any case) and its nominative
        spelling, from every mention of the name before or after."""
        # «Аслан Шогенов» is not his father «Заурбек Шогенов», named with another title.
        people = [p for p in self.people.values()
                  if (p["name"].key == name.key and _first_names_agree(p["name"], name))
                  or _same_person(p["name"], name)]  # fmt: skip
        titled = [p["titled"] for p in people if p["titled"] is not None]
        spelled = [p["nomn"] for p in people
                   if p["nomn"] is not None and _same_person(p["nomn"].name, name)]  # fmt: skip
        title = min(titled, key=lambda m: m.position).title if titled else ""
        return title, (min(spelled, key=lambda m: m.position).name if spelled else name)

    def resolve(self, who, position, case="nomn", *, gender=None):
        """(Name, title, confidence) for the words of an attribution, or None. ``gender``:
        the speech verb's («подчеркнула»), when it shows one; a title alone names someone of
        that gender."""
        raw = who.split()  # commas and a company's quotation marks kept for the title
        words = [word.strip(",;«»") for word in raw]
        if not words or not all(words):
            return None
        lowered = words[0].lower()
        if lowered in names.PRONOUNS and len(words) == 1:
            gender = names.PRONOUNS[lowered]
            found = [m for m in self.before(position) if m.name.gender in (gender, "")]
            if not found:
                return None
            # «Радий Хабиров признал… – …, – сказал он»: the title the story gave him before.
            return found[-1].name, found[-1].title or self.known(found[-1].name)[0], 0.75
        split = _split_name(words, case)
        if split is None:
            # «губернатор … Игорь Руденя на заседании правительства», «Андрей Клычков,
            # осматривая цеха»: the name, then what the speaker was doing.
            for end in range(len(words) - 1, 1, -1):
                split = _split_name(words[:end], case)
                if split is not None and split[1].first:
                    raw = raw[:end]
                    break
                split = None
        if split is None and len(words) == 1 and words[0][:1].isupper():
            # A surname the dictionary does not know: the one the story named in full.
            same = [m for m in self.before(position) if _surname_matches(m.name, words[0])]
            if same:
                return same[-1].name, _latest_title(same), 0.85
        # A surname alone would not be the story's: «Дарима Цыренова» is one person whose
        # first name the dictionary lacks, not someone called Цыренова named before.
        surname_only = split is not None and not split[1].first
        unknown = (
            names.read_unknown_name(words[-2:], case, gender)
            if split is None or surname_only
            else None
        )
        if unknown is not None and (len(words) == 2 or titles.is_title(words[:-2])):
            # «фельдшер из села Орлик Дарима Балданова»: a first name the dictionary lacks.
            title = titles.nominative_title(raw[:-2]) if len(words) > 2 else ""
            known_title, spelled = self.known(unknown)
            return spelled, title or known_title, 0.9  # named here: no «соседних предложений» doubt
        if split is not None:
            count, name = split
            title = titles.nominative_title(raw[:count]) if count else ""
            if not name.first:
                same = [m for m in self.before(position) if m.name.key == name.key]
                if same:
                    return same[-1].name, title or _latest_title(same), 0.85
                return None
            known_title, spelled = self.known(name)
            return spelled, title or known_title, 0.95  # the first title is the fullest
        title = titles.nominative_title(words) if titles.is_title(words) else ""
        if not title:
            return None
        head = titles.title_head(title)
        named = [m for m in self.before(position) if not gender or m.name.gender in (gender, "")]
        earlier = [m for m in named if m.title]
        if head in titles.REGION_HEADS and (ministry := _ministry(title)):
            # «глава регионального минсельхоза» is its minister, not the region's head.
            found = [m for m in earlier if titles.title_head(m.title) == "министр"]
            found = [m for m in found if _minister_of(m.title, ministry)] or found
            if found:
                return found[-1].name, found[-1].title, 0.75
            head = "министр"
        if any(word[:1].isupper() for word in title.split()[1:]) and (place := _regions_of(title)):
            # «руководитель Кузбасса» is the one whose title names Kuzbass, however worded.
            same_place = [m for m in earlier if _regions_of(m.title) & place]
            if same_place:
                return same_place[-1].name, same_place[-1].title, 0.8
        found = [m for m in earlier if titles.title_head(m.title) == head]
        if not found and head in titles.REGION_HEADS:
            found = [m for m in earlier if titles.title_head(m.title) in titles.REGION_HEADS
                     and not MUNICIPAL.search(m.title)]  # fmt: skip
        if found:
            # «руководитель региона» stands for the title the story gave with the name.
            return found[-1].name, found[-1].title or title, 0.75
        # «— отметил академик» right after «… Валентин Пармон подчеркнул»: the one named last.
        near = [m for m in named if position - m.position < WINDOW]
        return (near[-1].name, near[-1].title or title, 0.6) if near else None


# «минсельхоз», «министерства здравоохранения», «минкурортов»: a ministry after «глава».
MINISTRY = re.compile(r"\bминистерств\w*\s+(\w+)|\bмин(?!ут|им|ус|ер|он|ск|ист)(\w+)", re.I)


def _ministry(title):
    """What a ministry named in a title is called for short, without «мин» («сельхоза» of
    «минсельхоза», «здравоохранения» of «министерства здравоохранения»); None when the
    title names no ministry."""
    match = MINISTRY.search(title)
    return None if match is None else (match.group(1) or match.group(2)).lower()


MINISTER_WORDS = 20  # a minister's title read, at most
MINISTRY_LETTERS = 30  # a ministry's short name read, at most («сельхоз», «экономразвития»)


def _minister_of(title, short):
    """Whether a minister's title is the ministry ``short`` names: its letters are the
    beginnings of consecutive words of the title («сельхоз» of «сельского хозяйства»,
    «курортов» of «курортов, туризма…»), a case ending aside."""
    words = [word.lower() for word in re.findall(r"\w+", title)][:MINISTER_WORDS]
    short = short[:MINISTRY_LETTERS]

    @functools.cache  # each (word, letter) once: without it, a hostile title took minutes
    def spelled(at, start):
        if len(short) - start <= 2:
            return True  # a case ending («минсельхоз-а»)
        if at == len(words):
            return False
        word, rest = words[at], short[start:]
        return any(
            word.startswith(rest[:length]) and spelled(at + 1, start + length)
            for length in range(min(len(word), len(rest)), 2, -1)
        )

    return any(spelled(at, 0) for at in range(len(words)))


@functools.lru_cache(maxsize=1024)
def _regions_of(title):
    """The regions a title names: «губернатор Приморского края» and «глава Приморья»."""
    from regions.recognition import find_regions

    return frozenset(region.pk for region in find_regions(title))


def clear_cache():
    """Forget which regions titles name (after the regions themselves change)."""
    _regions_of.cache_clear()


def _latest_title(mentions):
    """The title the story last gave with the name: «Михаил Развожаев» said again without
    one is still «губернатор Севастополя»."""
    return next((m.title for m in reversed(mentions) if m.title), "")


def _surname_matches(name, word):
    """«Развожаев» (or «Развожаева») for a Name whose surname is «Развожаев»."""
    last, word = name.last.casefold(), word.casefold()
    return word == last or (len(last) > 4 and word.startswith(last) and len(word) - len(last) <= 2)


def _first_names_agree(a, b):
    """No first name on one side, or the same on both."""
    return not a.first or not b.first or a.first.casefold() == b.first.casefold()


def _same_person(a, b):
    """One first name and a surname differing only in its ending («Бездудного», which the
    dictionary does not know, and «Бездудный» named elsewhere in the story)."""
    stem = min(len(a.last), len(b.last)) - 3
    return (
        a.first.casefold() == b.first.casefold()
        and stem >= 3
        and a.last[:stem].casefold() == b.last[:stem].casefold()
    )


def _split_name(words, case):
    """(how many title words, Name) when the words end in a person's name, else None."""
    for length in (3, 2):
        if len(words) >= length:
            name = names.read_name(words[-length:], case)
            if name is not None and (length == 2 or names.is_patronymic(words[-2])):
                return len(words) - length, name
    last = words[-1]
    if names.is_surname(last) and not any(w[:1].isupper() for w in words[-2:-1] if w != words[0]):
        return len(words) - 1, names.read_surname(last)
    return None
