import pytest

from pressoffice.roles import EDITORS
from tests.factories import staff_member


@pytest.fixture
def editor(db):
    return staff_member(EDITORS, username="editor-test")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits and cached pages live in the cache: each test starts without them."""
    from django.core.cache import cache

    from pressoffice.templatetags import pictures

    cache.clear()
    pictures._known.clear()  # renditions known to exist: each test has its own storage
    yield
    cache.clear()
