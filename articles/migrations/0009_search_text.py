"""Search keeps each article's body as plain text, so a page's snippets are not rebuilt per row.

``articles_searchtext`` holds ``articles_search_body()`` of every article (the text blocks
without tags, the quotes with their speakers): the refresh that writes the search document
computes it anyway, and now stores it and builds the document from it. Search snippets
(ts_headline) read it instead of running the function over the blocks of each result. A
table of its own: the documents' table stays narrow for the walks newest first.
"""

import importlib

from django.db import migrations

previous = importlib.import_module("articles.migrations.0008_search_newest")

REFRESH = r"""
CREATE OR REPLACE FUNCTION articles_search_refresh(targets bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_searchdocument d
    WHERE d.article_id = ANY (targets)
        AND NOT EXISTS (SELECT FROM articles_article a WHERE a.id = d.article_id);
    DELETE FROM articles_searchtext t
    WHERE t.article_id = ANY (targets)
        AND NOT EXISTS (SELECT FROM articles_article a WHERE a.id = t.article_id);
    INSERT INTO articles_searchtext (article_id, body)
    SELECT a.id, articles_search_body(a.id)
    FROM articles_article a
    WHERE a.id = ANY (targets)
    ON CONFLICT (article_id) DO UPDATE SET body = EXCLUDED.body;
    INSERT INTO articles_searchdocument (article_id, document, published_at)
    SELECT
        a.id,
        setweight(to_tsvector('russian', coalesce(a.title, '')), 'A')
            || setweight(to_tsvector('russian', coalesce(a.lead, '')), 'B')
            || setweight(to_tsvector('russian', t.body), 'C'),
        CASE WHEN a.status = 'published' THEN a.published_at END
    FROM articles_article a
    JOIN articles_searchtext t ON t.article_id = a.id
    WHERE a.id = ANY (targets)
    ON CONFLICT (article_id) DO UPDATE
        SET document = EXCLUDED.document, published_at = EXCLUDED.published_at;
END
$$
"""


def truncated(*tables):
    return f"""
    CREATE OR REPLACE FUNCTION articles_search_articles_truncated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {" ".join(f"DELETE FROM {table};" for table in tables)}
        RETURN NULL;
    END
    $$
    """


CREATE = [
    "CREATE TABLE articles_searchtext (article_id bigint PRIMARY KEY, body text NOT NULL)",
    """
    INSERT INTO articles_searchtext (article_id, body)
    SELECT id, articles_search_body(id) FROM articles_article
    """,
    REFRESH,
    truncated("articles_searchdocument", "articles_searchtext"),
    "ANALYZE articles_searchtext",
]

DROP = [
    truncated("articles_searchdocument"),
    previous.REFRESH,
    "DROP TABLE IF EXISTS articles_searchtext",
]


def forwards(apps, schema_editor):
    previous.execute_on_postgresql(schema_editor, CREATE)


def backwards(apps, schema_editor):
    previous.execute_on_postgresql(schema_editor, DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_newest"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
