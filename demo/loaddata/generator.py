"""The generator: articles and their comments, chunk by chunk, on the officials it adds.

``generate()`` adds officials with dated appointments, topics, articles of text and quote blocks
across every region, and threaded reader comments, mostly approved; one seed always gives the
same data. Rows go in by bulk (COPY on PostgreSQL, multi-row INSERT elsewhere) with article and
comment ids reserved up front, so blocks, regions, topics and threads point at their article and
parent without reading anything back. What ``save()`` would derive is derived here the same way:
sanitized block HTML, a quote's title on the article's date, slugs, approved-comment counts,
django-comments-xtd's thread order. PostgreSQL's search documents come from the triggers of
migration articles/0005, which fire on COPY too.
"""

import datetime
import html
import itertools
import math
import random
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django_comments_xtd import get_model as comment_model

from articles.models import SLUG_MAX_LENGTH, Article, Block, SlugRedirect, Topic
from articles.sanitize import sanitize_html
from regions.models import Region
from toolkit.text import slugify_ru

from .officials import add_officials
from .rows import CHUNK, write
from .threads import Threads
from .words import WITHDRAWN, WORDS, head_of, text_pools, unique

UNTIL = datetime.date(2026, 11, 1)  # the day after the newest generated story
PER_DAY = 40  # stories a day: 100,000 span about seven years


@dataclass
class Summary:
    articles: int = 0
    comments: int = 0
    pending: int = 0
    people: int = 0
    topics: int = 0


def generate(*, articles, comments, people=300, seed=1, until=UNTIL, progress=None):
    """Add ``articles`` articles and ``comments`` comments; ``progress(n)`` after n articles."""
    with transaction.atomic():
        if connection.vendor == "postgresql":  # ids are reserved below: nobody else may insert
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE articles_article, django_comments IN EXCLUSIVE MODE")
        summary = Generator(seed, until).run(articles, comments, people, progress)
        with connection.cursor() as cursor:
            base = comment_model()._meta.get_parent_list()[-1]
            for statement in connection.ops.sequence_reset_sql(no_style(), [Article, base]):
                cursor.execute(statement)
    return summary


