"""A comment's status is defined once (comments.models.STATUS_FLAGS): the queryset filters, the
status of a comment in hand and the admin's labels all read it."""

import itertools

import pytest

from comments.models import Comment, Status
from tests.comments.helpers import approved_comment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_every_comment_has_exactly_the_status_its_queryset_filter_finds():
    article = ArticleFactory()
    made = {}
    for is_public, is_removed in itertools.product((True, False), repeat=2):
        comment = approved_comment(article)
        Comment.objects.filter(pk=comment.pk).update(is_public=is_public, is_removed=is_removed)
        made[(is_public, is_removed)] = Comment.objects.get(pk=comment.pk)
    for comment in made.values():
        found_in = [s for s in Status if Comment.objects.with_status(s).filter(pk=comment.pk)]
        assert found_in == [comment.status]
    assert made[(True, False)].status == Status.APPROVED
    assert made[(False, False)].status == Status.PENDING
    assert made[(True, True)].status == made[(False, True)].status == Status.REJECTED
    assert list(Comment.objects.approved()) == [made[(True, False)]]
    assert list(Comment.objects.pending()) == [made[(False, False)]]
