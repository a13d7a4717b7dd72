"""Indexes for the public lists: newest first, by status, by the person quoted; and, on the
tables Django makes for the regions and topics of articles, from the region's or topic's side
(plain SQL: those tables have no model of ours to declare an index on)."""

from django.conf import settings
from django.db import migrations, models

THROUGH_INDEXES = [
    ("article_regions_region_article_idx", "articles_article_regions (region_id, article_id)"),
    ("article_topics_topic_article_idx", "articles_article_topics (topic_id, article_id)"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_search'),
        ('people', '0002_image_renditions'),
        ('regions', '0002_load_regions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='article_published_idx',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', '-published_at', '-id'], include=['slug', 'updated_at'], name='article_status_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['-published_at', '-id'], name='article_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='block',
            index=models.Index(fields=['person', 'article'], name='block_person_article_idx'),
        ),
        *(
            migrations.RunSQL(
                f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
                f"DROP INDEX IF EXISTS {name}",
            )
            for name, definition in THROUGH_INDEXES
        ),
    ]