class Generator:
    def __init__(self, seed, until):
        self.seed, self.until = seed, until
        self.tz = timezone.get_default_timezone()
        self.anchor = datetime.datetime.combine(until, datetime.time(), tzinfo=self.tz)
        self.summary = Summary()
        self.sentences, self.quotes, self.leads = text_pools()

    def rng(self, purpose):
        return random.Random(f"{self.seed}:{purpose}")

    def run(self, articles, comments, people, progress):
        self.topics = self.ensure_topics()
        self.subjects = list(Region.objects.subjects().order_by("position", "name"))
        days = max(1, math.ceil(articles / PER_DAY))
        self.first_day = self.until - datetime.timedelta(days=days)
        self.officials = add_officials(
            self.rng("people"), people, self.subjects, self.first_day, self.until
        )
        self.summary.people = len(self.officials)
        self.cum_weights = list(itertools.accumulate(o.weight for o in self.officials))
        self.subject_of = {r.pk: r for r in self.subjects}
        rng = self.rng("plan")
        statuses = [status_for(rng.random()) for _ in range(articles)]
        public = [i for i, s in enumerate(statuses) if s == Article.Status.PUBLISHED]
        if comments and not public:
            raise ValueError("Комментариям нужны опубликованные материалы.")
        counts = [0] * articles
        if comments:
            # Most stories draw a few comments or none; a few draw hundreds.
            heat = [min(rng.paretovariate(1.2), 200.0) * (rng.random() < 0.6) for _ in public]
            for index in rng.choices(public, weights=heat, k=comments):
                counts[index] += 1
        self.taken = set(Article.objects.values_list("slug", flat=True))
        self.taken.update(SlugRedirect.objects.values_list("old_slug", flat=True))
        self.next_article = (Article.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        base = comment_model()._meta.get_parent_list()[-1]
        self.threads = Threads(
            next_pk=(base.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
            content_type=ContentType.objects.get_for_model(Article).pk,
            anchor=self.anchor,
        )
        rngs = self.rng("articles"), self.rng("comments")
        for start in range(0, articles, CHUNK):
            stop = min(start + CHUNK, articles)
            days_of = [
                self.first_day + datetime.timedelta(i * days // articles)
                for i in range(start, stop)
            ]
            self.write_chunk(rngs, statuses[start:stop], days_of, counts[start:stop])
            if progress:
                progress(stop - start)
        self.summary.comments, self.summary.pending = self.threads.comments, self.threads.pending
        return self.summary

    def ensure_topics(self):
        names = set(Topic.objects.values_list("name", flat=True))
        for name in WORDS["topics"]:
            if len(names) >= 20:
                break
            if name not in names:
                Topic(name=name).save()
                names.add(name)
                self.summary.topics += 1
        return list(Topic.objects.order_by("name").values_list("pk", flat=True))

    def write_chunk(self, rngs, statuses, days, counts):
        rng, comment_rng = rngs
        articles, blocks, regions, topics = [], [], [], []
        comment_rows = [], [], []
        for status, day, count in zip(statuses, days, counts, strict=True):
            pk = self.next_article
            self.next_article += 1
            story = self.story(rng, pk, status, day, blocks)
            regions.extend((pk, region) for region in story.pop("regions"))
            topics.extend((pk, topic) for topic in rng.sample(self.topics, rng.randint(1, 3)))
            if count:
                approved = self.threads.add(
                    comment_rng, pk, story["published_at"], count, comment_rows
                )
                story["comment_count"] = approved
            articles.append(story)
        write(Article, articles)
        write(Block, blocks)
        write(Article.regions.through, [{"article_id": a, "region_id": r} for a, r in regions])
        write(Article.topics.through, [{"article_id": a, "topic_id": t} for a, t in topics])
        chain = [*reversed(comment_model()._meta.get_parent_list()), comment_model()]
        for model, rows in zip(chain, comment_rows, strict=True):
            write(model, rows)
        self.summary.articles += len(articles)

    def story(self, rng, pk, status, day, blocks):
        """An article's row; its blocks are appended to ``blocks``."""
        minute = rng.randrange(8 * 60, 21 * 60)
        moment = datetime.datetime.combine(
            day, datetime.time(minute // 60, minute % 60), tzinfo=self.tz
        )
        quoted = []
        if self.officials:
            k = rng.choice((0, 1, 1, 1, 2))
            quoted = rng.choices(self.officials, cum_weights=self.cum_weights, k=k)
        undated = status in (Article.Status.DRAFT, Article.Status.REVIEW)
        date = self.until if undated else day  # Block.save takes today's title for undated
        posts = [(o.pk, o.post_on(date)) for o in quoted]
        posts = [(pk_, post) for pk_, post in posts if post]
        region = self.subject_of[posts[0][1][2]] if posts else rng.choice(self.subjects)
        regions = [region.pk]
        if rng.random() < 0.3:
            regions.append(region.parent_id)
        if rng.random() < 0.1:
            regions.append(rng.choice(self.subjects).pk)
        gen = region.name_genitive
        title = rng.choice(WORDS["titles"]).format(
            gen=gen,
            head=head_of(region),
            what=rng.choice(WORDS["what"]),
            about=rng.choice(WORDS["about"]),
            event=rng.choice(WORDS["event"]),
            name=region.name,
        )
        title = title[0].upper() + title[1:]
        lead = " ".join(rng.sample(self.leads, 2)).replace("{gen}", gen)
        texts = [self.paragraph(rng, gen) for _ in range(rng.randint(2, 5))]
        body = [("text", t) for t in texts]
        for person_pk, (_, person_title, _) in posts:
            quote = " ".join(rng.sample(self.quotes, rng.randint(1, 3)))
            body.insert(rng.randint(1, len(body)), ("quote", (person_pk, person_title, quote)))
        for position, (kind, content) in enumerate(body, start=1):
            row = {"article_id": pk, "position": position * 10, "kind": kind}
            if kind == "text":
                row["text"] = content
            else:
                row["person_id"], row["person_title"], row["quote"] = content
            blocks.append(row)
        created = moment - datetime.timedelta(minutes=rng.randrange(30, 600))
        row = {
            "id": pk,
            "title": title,
            "lead": lead,
            "status": status,
            "regions": dict.fromkeys(regions),
            "slug": unique(slugify_ru(title, max_length=SLUG_MAX_LENGTH - 8), self.taken),
            "comments_open": True,
            "comment_count": 0,
            "created_at": created,
            "updated_at": moment,
            "published_at": moment,
        }
        if status in (Article.Status.DRAFT, Article.Status.REVIEW):
            row["published_at"] = None
        elif status == Article.Status.WITHDRAWN:
            row["withdrawn_at"] = moment + datetime.timedelta(hours=rng.randrange(1, 72))
            row["withdrawn_reason"] = WITHDRAWN
            row["updated_at"] = row["withdrawn_at"]
        return row

    def paragraph(self, rng, gen):
        sentences = [s.replace("{gen}", gen) for s in rng.sample(self.sentences, rng.randint(2, 4))]
        if rng.random() < 0.15:
            sentences[0] = f"<strong>{html.escape(sentences[0])}</strong>"
            sentences[1:] = map(html.escape, sentences[1:])
        else:
            sentences = list(map(html.escape, sentences))
        return sanitize_html(f"<p>{' '.join(sentences)}</p>")


def status_for(draw):
    if draw < 0.015:
        return Article.Status.DRAFT
    if draw < 0.025:
        return Article.Status.REVIEW
    if draw < 0.035:
        return Article.Status.WITHDRAWN
    return Article.Status.PUBLISHED
