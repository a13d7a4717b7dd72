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

    from pagecache import tags
    from press import channels
    from toolkit.templatetags import pictures

    cache.clear()
    pictures._known.clear()  # renditions known to exist: each test has its own storage
    channels.remember_none()  # the footer's channels, as each test's new database has them
    yield
    # A bump that a test's stalled Redis left to the retrying thread would otherwise land in a
    # later test's cache, at any moment, and make its stored pages stale.
    tags.forget_pending()
    cache.clear()


def ensure_migration_data():
    """The regions and staff groups the migrations create. A transactional test's flush removes
    them, and the serialized rollback that should put them back does not always run first
    (plugin order, which tests of the session asked for it): whoever needs them calls this."""
    from django.contrib.auth.models import Group, Permission

    from pressoffice.roles import EDITORS, sync_roles
    from regions.loading import load_municipalities, load_regions
    from regions.models import Region

    if not Region.objects.filter(slug="ulyanovskaya-oblast").exists():
        load_regions(Region)
    if not Region.objects.municipalities().exists():
        load_municipalities(Region)
    if not Group.objects.filter(name=EDITORS).exists():
        sync_roles(Group, Permission)


@pytest.fixture
def migration_data(transactional_db):
    ensure_migration_data()
