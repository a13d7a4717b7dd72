"""A pasted story, as the editor confirmed it on the preview, saved as a draft article.

Reading and recognising the story is ``recognition.paste``'s job (below this floor); this module
only writes: the article, its blocks in order, its regions, and the speakers who are new.
"""

import datetime
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from people.models import Appointment, Person
from recognition.paste import fold, last_name_as_written
from recognition.plaintext import Quote

from .models import Article, Block


class Speaker(NamedTuple):
    """Who a pasted quote is by, as the editor confirmed it on the preview."""

    person: Person | None
    title: str
    since: datetime.date | None = None


@transaction.atomic
def create_draft(*, title, story, speakers, regions, author):
    """Save ``story`` as a draft by ``author``: blocks in order, regions, new people.

    ``speakers`` holds, for each quote in order, a ``Speaker``: an existing Person or None,
    the title for the signature, and since when the speaker holds it if the editor knows. A
    None speaker becomes a new Person holding that title from that day; without a day, from
    today, marked as not verified (a story says what its speaker is, not since when). Two
    quotes of one new person make one Person. Made by someone who may not add people, the new
    Person is unconfirmed: no public page, and the draft is not published, until an editor
    confirms them.
    """
    confirmed = author.has_perm("people.add_person")
    article = Article.objects.create(
        title=title, lead=story.lead, status=Article.Status.DRAFT, author=author
    )
    created = {}
    speakers = iter(speakers)
    blocks = []
    for position, item in enumerate(story.body, start=1):
        block = Block(article=article, position=position * 10)
        if isinstance(item, Quote):
            person, person_title, since = next(speakers)
            if person is None:
                key = (fold(item.first_name), fold(item.last_name))
                if key not in created:
                    created[key] = Person.objects.create(
                        first_name=item.first_name,
                        last_name=last_name_as_written(item.last_name),
                        is_confirmed=confirmed,
                    )
                    Appointment.objects.create(
                        person=created[key],
                        title=person_title,
                        starts_on=since or timezone.localdate(),
                        start_unverified=since is None,
                    )
                person = created[key]
            block.kind, block.person, block.person_title = Block.Kind.QUOTE, person, person_title
            # A title that is not the card's on the draft's date was typed (or corrected) by
            # someone: it is kept; one that is follows the article's date like any other.
            block.person_title_manual = person_title != person.title_on(article.reference_date())
            block.quote = item.text
        else:
            block.kind, block.text = Block.Kind.TEXT, f"<p>{escape(item)}</p>"
        blocks.append(block)
    for block in blocks:
        block.save()  # not bulk_create: save() sanitizes the text
    article.regions.set(regions)
    return article
