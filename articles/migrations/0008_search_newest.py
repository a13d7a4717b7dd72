"""Search documents learn when their article became public, so search can walk them newest first.

``articles_searchdocument.published_at`` is the article's ``published_at`` while it is
published, NULL otherwise (a draft, a withdrawn story); whether that moment has come is decided
when searching, as Article.objects.published() does. With the index on it, the newest matches
of a common word are found by walking the documents newest first (no join to the articles per
row), and the dates of a rarer word's matches come with them from the GIN index's bitmap.

``articles_search_candidates()`` reads at most ``cap`` documents holding the words sought,
through the GIN index only: a phrase of common words or a misestimated rare word can no longer
make the planner read the whole table (discovery/search/postgres.py decides when to call it).
"""

from django.db import migrations

REFRESH = r"""
CREATE OR REPLACE FUNCTION articles_search_refresh(targets bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_searchdocument d
    WHERE d.article_id = ANY (targets)
        AND NOT EXISTS (SELECT FROM articles_article a WHERE a.id = d.article_id);
    INSERT INTO articles_searchdocument (article_id, document, published_at)
    SELECT
        a.id,
        setweight(to_tsvector('russian', coalesce(a.title, '')), 'A')
            || setweight(to_tsvector('russian', coalesce(a.lead, '')), 'B')
            || setweight(to_tsvector('russian', articles_search_body(a.id)), 'C'),
        CASE WHEN a.status = 'published' THEN a.published_at END
    FROM articles_article a
    WHERE a.id = ANY (targets)
    ON CONFLICT (article_id) DO UPDATE
        SET document = EXCLUDED.document, published_at = EXCLUDED.published_at;
END
$$
"""

OLD_REFRESH = r"""
CREATE OR REPLACE FUNCTION articles_search_refresh(targets bigint[]) RETURNS void
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
"""


def articles_updated(compared):
    return f"""
    CREATE OR REPLACE FUNCTION articles_search_articles_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM articles_search_refresh(ARRAY(
            SELECT new_rows.id FROM new_rows JOIN old_rows USING (id)
            WHERE ({", ".join(f"new_rows.{c}" for c in compared)}) IS DISTINCT FROM
                ({", ".join(f"old_rows.{c}" for c in compared)})
        ));
        RETURN NULL;
    END
    $$
    """


CREATE = [
    "ALTER TABLE articles_searchdocument ADD COLUMN published_at timestamptz",
    REFRESH,
    # Publishing, scheduling and withdrawing change the date a document is found by.
    articles_updated(["title", "lead", "status", "published_at"]),
    """
    UPDATE articles_searchdocument d SET published_at = a.published_at
    FROM articles_article a
    WHERE a.id = d.article_id AND a.status = 'published'
    """,
    """
    CREATE INDEX articles_searchdocument_newest
    ON articles_searchdocument (published_at DESC, article_id DESC)
    WHERE published_at IS NOT NULL
    """,
    # Bitmap scans of the GIN index only (the settings hold inside the function): a plain
    # scan would read documents until ``cap`` of them match, which for words that rarely
    # occur together is the whole table. ``hit``: whether the document matches ``query``;
    # a NULL query says every candidate matches (a query of words only), and saves the test.
    """
    CREATE FUNCTION articles_search_candidates(candidates tsquery, query tsquery, cap integer)
    RETURNS TABLE (article_id bigint, published_at timestamptz, hit boolean)
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    SET enable_indexscan = off
    AS $$
        SELECT d.article_id, d.published_at, coalesce(d.document @@ query, true)
        FROM articles_searchdocument d
        WHERE d.document @@ candidates
        LIMIT cap
    $$
    """,
    "ANALYZE articles_searchdocument",
]

DROP = [
    "DROP FUNCTION IF EXISTS articles_search_candidates(tsquery, tsquery, integer)",
    articles_updated(["title", "lead"]),
    OLD_REFRESH,
    "DROP INDEX IF EXISTS articles_searchdocument_newest",
    "ALTER TABLE articles_searchdocument DROP COLUMN IF EXISTS published_at",
]


def execute_on_postgresql(schema_editor, statements):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement, params=None)


def forwards(apps, schema_editor):
    execute_on_postgresql(schema_editor, CREATE)


def backwards(apps, schema_editor):
    execute_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_quote_title_manual"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
