"""Full-text search on PostgreSQL: one stored, weighted document per article.

``articles_searchdocument`` holds, for every article, a tsvector in the ``russian``
configuration: title A, lead B, and C for the body as ``articles_search_body()`` spells it
(text blocks without tags; quotes with the speaker's name and title), which search snippets
are also cut from. Triggers keep it current on every write path: model saves, admin inlines,
``bulk_create``, ``QuerySet.update``, raw SQL, fixtures. It is no Django model: nothing but
discovery/search/ reads it, and no model file had to change. SQLite has no such table:
discovery/search/scanned.py matches word forms in Python there.
"""

from django.db import migrations

# A text block's HTML as words: tags out, the entities the sanitizer writes back to characters.
BODY_TEXT = r"""
btrim(regexp_replace(replace(replace(replace(replace(
    regexp_replace(coalesce(block.text, ''), '<[^>]*>', ' ', 'g'),
    '&nbsp;', ' '), '&lt;', '<'), '&gt;', '>'), '&amp;', '&'), '\s+', ' ', 'g'))
"""

CREATE = [
    # Documents stay inline and uncompressed up to a page (toast_tuple_target): reading one
    # then costs no decompression, and the planner, seeing the table's true size, prefers
    # the GIN index for all but the commonest words.
    """
    CREATE TABLE articles_searchdocument (
        article_id bigint PRIMARY KEY,
        document tsvector NOT NULL
    ) WITH (toast_tuple_target = 8160)
    """,
    # No foreign key: Django's flush truncates model tables without CASCADE.
    "CREATE INDEX articles_searchdocument_gin ON articles_searchdocument USING gin (document)",
    f"""
    CREATE FUNCTION articles_search_body(article bigint) RETURNS text
    LANGUAGE sql STABLE AS $$
        SELECT coalesce(string_agg(
            CASE WHEN block.kind = 'quote'
                THEN concat_ws(' ', person.first_name, person.last_name,
                               '(' || nullif(block.person_title, '') || '):',
                               '«' || block.quote || '»')
                ELSE {BODY_TEXT}
            END,
            ' ' ORDER BY block.position, block.id
        ), '')
        FROM articles_block block
        LEFT JOIN people_person person ON person.id = block.person_id
        WHERE block.article_id = article
    $$
    """,
    """
    CREATE FUNCTION articles_search_refresh(targets bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM articles_searchdocument d
        WHERE d.article_id = ANY (targets)
            AND NOT EXISTS (SELECT FROM articles_article a WHERE a.id = d.article_id);
        INSERT INTO articles_searchdocument (article_id, document)
        SELECT
            a.id,
            setweight(to_tsvector('russian', coalesce(a.title, '')), 'A')
                || setweight(to_tsvector('russian', coalesce(a.lead, '')), 'B')
                || setweight(to_tsvector('russian', articles_search_body(a.id)), 'C')
        FROM articles_article a
        WHERE a.id = ANY (targets)
        ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document;
    END
    $$
    """,
    # Statement triggers with transition tables: a bulk_create of a thousand blocks rewrites
    # each article's document once, not once per block.
    *(
        f"""
        CREATE FUNCTION articles_search_{name}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM articles_search_refresh(ARRAY({changed}));
            RETURN NULL;
        END
        $$
        """
        for name, changed in [
            ("articles_inserted", "SELECT id FROM new_rows"),
            ("articles_deleted", "SELECT id FROM old_rows"),
            (
                "articles_updated",
                "SELECT new_rows.id FROM new_rows JOIN old_rows USING (id) "
                "WHERE (new_rows.title, new_rows.lead) IS DISTINCT FROM "
                "(old_rows.title, old_rows.lead)",
            ),
            ("blocks_inserted", "SELECT article_id FROM new_rows"),
            ("blocks_deleted", "SELECT article_id FROM old_rows"),
            (
                "blocks_updated",
                "SELECT article_id FROM new_rows UNION SELECT article_id FROM old_rows",
            ),
            (
                "speakers_renamed",
                "SELECT DISTINCT block.article_id FROM articles_block block "
                "JOIN new_rows ON new_rows.id = block.person_id "
                "JOIN old_rows ON old_rows.id = new_rows.id "
                "WHERE (new_rows.first_name, new_rows.last_name) IS DISTINCT FROM "
                "(old_rows.first_name, old_rows.last_name)",
            ),
        ]
    ),
    *(
        f"""
        CREATE TRIGGER articles_search_{name} AFTER {event} ON {table}
        REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION articles_search_{name}()
        """
        for name, event, table, tables in [
            ("articles_inserted", "INSERT", "articles_article", "NEW TABLE AS new_rows"),
            ("articles_deleted", "DELETE", "articles_article", "OLD TABLE AS old_rows"),
            (
                "articles_updated",
                "UPDATE",
                "articles_article",
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            ),
            ("blocks_inserted", "INSERT", "articles_block", "NEW TABLE AS new_rows"),
            ("blocks_deleted", "DELETE", "articles_block", "OLD TABLE AS old_rows"),
            (
                "blocks_updated",
                "UPDATE",
                "articles_block",
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            ),
            (
                "speakers_renamed",
                "UPDATE",
                "people_person",
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            ),
        ]
    ),
    """
    CREATE FUNCTION articles_search_articles_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM articles_searchdocument;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_search_articles_truncated AFTER TRUNCATE ON articles_article
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_articles_truncated()
    """,
    "SELECT articles_search_refresh(ARRAY(SELECT id FROM articles_article))",
]

TRIGGERS = [
    ("articles_inserted", "articles_article"),
    ("articles_deleted", "articles_article"),
    ("articles_updated", "articles_article"),
    ("articles_truncated", "articles_article"),
    ("blocks_inserted", "articles_block"),
    ("blocks_deleted", "articles_block"),
    ("blocks_updated", "articles_block"),
    ("speakers_renamed", "people_person"),
]

DROP = [
    *(f"DROP TRIGGER IF EXISTS articles_search_{name} ON {table}" for name, table in TRIGGERS),
    *(f"DROP FUNCTION IF EXISTS articles_search_{name}()" for name, _ in TRIGGERS),
    "DROP FUNCTION IF EXISTS articles_search_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS articles_search_body(bigint)",
    "DROP TABLE IF EXISTS articles_searchdocument",
]


def execute_on_postgresql(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_search_documents(apps, schema_editor):
    execute_on_postgresql(schema_editor, CREATE)


def drop_search_documents(apps, schema_editor):
    execute_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_image_renditions"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_documents, drop_search_documents),
    ]
