"""Fixtures the comments' tests share: an article to comment on, and a moderator's client."""

import pytest

from pressoffice.roles import MODERATORS
from tests.factories import ArticleFactory, client_for, staff_member


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def mod_client():
    return client_for(staff_member(MODERATORS, username="queue-moderator"))
