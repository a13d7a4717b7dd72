from django.db import migrations

# The tables belong to django_comments and django_comments_xtd, so plain SQL: both SQLite and
# PostgreSQL support partial indexes. They serve the moderators' queue (pending, oldest first)
# and the decided comments (newest first) at a million rows.
INDEXES = [
    (
        "comment_pending_queue_idx",
        "django_comments (submit_date) WHERE NOT is_public AND NOT is_removed",
    ),
    ("comment_submit_date_desc_idx", "django_comments (submit_date DESC)"),
    (
        "comment_public_object_idx",
        "django_comments (object_pk, content_type_id) WHERE is_public AND NOT is_removed",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES
    ]
