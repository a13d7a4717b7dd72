"""Entries and tag versions kept in each worker's memory until Redis pushes a change
(pressoffice/tracking.py): a hit makes no round trip, and a change made by another process
(another client, with its own connection pool) is seen by the very next read. Against a real
redis-server the test starts."""

import subprocess
import sys
import types
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client

from articles.models import Article
from pagecache import middleware, tags
from pressoffice import tracking
from pressoffice.cache import RedisCache
from tests.factories import ArticleFactory, TextBlockFactory
from tests.faults.redis_server import own_redis, redis_server  # noqa: F401  (fixture)

TAG = tags.tag_key(tags.SITE)
# Keys under the page cache's prefix: the only ones kept (pressoffice.tracking.TRACKED_PREFIX).
MISSING, LATER, A, B = "pagecache:missing", "pagecache:later", "pagecache:a", "pagecache:b"


def backend(url):
    """A cache client of its own, with its own connection pool: another worker process."""
    return RedisCache(url, {"KEY_PREFIX": "pressoffice", "OPTIONS": {"socket_timeout": 0.5}})


def site_caches(url):
    """The site's CACHES setting on ``url``: the cache of this process."""
    return {
        "default": {
            "BACKEND": "pressoffice.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pressoffice",
        }
    }


@pytest.fixture
def workers(own_redis):  # noqa: F811
    reader, writer = backend(own_redis), backend(own_redis)
    yield reader, writer
    reader._tracked.drop()


def round_trips(reader):
    """A mock counting the commands the reader's tracked connection sends."""
    return mock.patch.object(
        reader._tracked.connection, "send_command", wraps=reader._tracked.connection.send_command
    )


def test_a_value_once_read_is_served_from_memory(workers):
    reader, writer = workers
    writer.set(TAG, "1.5", None)
    assert reader.get_many_tracked([TAG, MISSING]) == {TAG: "1.5"}
    with round_trips(reader) as sent:
        for _ in range(3):
            assert reader.get_many_tracked([TAG, MISSING]) == {TAG: "1.5"}
    sent.assert_not_called()


def test_a_change_by_another_client_is_seen_by_the_next_read(workers):
    reader, writer = workers
    writer.set(TAG, "1", None)
    reader.get_many_tracked([TAG, LATER])
    for version in range(2, 200):
        writer.set_many({TAG: str(version)}, None)
        assert reader.get_many_tracked([TAG]) == {TAG: str(version)}
    writer.set(LATER, "created", None)  # an absent key read before: its creation is pushed
    assert reader.get_many_tracked([LATER]) == {LATER: "created"}
    writer.delete(TAG)
    assert reader.get_many_tracked([TAG, LATER]) == {LATER: "created"}


def test_a_tag_bump_in_another_process_invalidates_the_kept_version(settings, own_redis):  # noqa: F811
    settings.CACHES = site_caches(own_redis)
    try:
        other_worker = backend(own_redis)
        assert other_worker.get_many_tracked([TAG]) == {}
        for _ in range(100):
            tags._bump_now({tags.SITE})  # as a transaction's on_commit does, in this process
            written = caches["default"].get(TAG)
            assert other_worker.get_many_tracked([TAG]) == {TAG: written}
        other_worker._tracked.drop()
    finally:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Another process bumps the tag as pagecache.tags does (the versions, then one more round trip)
# each time it is asked, and says so once its bump has returned.
BUMPER = """
import sys
from django.conf import settings
settings.configure()
from pressoffice.cache import RedisCache
cache = RedisCache(sys.argv[1], {"KEY_PREFIX": "pressoffice"})
for line in sys.stdin:
    cache.set_many({sys.argv[2]: line.strip()}, None)
    cache.get(sys.argv[2])
    print(line.strip(), flush=True)
"""


