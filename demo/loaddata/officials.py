"""The officials quoted in generated stories: people with consecutive, dated appointments."""

import datetime
from bisect import bisect_right
from dataclasses import dataclass, field

from people.models import Appointment, Person
from people.titles import acting_title
from toolkit.text import slugify_ru

from .rows import CHUNK
from .words import WORDS, feminine, head_of, unique


@dataclass
class Official:
    pk: int
    weight: int
    starts: list = field(default_factory=list)  # of appointments, in order
    posts: list = field(default_factory=list)  # (ends_on, display title, region id)

    def post_on(self, date):
        index = bisect_right(self.starts, date) - 1
        if index >= 0 and (self.posts[index][0] is None or date <= self.posts[index][0]):
            return self.posts[index]
        return None


def add_officials(rng, count, subjects, first_day, until):
    """``count`` officials of the ``subjects`` in turn, each holding a post on every day from
    ``first_day`` to ``until``: Person and Appointment rows, and an Official each."""
    taken = set(Person.objects.values_list("slug", flat=True))
    names, persons, careers = set(), [], []
    for i in range(count):
        region = subjects[i % len(subjects)]
        woman = rng.random() < 0.3
        while True:
            last = rng.choice(WORDS["surnames"])
            first = rng.choice(WORDS["women"] if woman else WORDS["men"])
            father = rng.choice(WORDS["patronymics"])
            if woman:
                last = feminine(last)
            if (last, first, father) not in names:
                break
        names.add((last, first, father))
        slug = unique(slugify_ru(f"{first} {last}", max_length=116), taken)
        persons.append(
            Person(
                last_name=last,
                first_name=first,
                patronymic=father[:-2] + "на" if woman else father,
                slug=slug,
            )
        )
        careers.append(career(rng, i // len(subjects), region, first_day, until))
    persons = Person.objects.bulk_create(persons, batch_size=CHUNK)
    rows, officials, titles = [], [], {}
    for person, (weight, posts) in zip(persons, careers, strict=True):
        official = Official(person.pk, weight)
        for title, region, starts, ends, acting in posts:
            rows.append(
                Appointment(
                    person=person,
                    title=title,
                    region=region,
                    starts_on=starts,
                    ends_on=ends,
                    acting=acting,
                )
            )
            if acting and title not in titles:
                titles[title] = acting_title(title)
            official.starts.append(starts)
            official.posts.append((ends, titles[title] if acting else title, region.pk))
        officials.append(official)
    Appointment.objects.bulk_create(rows, batch_size=CHUNK)
    return officials


def career(rng, rank, region, first_day, until):
    """(quote weight, posts): consecutive appointments from before ``first_day`` on, open-ended.

    The head of a region comes from the regional government and is «врио» for some months.
    """
    gen = region.name_genitive
    span = (until - first_day).days
    early = first_day - datetime.timedelta(days=rng.randrange(400, 1500))
    change = first_day + datetime.timedelta(days=rng.randrange(-700, max(span, 1)))
    change = max(change, early + datetime.timedelta(days=30))
    day = datetime.timedelta(days=1)
    if rank == 0:
        confirmed = change + datetime.timedelta(days=rng.randrange(90, 300))
        return 3, [
            (
                f"Первый заместитель председателя правительства {gen}",
                region,
                early,
                change - day,
                False,
            ),
            (f"{head_of(region)} {gen}", region, change, confirmed - day, True),
            (f"{head_of(region)} {gen}", region, confirmed, None, False),
        ]
    ministry = WORDS["ministries"][(rank - 1 + region.pk) % len(WORDS["ministries"])]
    return 1, [
        (f"Заместитель министра {ministry} {gen}", region, early, change - day, False),
        (f"Министр {ministry} {gen}", region, change, None, False),
    ]
