"""What the search page's selects offer (regions, people quoted, topics), built once per
version of the data they come from, with their <option>s as HTML."""

import functools
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, signals
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Article, Block, Topic
from pagecache.tags import ARTICLES, SITE, tag_key
from people.models import Person
from regions.models import Region

# What the filters offer changes only with people, regions and topics (the page cache's ``site``
# tag) and with what is published (``articles``): both are bumped on every such change, so the
# choices are built once per version of the two, not per request.
CHOICES_DEPEND_ON = (SITE, ARTICLES)
CHOICES_KEPT = 4  # versions whose choices a process keeps


@dataclass(frozen=True)
class FilterChoices:
    """The three selects' choices, their options as HTML, and what a chosen slug stands for."""

    choices: dict  # field name → choices, as a ChoiceField takes them
    options: dict  # field name → the <option>s' HTML, none selected
    regions: dict  # slug → ids of the region and, for a district, of its subjects
    people: dict  # slug → id
    topics: dict  # slug → id
    # id → (place in the regions' order, name) of each region a result's tags show (not a
    # district): PostgreSQL's search gives a result's region ids, the page names them here.
    tags: dict
    # The next scheduled publication: when it comes, another person may be quoted in public.
    valid_until: object = None

    def fresh(self):
        return self.valid_until is None or timezone.now() < self.valid_until


def filter_choices():
    """The filters' choices of the current data: from this process's memory while the versions
    of what they depend on stay the same; three queries (and a fourth) when they change."""
    versions = _versions()
    if not versions:
        return _build_choices()
    built = _choices_of(versions)
    if not built.fresh():  # a scheduled publication has come: someone else may be quoted
        _choices_of.cache_clear()
        built = _choices_of(versions)
    return built


@functools.lru_cache(maxsize=CHOICES_KEPT)
def _choices_of(versions):
    return _build_choices()


def _forget_choices(sender, **kwargs):
    """A change made here is seen here at once; other processes see it by the versions, which
    are bumped once it commits."""
    _choices_of.cache_clear()


for _model in (Article, Block, Person, Region, Topic):
    for _signal in (signals.post_save, signals.post_delete):
        _signal.connect(
            _forget_choices, sender=_model, dispatch_uid=f"search-choices-{_model.__name__}"
        )


def _versions():
    """The current versions of CHOICES_DEPEND_ON; None when the cache cannot tell them."""
    keys = [tag_key(tag) for tag in CHOICES_DEPEND_ON]
    try:
        found = cache.get_many(keys)
        versions = []
        for key in keys:
            version = found.get(key)
            if version is None:
                # Never bumped yet, or evicted: a version is given now (as a bump would), so
                # choices built from here on are never mistaken for ones built before the loss.
                # It costs the page cache a render of the pages stored under the missing one.
                version = f"{time.time():.6f}"
                if not cache.add(key, version, timeout=None):
                    version = cache.get(key)
            if version is None:
                return None
            versions.append(version)
    except Exception:  # the cache is down: build the choices per request, as before
        return None
    return tuple(versions)


def _build_choices():
    # Read before what it guards: a publication that comes while the choices are built
    # makes them stale at once rather than too late.
    next_publication = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    regions = list(Region.objects.all())
    region_choices, region_ids = [("", "Все регионы")], {}
    below = {}  # a region's pk → the regions one level below it
    for region in regions:
        below.setdefault(region.parent_id, []).append(region)
    for district in (region for region in regions if region.is_district):
        options, district_ids = [(district.slug, f"{district.name}, все субъекты")], [district.pk]
        for subject in below.get(district.pk, []):
            # A subject's municipalities follow it, and searching the subject includes them.
            municipalities = below.get(subject.pk, [])
            options.append((subject.slug, subject.name))
            options += [(m.slug, f"{m.name} ({subject.name})") for m in municipalities]
            subject_ids = (subject.pk, *(m.pk for m in municipalities))
            region_ids[subject.slug] = subject_ids
            region_ids.update((m.slug, (m.pk,)) for m in municipalities)
            district_ids += subject_ids
        region_choices.append((district.name, options))
        region_ids[district.slug] = tuple(district_ids)
    quoted = Article.objects.published().quoting(OuterRef(OuterRef("pk")))
    people = list(Person.objects.public().filter(Exists(quoted)))
    topics = list(Topic.objects.all())
    choices = {
        "region": region_choices,
        "person": [("", "Все")] + [(person.slug, person.full_name) for person in people],
        "topic": [("", "Все темы")] + [(topic.slug, topic.name) for topic in topics],
    }
    return FilterChoices(
        choices={name: _Normalized(field_choices) for name, field_choices in choices.items()},
        options={name: _options(field_choices) for name, field_choices in choices.items()},
        regions=region_ids,
        people={person.slug: person.pk for person in people},
        topics={topic.slug: topic.pk for topic in topics},
        tags={r.pk: (place, r.name) for place, r in enumerate(regions) if not r.is_district},
        valid_until=next_publication,
    )


class _Normalized(BaseChoiceIterator):
    """Choices as a ChoiceField keeps them, normalized once: the field takes an iterator as
    it is, where a list would be normalized again on every request (420 of them)."""

    def __init__(self, choices):
        self.choices = normalize_choices(choices)

    def __iter__(self):
        return iter(self.choices)


def _options(choices):
    """The <option>s (and <optgroup>s) of ``choices``, spaced as Django's select.html does."""
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(format_html('\n  <optgroup label="{}">', value))
            parts.extend(_option(*choice) for choice in label)
            parts.append("\n  </optgroup>")
        else:
            parts.append(_option(value, label))
    return mark_safe("".join(parts))  # each part escaped by format_html


def _option(value, label):
    return format_html('\n  <option value="{}">{}</option>\n', value, label)
