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
import functools
import weakref

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

from toolkit import prepared


def _stand_in(kind, index, round_):
    """A value no row has, different for each argument (``index``) and each of the two
    compilations (``round_``): where it lands among the parameters, the real value goes."""
    if kind is int:
        return -7_318_214_551 - 1000 * index - round_
    if kind is str:
        return f"\x00stand-in {index} {round_}\x00"
    if kind is datetime.datetime:
        first = datetime.datetime(1901, 2, 3, 4, 5, 6, 789_012, tzinfo=datetime.UTC)
        return first + datetime.timedelta(days=index, seconds=round_)
    raise TypeError(f"an int, a str or a datetime, not {kind}")


def _adapt(value, connection):
    """A value as Django passes it to the database: a moment as ``DateTimeField`` does (a string
    in SQLite's local time there, the datetime itself in PostgreSQL), the rest as it is."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Loaded:
    """A relation's rows already read, as ``prefetch_related`` leaves them: iterating, ``len``,
    ``bool``, ``count()``, ``exists()``, ``first()``, slicing use them. Its query, the
    relation's own, is built the first time something needs SQL (``filter``, ``update``,
    ``aggregate``, ``iterator``, a copy): the page never pays for it, and nothing else gets the
    whole table. Mixed into the relation's queryset class, so its methods are there
    (``regions.subjects()``)."""

    _build = None  # makes the relation's queryset, until its query is asked for

    @property
    def query(self):
        if self._build is not None:
            build, self._build = self._build, None
            self._query = build().query
        return QuerySet.query.fget(self)

    @query.setter
    def query(self, value):
        self._build = None
        QuerySet.query.fset(self, value)

    def __deepcopy__(self, memo):
        self.query  # noqa: B018 (built now: the copy reads the relation, not the builder)
        return super().__deepcopy__(memo)

    def __reduce__(self):
        # Pickled as the plain queryset it stands for: a class made per queryset class
        # cannot be found by name.
        self.query  # noqa: B018 (the relation's own query, built now)
        state = {name: value for name, value in self.__getstate__().items() if name != "_build"}
        return (_new, (self._plain,), state)


def _new(cls):
    return cls.__new__(cls)


@functools.cache
def _loaded_class(queryset_class, model):
    return type(
        f"Loaded{queryset_class.__name__}",
        (_Loaded, queryset_class),
        {"_plain": queryset_class, "_plain_model": model, "__module__": __name__},
    )


def _unprefetched(instance, name):
    """The queryset of ``instance``'s relation ``name`` as its manager builds it when nothing
    is prefetched."""
    manager = getattr(instance, name)
    return manager._apply_rel_filters(super(type(manager), manager).get_queryset())


class _Plan:
    """A queryset's SQL on one connection, where each value goes, and how to make objects of
    its rows."""

    def __init__(self, build, connection, types):
        """Compiles ``build``'s queryset twice, each time with other stand-ins, and refuses
        what would run wrong: a parameter that changed but is no argument's (made from one, or
        read by the queryset itself, as the time), or an argument not among the parameters."""
        rounds = []
        for round_ in (0, 1):
            stand_ins = {
                name: _stand_in(kind, index, round_)
                for index, (name, kind) in enumerate(types.items())
            }
            queryset = build(**stand_ins).using(connection.alias)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            adapted = {name: _adapt(value, connection) for name, value in stand_ins.items()}
            rounds.append((sql, list(params), adapted))
        (self.sql, self.params, first), (sql, params, second) = rounds
        self.slots = {
            name: [i for i, value in enumerate(self.params) if value == stand_in]
            for name, stand_in in first.items()
        }
        for name, slots in self.slots.items():
            if not slots:
                raise ValueError(f"{name!r} is not among the parameters of {self.sql}")
        taken = {index: name for name, slots in self.slots.items() for index in slots}
        changed = {i for i, (a, b) in enumerate(zip(self.params, params, strict=True)) if a != b}
        if (
            sql != self.sql
            or changed != set(taken)
            or any(params[index] != second[name] for index, name in taken.items())
        ):
            raise ValueError(f"parameters of {self.sql} change apart from the arguments")
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
    ``values_list()`` as tuples. A value the function transforms before filtering (``now -
    week``), or one the queryset reads itself (``timezone.now()`` inside), cannot be put in
    place: compiling then fails loudly rather than run with a stand-in or a frozen value."""

    def __init__(self, build, **types):
        self.build, self.types = build, types
        self._plans = weakref.WeakKeyDictionary()  # connection -> _Plan

    def fetch(self, model, *, using=None, back_to=None, **values):
        """The objects, read from ``using`` or the database the router chooses for ``model``."""
        connection = connections[using or router.db_for_read(model)]
        plan = self._plans.get(connection)
        if plan is None:
            plan = self._plans[connection] = _Plan(self.build, connection, self.types)
        return plan.run(connection, values, back_to)


class Relation:
    """``Relation(Article, "blocks", lambda qs: qs.select_related("person"))``: the relation
    ``blocks`` of an article, as its manager's queryset refined by the function, read with SQL
    compiled once per connection. ``load(article)`` reads it, leaves it where
    ``prefetch_related`` would (``article.blocks.all()`` then makes no query) and returns it."""

    def __init__(self, model, name, refine=None):
        self.model, self.name = model, name
        self.refine = refine or (lambda queryset: queryset)
        self._query = Compiled(lambda key: self._queryset(self.model(pk=key)), key=int)
        self._class = None

    def _queryset(self, instance):
        return self.refine(_unprefetched(instance, self.name))

    def load(self, instance):
        cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
        if self.name in cache:
            return cache[self.name]
        if self._class is None:
            queryset = self._queryset(self.model(pk=instance.pk))
            self._class = _loaded_class(type(queryset), queryset.model)
        model = self._class._plain_model
        # The database the relation's manager would read: the router's choice, as Django's.
        using = router.db_for_read(model, instance=instance)
        objects = self._query.fetch(model, using=using, back_to=instance, key=instance.pk)
        loaded = self._class(model=model, using=using, hints={"instance": instance})
        loaded._result_cache = objects
        loaded._prefetch_done = True
        loaded._build = functools.partial(self._queryset, instance)
        cache[self.name] = loaded
        return loaded
