"""Posting a comment reads the article alone: not the blocks, photos, regions and topics the
article page prefetches (PostCommentView is not a subclass of the page)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.comments.helpers import form_data
from tests.factories import (
    ArticleFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TextBlockFactory,
    TopicFactory,
    region,
)

pytestmark = pytest.mark.django_db

# The tables only the article page's body and metadata read.
PAGE_RELATIONS = re.compile(r'"articles_(block|photo|article_regions|article_topics)"')
# Read the article, check the name against the staff's, look for a repeat by e-mail and by
# address, read the stop words, write the comment (three tables, then xtd's thread fields, in a
# savepoint), count the article's approved comments, check the moderators' digest: 22, however
# much the article holds.
ACCEPTED_POST_QUERIES = 22


def full_article():
    article = ArticleFactory(
        regions=[region("tulskaya-oblast"), region("tsentralny-federalny-okrug")],
        topics=[TopicFactory(), TopicFactory()],
    )
    for _ in range(5):
        TextBlockFactory(article=article)
        QuoteBlockFactory(article=article)
    for _ in range(3):
        PhotoFactory(article=article)
    return article


def post(client, article, **overrides):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/news/{article.slug}/comment/", form_data(article, **overrides))
    return response, [query["sql"] for query in queries.captured_queries]


def test_an_accepted_comment_costs_the_same_queries_for_a_bare_and_a_full_article(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    bare, full = ArticleFactory(), full_article()
    post(client, ArticleFactory(), comment="Прогрев: типы содержимого.")
    answers = [
        post(client, article, comment=f"Комментарий к {article.pk}.") for article in (bare, full)
    ]
    for response, queries in answers:
        assert response.status_code == 302
        assert not [sql for sql in queries if PAGE_RELATIONS.search(sql)]
        assert len(queries) == ACCEPTED_POST_QUERIES, "\n".join(queries)


def test_a_refused_comment_shows_the_page_from_its_kept_fragments(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600
    article = full_article()
    client.get(article.get_absolute_url())  # renders and keeps the fragments
    response, queries = post(client, article, name="")
    assert response.status_code == 400
    assert response.context["comment_form"].errors
    assert response.context["article"] == article
    assert not [sql for sql in queries if PAGE_RELATIONS.search(sql)]