def test_a_bump_another_process_made_is_seen_by_the_next_read(own_redis):  # noqa: F811
    reader = backend(own_redis)
    root = Path(__file__).resolve().parents[2]
    bumper = subprocess.Popen(
        [sys.executable, "-c", BUMPER, own_redis, TAG], cwd=root, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        for version in range(1, 300):
            reader.get_many_tracked([TAG])  # kept, then bumped elsewhere
            bumper.stdin.write(f"{version}\n")
            bumper.stdin.flush()
            assert bumper.stdout.readline().strip() == str(version)  # its bump has returned
            assert reader.get_many_tracked([TAG]) == {TAG: str(version)}
    finally:
        bumper.stdin.close()
        bumper.wait(timeout=10)
        reader._tracked.drop()


def test_flushing_the_database_drops_everything_kept(workers):
    reader, writer = workers
    writer.set_many({A: 1, B: 2}, None)
    assert reader.get_many_tracked([A, B]) == {A: 1, B: 2}
    writer._cache.get_client(write=True).flushdb()
    assert reader.get_many_tracked([A, B]) == {}


def test_a_lost_connection_drops_what_was_kept(workers):
    reader, writer = workers
    writer.set(TAG, "1", None)
    reader.get_many_tracked([TAG])
    # The server closes the reader's connection: the pushes of what changes next are lost.
    connection = reader._tracked.connection
    connection.send_command("CLIENT", "ID")
    writer._cache.get_client(write=True).client_kill_filter(_id=connection.read_response())
    writer.set(TAG, "2", None)
    # Never the kept "1"; and no outage either: a restarted Redis or a dropped connection is
    # read through the backend's own connections, which reconnect.
    assert reader.get_many_tracked([TAG]) == {TAG: "2"}
    assert reader.get_many_tracked([TAG]) == {TAG: "2"}


def test_a_kept_value_is_read_again_after_keep_seconds(workers, monkeypatch):
    reader, writer = workers
    writer.set(TAG, "1", None)
    reader.get_many_tracked([TAG])
    later = tracking.time.monotonic() + tracking.KEEP_SECONDS + 0.1
    monkeypatch.setattr(tracking, "time", types.SimpleNamespace(monotonic=lambda: later))
    with round_trips(reader) as sent:
        assert reader.get_many_tracked([TAG]) == {TAG: "1"}
    sent.assert_called_once()


@pytest.fixture
def redis_pages(settings, own_redis):  # noqa: F811
    settings.CACHES = site_caches(own_redis)
    settings.PAGE_CACHE_SECONDS = 3600
    yield own_redis
    caches["default"]._tracked.drop()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.mark.django_db
def test_a_hit_makes_no_round_trip_and_sees_a_bump_made_elsewhere(redis_pages):
    article = ArticleFactory(title="Губернатор открыл новую школу")
    TextBlockFactory(article=article, text="<p>Полный текст</p>")
    url = article.get_absolute_url()
    assert Client().get(url).status_code == 200  # rendered and stored
    assert Client().get(url).status_code == 200  # a hit: entry and versions now kept
    site = caches["default"]
    with (
        mock.patch.object(site._cache, "get_client", wraps=site._cache.get_client) as pooled,
        round_trips(site) as sent,
    ):
        response = Client().get(url)
    assert response.status_code == 200 and "Губернатор открыл новую школу" in response.text
    sent.assert_not_called()
    pooled.assert_not_called()

    # Another worker's change: the row changed without this process hearing of it, and the
    # article's tag bumped through another client.
    Article.objects.filter(pk=article.pk).update(title="Губернатор открыл две школы")
    elsewhere = backend(redis_pages)
    elsewhere.set_many({tags.tag_key(tags.article_tag(article.slug)): "9999999999.0"}, None)
    elsewhere.get(TAG)  # the bump's closing round trip, as pagecache.tags makes it
    assert "Губернатор открыл две школы" in Client().get(url).text


@pytest.mark.django_db
def test_an_entry_past_its_time_is_not_served(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 3600
    article = ArticleFactory(title="Губернатор открыл новую школу")
    url = article.get_absolute_url()
    assert Client().get(url).status_code == 200
    Article.objects.filter(pk=article.pk).update(title="Губернатор открыл две школы")
    assert "новую школу" in Client().get(url).text  # a hit
    later = middleware.time.time() + 3601
    monkeypatch.setattr(middleware, "time", types.SimpleNamespace(time=lambda: later))
    assert "две школы" in Client().get(url).text


def test_what_is_kept_is_bounded(workers, monkeypatch):
    reader, writer = workers
    monkeypatch.setattr(tracking, "KEEP_KEYS", 3)
    writer.set_many({f"pagecache:k{n}": n for n in range(5)}, None)
    for n in range(5):
        assert reader.get_many_tracked([f"pagecache:k{n}"]) == {f"pagecache:k{n}": n}
        assert len(reader._tracked.kept) <= 3
    writer.set("pagecache:k4", "changed", None)  # still tracked by Redis, still pushed
    assert reader.get_many_tracked(["pagecache:k4", "pagecache:k0"]) == {
        "pagecache:k4": "changed",
        "pagecache:k0": 0,
    }


@pytest.fixture
def redis_without_tracking():
    yield from redis_server("--rename-command", "CLIENT", "")  # as a server before Redis 6


def test_a_server_without_tracking_is_read_as_before(redis_without_tracking, caplog):
    reader, writer = backend(redis_without_tracking), backend(redis_without_tracking)
    writer.set(TAG, "1", None)
    assert reader.get_many_tracked([TAG]) == {TAG: "1"}
    writer.set(TAG, "2", None)
    assert reader.get_many_tracked([TAG]) == {TAG: "2"}
    assert reader._tracked.unsupported and not reader._outage.skipping()
    assert "no tracked reads" in caplog.text


def test_only_the_page_caches_keys_are_kept(workers):
    """Redis reports changes of the page cache's keys only (broadcast by prefix): any other
    key is read from Redis every time, never kept."""
    reader, writer = workers
    writer.set_many({TAG: "1", "sessions:x": "a"}, None)
    assert reader.get_many_tracked([TAG]) == {TAG: "1"}
    assert reader.get_many_tracked(["sessions:x"]) == {"sessions:x": "a"}
    writer.set("sessions:x", "b", None)
    assert reader.get_many_tracked(["sessions:x"]) == {"sessions:x": "b"}
    assert list(reader._tracked.kept) == [reader.make_key(TAG)]


def test_redis_keeps_no_table_of_the_keys_each_worker_read(workers):
    """Tracking by prefix: reads of any number of addresses (random slugs, 404s) leave no
    per-key table in Redis that would only grow."""
    reader, writer = workers
    for n in range(50):
        reader.get_many_tracked([f"pagecache:page:random-{n}"])
    connection = reader._tracked.connection
    connection.send_command("CLIENT", "TRACKINGINFO")
    info = connection.read_response()
    info = dict(zip(info[::2], info[1::2], strict=True)) if isinstance(info, list) else info
    flags = {flag.decode() if isinstance(flag, bytes) else flag for flag in info[b"flags"]}
    prefixes = [p.decode() if isinstance(p, bytes) else p for p in info[b"prefixes"]]
    assert "bcast" in flags
    assert prefixes == [reader.make_key("pagecache:")]
    writer.set("pagecache:page:random-7", "stored", None)  # a page stored later is pushed
    assert reader.get_many_tracked(["pagecache:page:random-7"]) == {
        "pagecache:page:random-7": "stored"
    }
