"""Queries of the hot pages run with SQL that Django's ORM built once per process.

The fully cold article page (every cache empty: the first request after a change) reads its
article's blocks, photos, regions and topics. Through ``prefetch_related`` Django builds the SQL
of each of those queries anew on every request: cloning the queryset, resolving the filter,
compiling the columns and the ordering. That was about a third of the page's CPU (issue 15),
for SQL that differs only in the article's key.

``Compiled`` asks the ORM for a queryset once per database connection, with stand-in values
for what varies, keeps the SQL and what Django needs to turn its rows into objects (the columns,
the ``select_related`` populators, the database's value converters), and then runs that SQL
with the real values. ``Relation`` does so for a relation of one object (an article's blocks)
and leaves what ``prefetch_related`` would have left: the same instances, the same
``select_related`` caches, the reverse foreign key set, the relation's manager answering
``.all()`` from them without a query.

Written here rather than taken from a package: the one that does this, django-prepared-queries,
last released in January 2019 for Django < 2.2; ours needs only a few values substituted (a key,
a slug, a moment), not arbitrary parameters. It leans on what ``ModelIterable`` reads of the
ORM's compiler (``select``, ``klass_info``, ``get_converters``), stable within Django 5.2 LTS;
the tests compare every object and cache with what ``prefetch_related`` gives, so an upgrade
that changes them fails loudly.
"""

import datetime
import weakref

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

from toolkit import prepared

# Values no row has: where they land among the compiled query's parameters, the real ones go.
STAND_INS = {
    int: -7_318_214_551,
    str: "\x00stand-in\x00",
    datetime.datetime: datetime.datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=datetime.UTC),
}


def _adapt(value, connection):
    """A value as Django passes it to the database: a moment as ``DateTimeField`` does (a string
    in SQLite's local time there, the datetime itself in PostgreSQL), the rest as it is."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class Loaded(QuerySet):
    """A relation's rows already read: iterating, ``len``, ``bool``, ``count()``, ``exists()``
    use them, as a prefetched queryset's do. Anything that builds a new query (``filter``,
    ``order_by``…) builds it on the relation's own queryset, which asks the database for the
    instance's rows, as it would have after ``prefetch_related``."""

    def _chain(self):
        return self._relation_queryset()._chain()

    def _relation_queryset(self):
        instance, name = self._loaded_for
        cache = instance._prefetched_objects_cache
        loaded = cache.pop(name)
        try:
            return getattr(instance, name).get_queryset()
        finally:
            cache[name] = loaded


class _Plan:
    """A queryset's SQL on one connection, where each value goes, and how to make objects of
    its rows."""

    def __init__(self, queryset, connection, stand_ins):
        compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = {}
        for name, stand_in in stand_ins.items():
            adapted = _adapt(stand_in, connection)
            self.slots[name] = [i for i, value in enumerate(self.params) if value == adapted]
            if not self.slots[name]:
                raise ValueError(f"{name!r} is not among the parameters of {self.sql}")
        self.converters = list(compiler.get_converters([f[0] for f in compiler.select]).items())
        if queryset._iterable_class is ValuesListIterable:  # the rows are what is returned
            self.model = None
            return
        if queryset._iterable_class is not ModelIterable:
            raise ValueError("objects or values_list() rows only")
        if compiler.annotation_col_map:
            raise ValueError("annotations are not supported")
        self.model = compiler.klass_info["model"]
        fields = compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in compiler.select[self.start : self.end]]
        self.populators = get_related_populators(
            compiler.klass_info, compiler.select, connection.alias
        )
        # The reverse foreign key a relation's manager sets on each object (block.article).
        self.back = list(queryset._known_related_objects)

    def run(self, connection, values, back_to=None):
        params = list(self.params)
        for name, slots in self.slots.items():
            value = _adapt(values[name], connection)
            for index in slots:
                params[index] = value
        with connection.cursor() as cursor:
            # Prepared on PostgreSQL: parsing and planning were most of these queries' cost
            # to the database.
            prepared.execute(cursor, self.sql, params, prefix="compiled")
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._converted(row, connection) for row in rows]
        if self.model is None:
            return rows
        objects = []
        from_db, db = self.model.from_db, connection.alias
        for row in rows:
            obj = from_db(db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            if back_to is not None:
                for field in self.back:
                    field.set_cached_value(obj, back_to)
            objects.append(obj)
        return objects

    def _converted(self, row, connection):
        row = list(row)
        for position, (converters, expression) in self.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return tuple(row)


class Compiled:
    """``Compiled(lambda slug, now: Article.objects.published(now=now).filter(slug=slug))``: the
    queryset the function builds, its SQL compiled once per connection with stand-ins for the
    arguments (an ``int``, a ``str`` or an aware ``datetime`` each, passed to a filter as they
    are); ``fetch(Article, slug=…, now=…)`` runs it and returns its objects, or the rows of a
    ``values_list()`` as tuples. A value the function transforms before filtering cannot be
    found among the parameters: compiling then fails loudly rather than run the stand-in."""

    def __init__(self, build, **types):
        self.build = build
        self.stand_ins = {name: STAND_INS[kind] for name, kind in types.items()}
        self._plans = weakref.WeakKeyDictionary()  # connection -> _Plan

    def fetch(self, model, *, hints=None, back_to=None, **values):
        """The objects, read from the database the router chooses for ``model``."""
        connection = connections[router.db_for_read(model, **(hints or {}))]
        plan = self._plans.get(connection)
        if plan is None:
            queryset = self.build(**self.stand_ins).using(connection.alias)
            plan = self._plans[connection] = _Plan(queryset, connection, self.stand_ins)
        return plan.run(connection, values, back_to)


class Relation:
    """``Relation(Article, "blocks", lambda qs: qs.select_related("person"))``: the relation
    ``blocks`` of an article, as its manager's queryset refined by the function, read with SQL
    compiled once per connection. ``load(article)`` reads it, leaves it where
    ``prefetch_related`` would (``article.blocks.all()`` then makes no query) and returns it."""

    def __init__(self, model, name, refine=None):
        self.model, self.name = model, name
        refine = refine or (lambda queryset: queryset)
        self._query = Compiled(
            lambda key: refine(getattr(self.model(pk=key), self.name).get_queryset()), key=int
        )
        self._related_model = None

    def load(self, instance):
        cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
        if self.name in cache:
            return cache[self.name]
        if self._related_model is None:
            self._related_model = getattr(self.model(pk=instance.pk), self.name).model
        # The database the relation's manager would read: the router's choice, as Django's.
        objects = self._query.fetch(
            self._related_model, hints={"instance": instance}, back_to=instance, key=instance.pk
        )
        loaded = Loaded(model=self._related_model, using=objects[0]._state.db if objects else None)
        loaded._result_cache = objects
        loaded._prefetch_done = True
        loaded._loaded_for = (instance, self.name)
        cache[self.name] = loaded
        return loaded
