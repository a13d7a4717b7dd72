"""`make bench` measures each server's floor twice and takes its ratios to the faster run."""

from types import SimpleNamespace
from unittest import mock

from bench import measure as bench_measure
from bench.cpu import CpuUse
from bench.wrk import WrkResult

PAGES = [("floor", "/bench/floor/", []), ("home", "/", [])]


def run(rates):
    """``measure`` over PAGES, wrk answering ``rates`` (req/s) in turn; (results, used, log)."""
    runs = iter(rates)
    lines = []

    def wrk_run(url, **kwargs):
        rate = next(runs)
        return WrkResult(requests_per_second=rate, p50_ms=1, p99_ms=2, requests=rate * 10)

    meter = mock.Mock()
    # The CPU of a run, told apart by its requests.
    meter.use.side_effect = lambda before, after, requests: CpuUse(requests, None)
    server = SimpleNamespace(base="http://127.0.0.1:1", process=SimpleNamespace(pid=1))
    with (
        mock.patch.object(bench_measure, "fetch", return_value=(200, None, b"")) as fetch,
        mock.patch.object(bench_measure.wrk, "run", side_effect=wrk_run),
        mock.patch.object(bench_measure.cpu, "Meter", return_value=meter),
    ):
        fetch.side_effect = lambda url, headers=None: (200, url, b"")
        results, used, _note = bench_measure.measure(server, PAGES, duration=1, log=lines.append)
    return results, used, lines


def test_a_floor_slowed_once_is_measured_again_and_the_faster_run_kept():
    results, used, lines = run([1684, 900, 3127])
    assert results["floor"].requests_per_second == 3127
    assert used["floor"].server_ms == 31270
    assert results["home"].requests_per_second == 900
    assert [line.split(":")[0] for line in lines] == ["floor", "home", "floor again"]


def test_a_slower_second_floor_does_not_replace_the_first():
    results, used, _lines = run([3127, 900, 1684])
    assert results["floor"].requests_per_second == 3127
    assert used["floor"].server_ms == 31270
    assert set(results) == {"floor", "home"}  # no extra page in the report
