"""Rows into a table by bulk: PostgreSQL's COPY, or a multi-row INSERT elsewhere.

Rows are dicts by attribute name, written to the model's own table (not its parents'), with the
field's default for any column a row leaves out; nothing is read back.
"""

import io

from django.db import connection

CHUNK = 1000  # rows (articles with their comments, people) per bulk statement


def write(model, rows):
    """Insert dict ``rows`` into ``model``'s own table; unnamed columns get the field default."""
    if not rows:
        return
    fields = [
        f for f in model._meta.local_concrete_fields if f.attname in rows[0] or not f.primary_key
    ]
    defaults = {f.attname: f.get_default() for f in fields}
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy_expert"):
            buffer = io.StringIO()
            for row in rows:
                buffer.write("\t".join(copy_text(row.get(n, defaults[n])) for n in names) + "\n")
            buffer.seek(0)
            raw.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
            return
        adapt = [adapter(f) for f in fields]
        values = [
            [a(row.get(n, defaults[n])) for n, a in zip(names, adapt, strict=True)] for row in rows
        ]
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value):
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_COPY_ESCAPES)


def adapter(model_field):
    kind = model_field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: value
