"""A bump that could not be written is retried by a thread of the process (pagecache.tags);
``forget_pending`` drops what is still waiting, so that a test's broken Redis leaves nothing
to land, at a random moment, in the next test's cache."""

import time

from pagecache import tags


def test_forgotten_bumps_are_never_written(monkeypatch):
    written = []
    monkeypatch.setattr(tags, "RETRY_SECONDS", 0.05)
    monkeypatch.setattr(tags, "_write_versions", lambda t: written.append(set(t)) and False)
    tags._bump_now({"site"})  # fails: left to the retrying thread
    assert written == [{"site"}]
    tags.forget_pending()
    time.sleep(0.3)
    assert written in ([{"site"}], [{"site"}, {"site"}])  # at most the retry already under way
    assert tags._retrier is None or not tags._retrier.is_alive()
