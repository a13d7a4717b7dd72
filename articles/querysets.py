"""What a set of articles means, spelled once: public, scheduled, of a region, quoting a person,
and the periods that have news. Views, feeds, sitemaps and search all ask ``Article.objects``."""

import datetime

from django.db import connection, models
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        """The one definition of "visible to the public": published and its time has come (by
        ``now``, this moment unless told)."""
        now = timezone.now() if now is None else now
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=now)

    def scheduled(self):
        """Published with a time still to come: readers see it when that time comes."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_lists(self):
        """What a list of articles shows, in a fixed number of queries."""
        return self.prefetch_related("regions", "topics").order_by("-published_at", "-pk")

    # Both filters below are semi-joins (EXISTS): no DISTINCT over the whole match, and a list
    # newest first can still walk the articles' index and stop after one page.

    def in_region(self, region):
        """Articles of ``region`` and of the regions below it (a district's subjects, a
        subject's municipalities). ``region`` is a Region, or the ids its ``with_subjects()``
        gives (the search form keeps them).

        The ids are read first and written into the query: as a subquery (the region, its
        children or its grandchildren, a self-join with OR) PostgreSQL could not estimate
        them, took a tenth of all tags for Tula's 27 regions and merged the whole archive's
        tags with the articles: 132 ms for the region page's count at 100,000 articles, 8 ms
        with the ids (bench/results/bench-large.md)."""
        with_subjects = getattr(region, "with_subjects", None)
        ids = with_subjects() if with_subjects else list(region)
        tagged = self.model.regions.through.objects.filter(article=OuterRef("pk"), region__in=ids)
        return self.filter(Exists(tagged))

    def quoting(self, person):
        """Articles with a quote of ``person`` (a Person, its id, or an ``OuterRef`` to one)."""
        blocks = self.model._meta.get_field("blocks").related_model.objects
        return self.filter(Exists(blocks.filter(article=OuterRef("pk"), person=person)))

    def periods_with_news(self, kind):
        """The years or months (``kind``) with published news, as their first days, newest
        first.

        ``dates()`` reads the date of every published article; on PostgreSQL a recursive query
        instead asks the index once per period for the newest article before the period it last
        found (a "loose index scan"): one probe a period, however large the archive."""
        if kind not in ("year", "month"):
            raise ValueError(kind)
        published = self.published()
        if connection.vendor != "postgresql":
            return list(published.dates("published_at", kind, order="DESC"))
        zone = timezone.get_current_timezone_name()
        newest = published.order_by("-published_at").values("published_at")
        first, first_params = newest[:1].query.sql_with_params()
        period_start = RawSQL(
            f"date_trunc('{kind}', newest.at AT TIME ZONE %s) AT TIME ZONE %s", [zone, zone]
        )
        step, step_params = newest.filter(published_at__lt=period_start)[:1].query.sql_with_params()
        sql = (
            f"WITH RECURSIVE newest(at) AS (({first}) UNION ALL "
            f"SELECT ({step}) FROM newest WHERE newest.at IS NOT NULL) "
            "SELECT at FROM newest WHERE at IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, first_params + step_params)
            moments = [timezone.localtime(at) for (at,) in cursor.fetchall()]
        return [datetime.date(at.year, at.month if kind == "month" else 1, 1) for at in moments]
