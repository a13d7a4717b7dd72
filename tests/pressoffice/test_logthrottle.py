"""One log throttle for every failure that repeats per request: the database's and Redis's."""

import logging

from pressoffice import cache, faults
from pressoffice.logthrottle import LogThrottle


def test_one_line_per_interval_with_the_number_held_back(monkeypatch):
    now = [100.0]
    monkeypatch.setattr("pressoffice.logthrottle.time.monotonic", lambda: now[0])
    throttle = LogThrottle(10)
    assert throttle.due() == 0
    assert [throttle.due() for _ in range(3)] == [None] * 3
    now[0] += 10
    assert throttle.due() == 3


def test_a_database_outage_logs_once_per_interval(monkeypatch, caplog):
    monkeypatch.setattr(faults, "_throttle", LogThrottle(faults.LOG_EVERY_SECONDS))
    with caplog.at_level(logging.ERROR, logger="pressoffice.faults"):
        for _ in range(20):
            faults._log(RuntimeError("connection refused"))
    assert len(caplog.records) == 1


def test_the_cache_and_the_database_share_the_throttle():
    assert isinstance(cache._Outage().log, LogThrottle)
    assert isinstance(faults._throttle, LogThrottle)
