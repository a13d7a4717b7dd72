"""The number of comments waiting for a moderator, kept by PostgreSQL (issue 15).

Every admin page a moderator opens shows it, and the queue's paginator needs it: counting the
partial index comment_pending_queue_idx (0002) read every waiting comment, 4 to 7 ms of the
database's CPU per page at 50,000 waiting. ``comments_pendingcount`` holds the number in one
row; statement triggers with transition tables keep it exact on every write path (saves,
``QuerySet.update``, ``bulk_create``, deletions, raw SQL, TRUNCATE) in the writing
transaction, so a reader sees exactly what it would have counted. "Waiting" is spelled as in
0002's index and in comments.models.STATUS_FLAGS (tests/comments/test_pending_count.py holds
them together). Like articles' search documents (articles/migrations/0005_search.py) it is no
Django model; SQLite has no such table and comments.moderation.queue_summary() counts there.
"""

from django.db import migrations

PENDING = "NOT is_public AND NOT is_removed"

CREATE = [
    """
    CREATE TABLE comments_pendingcount (
        id smallint PRIMARY KEY CHECK (id = 1),
        pending bigint NOT NULL
    )
    """,
    # A change that leaves the number as it was (an approved comment written, a report
    # counted) does not touch the row, so it waits for no other writer of the number.
    """
    CREATE FUNCTION comments_pending_add(delta bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        IF delta <> 0 THEN
            UPDATE comments_pendingcount SET pending = pending + delta WHERE id = 1;
        END IF;
    END
    $$
    """,
    *(
        f"""
        CREATE FUNCTION comments_pending_{name}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM comments_pending_add({delta});
            RETURN NULL;
        END
        $$
        """
        for name, delta in [
            ("inserted", f"(SELECT count(*) FROM new_rows WHERE {PENDING})"),
            ("deleted", f"-(SELECT count(*) FROM old_rows WHERE {PENDING})"),
            (
                "updated",
                f"(SELECT count(*) FROM new_rows WHERE {PENDING})"
                f" - (SELECT count(*) FROM old_rows WHERE {PENDING})",
            ),
        ]
    ),
    *(
        f"""
        CREATE TRIGGER comments_pending_{name} AFTER {event} ON django_comments
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION comments_pending_{name}()
        """
        for name, event, tables in [
            ("inserted", "INSERT", "NEW TABLE AS new_rows"),
            ("deleted", "DELETE", "OLD TABLE AS old_rows"),
            ("updated", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ]
    ),
    """
    CREATE FUNCTION comments_pending_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE comments_pendingcount SET pending = 0 WHERE id = 1;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER comments_pending_truncated AFTER TRUNCATE ON django_comments
    FOR EACH STATEMENT EXECUTE FUNCTION comments_pending_truncated()
    """,
    # Counted once here, in the migration's transaction, which the triggers already watch.
    "LOCK TABLE django_comments IN SHARE MODE",
    f"""
    INSERT INTO comments_pendingcount (id, pending)
    SELECT 1, count(*) FROM django_comments WHERE {PENDING}
    """,
]

NAMES = ["inserted", "deleted", "updated", "truncated"]

DROP = [
    *(f"DROP TRIGGER IF EXISTS comments_pending_{name} ON django_comments" for name in NAMES),
    *(f"DROP FUNCTION IF EXISTS comments_pending_{name}()" for name in NAMES),
    "DROP FUNCTION IF EXISTS comments_pending_add(bigint)",
    "DROP TABLE IF EXISTS comments_pendingcount",
]


def execute_on_postgresql(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_pending_count(apps, schema_editor):
    execute_on_postgresql(schema_editor, CREATE)


def drop_pending_count(apps, schema_editor):
    execute_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0005_official_replies"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [
        migrations.RunPython(create_pending_count, drop_pending_count),
    ]
