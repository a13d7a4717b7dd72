"""`make bench`: its wrk parser, its report and the floor view it measures every page against."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from bench import cpu, report, wrk
from bench.pages import resources, third_party

ROOT = Path(__file__).resolve().parent.parent

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8150/news/seed/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    36.12ms   10.04ms 120.50ms   75.00%
    Req/Sec   221.50     20.11   260.00     70.00%
  Latency Distribution
     50%   34.50ms
     75%   40.00ms
     90%   48.20ms
     99%    1.20s
  2215 requests in 10.00s, 150.10MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    221.45
Transfer/sec:     15.01MB
"""

FLOOR_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8150/bench/floor/
  1 threads and 8 connections
  Latency Distribution
     50%  850.00us
     75%    1.10ms
     90%    1.50ms
     99%    3.25ms
  23000 requests in 10.00s, 4.00MB read
Requests/sec:   2300.00
Transfer/sec:    409.50KB
"""


def test_wrk_parser_reads_rate_percentiles_in_any_unit_and_errors():
    result = wrk.parse(WRK_OUTPUT)
    assert result.requests_per_second == 221.45
    assert result.p50_ms == 34.5
    assert result.p99_ms == 1200.0
    assert result.requests == 2215
    assert result.non_2xx == 3
    assert result.socket_errors == "connect 0, read 0, write 0, timeout 2"
    floor = wrk.parse(FLOOR_OUTPUT)
    assert floor.p50_ms == pytest.approx(0.85)
    assert floor.non_2xx == 0


def test_wrk_parser_refuses_output_without_latency_distribution():
    with pytest.raises(ValueError, match="Not a wrk --latency output"):
        wrk.parse("Running 10s test @ http://127.0.0.1:8150/\nRequests/sec: 10.00\n")


def canned_report():
    floor, article = wrk.parse(FLOOR_OUTPUT), wrk.parse(WRK_OUTPUT)
    measured = {
        "floor_cold_rps": 2300.0,
        "floor_warm_rps": 2000.0,
        "article_cold_rps": 221.45,
        "article_warm_rps": 1900.0,
        "listed_cold_rps": {"home": 150.0, "search": 100.0},
        "article_queries": 7,
        "queue_seconds": 0.12,
        "approve_seconds": 0.6,
        "html_bytes": 70 * 1024,
        "css_bytes": 25 * 1024,
        "third_party": [],
    }
    return {
        "size": "small",
        "date": "2026-11-27 19:00 UTC",
        "nproc": 2,
        "machine": "Test CPU",
        "articles": 2013,
        "comments": 20054,
        "data_note": "canned",
        "commit": "abc1234",
        "server": "gunicorn",
        "load": "wrk -t1 -c8 -d10s --latency",
        "cache_note": "cold = page cache off",
        "rows": [
            {
                "page": "floor, cache off",
                "result": floor,
                "floor_rps": 2300.0,
                "queries": 0,
                "cpu": cpu.CpuUse(server_ms=0.3141, database_ms=0.0),
            },
            {
                "page": "article, cache off",
                "result": article,
                "floor_rps": 2300.0,
                "queries": 7,
                "cpu": cpu.CpuUse(server_ms=21.84, database_ms=1.234, complete=False),
            },
        ],
        "figures": [("approve 100 comments", "600 ms")],
        "targets": report.targets(measured),
        "lighthouse": "skipped: no npx/chromium",
        "notes": [],
    }


def test_report_has_the_table_with_ratios_to_the_floor():
    text = report.render(canned_report())
    assert text.startswith("# `make bench SIZE=small` (2026-11-27 19:00 UTC)")
    assert (
        "| page | req/s | ratio to floor | p50 ms | p99 ms | server CPU per request (ms) "
        "| database CPU per request (ms) | queries |"
    ) in text
    assert "| floor, cache off | 2300 | 1.00× | 0.8 | 3.2 | 0.31 | 0.00 | 0 |" in text
    assert (
        "| article, cache off (3 non-2xx) | 221 | 0.10× | 34.5 | 1200.0 | 21.8* | 1.23* | 7 |"
    ) in text
    assert "- machine: 2 CPU cores (`nproc`), Test CPU" in text
    assert "- data: 2,013 generated articles, 20,054 comments (canned)" in text
    assert "skipped: no npx/chromium" in text


def test_report_says_which_targets_hold_and_by_how_much_others_miss():
    verdicts = {what: (got, v) for what, _want, got, v in canned_report()["targets"]}
    assert verdicts["cached article page"] == ("0.95×", "✓ holds")
    assert verdicts["uncached article page, 50 comments"] == ("0.10×", "✗ misses: 36% short")
    assert verdicts["home (uncached) vs uncached article"] == ("0.68×", "✓ holds")
    assert verdicts["search (uncached) vs uncached article"] == ("0.45×", "✗ misses: 10% short")
    assert verdicts["moderators' queue opens"] == ("120 ms", "✓ holds")
    assert verdicts["approve 100 comments"] == ("600 ms", "✗ misses: 20% over")
    assert verdicts["article page HTML"] == ("70.0 KB", "✗ misses: 17% over")
    assert verdicts["CSS"] == ("25.0 KB", "✓ holds")
    assert verdicts["third-party resources on home and article"] == ("none", "✓ holds")


# What run.py hands report.targets_15 after a small run: 2,015 articles, 20,050 comments.
MEASURED_15 = {
    "articles": 2015,
    "comments": 20050,
    "floor_cold_rps": 3000.0,
    "article_cold_rps": 330.0,  # 0.11×
    "plain_cold_rps": 300.0,  # 0.10×
    "floor_fully_cold_rps": 2000.0,
    "article_fully_cold_rps": 60.0,  # 0.030× < 2 × 54 / 3511 = 0.031×
    "plain_fully_cold_rps": 200.0,  # 0.100× ≥ 2 × 139 / 3511 = 0.079×
    "searches": [
        {"page": "search «губернатор»", "p50_ms": 42.0, "matches": 850, "marks": 24},
        {"page": "search, rare word «Субботин»", "p50_ms": 8.25, "matches": 4, "marks": 5},
        {"page": 'search, phrase «"a b"»', "p50_ms": 61.0, "matches": 0, "marks": 0},
    ],
    "queue_p50_ms": 75.0,
    "cached": {"article, 50 comments": 0.85, "home": 0.5, "feed": 0.9},
    "query_spread": [
        {"comments": 0, "blocks": 3, "regions": 1, "queries": 6, "path": "/news/a/"},
        {"comments": 1, "blocks": 2, "regions": 2, "queries": 8, "path": "/news/b/"},
        {"comments": 50, "blocks": 4, "regions": 1, "queries": 8, "path": "/news/c/"},
        {"comments": 412, "blocks": 9, "regions": 3, "queries": 8, "path": "/news/d/"},
    ],
}


def test_issue_15_targets_compare_with_the_baseline_of_2026_11_27():
    rows = {what: rest for what, *rest in report.targets_15(MEASURED_15)}
    assert rows["article, 50 comments, page cache off"] == [
        "≥ 0.10× floor",
        "0.015× (54 req/s)",
        "0.11× (330 req/s)",
        "✓ holds",
    ]
    assert rows["article, 50 comments, fully cold (every cache empty)"] == [
        "≥ 0.031× floor (2× today's page cache off)",
        "0.015× (54 req/s; no fragment caches then)",
        "0.030× (60 req/s)",
        "✗ misses: 2% short",
    ]
    assert rows["article, no comments, page cache off"][2:] == [
        "0.10× (300 req/s)",
        "✗ misses: 33% short",
    ]
    assert rows["article, no comments, fully cold (every cache empty)"][0] == (
        "≥ 0.079× floor (2× today's page cache off)"
    )
    assert rows["article, no comments, fully cold (every cache empty)"][3] == "✓ holds"


def test_issue_15_search_and_queue_targets_say_at_which_size_they_were_measured():
    rows = {what: rest for what, *rest in report.targets_15(MEASURED_15)}
    assert rows["search «губернатор», p50"] == [
        "< 50 ms at 100,000 articles",
        "217 ms",
        "42 ms, 850 matches at 2,015 articles",
        "✓ holds",
    ]
    assert rows["search, rare word «Субботин», p50"] == [
        "measured",
        "not measured",
        "8.2 ms, 4 matches at 2,015 articles",
        "—",
    ]
    assert rows['search, phrase «"a b"», p50'][2] == "61 ms, 0 matches at 2,015 articles"
    # The phrase found nothing, so it has no <mark> to show and is left out.
    assert rows["search results still highlighted"][2:] == [
        "24, 5 `<mark>` on the first pages",
        "✓ holds",
    ]
    assert rows["moderators' queue, p50"] == [
        "< 50 ms at 1,000,000 comments",
        "180 ms",
        "75 ms at 20,050 comments",
        "✗ misses: 50% over",
    ]
    large = {**MEASURED_15, "articles": 100_015, "comments": 1_000_050}
    rows = {what: rest for what, *rest in report.targets_15(large)}
    assert rows["search «губернатор», p50"][2] == "42 ms, 850 matches"
    assert rows["moderators' queue, p50"][2] == "75 ms"


def test_issue_15_cached_pages_are_judged_by_the_slowest():
    rows = {what: rest for what, *rest in report.targets_15(MEASURED_15)}
    assert rows["pages served by the page cache"][2:] == [
        "0.50× (home) to 0.90× (feed); 2 of 3 hold",
        "✗ misses: 38% short",
    ]


def test_article_queries_are_fixed_when_every_article_with_comments_runs_as_many():
    spread = MEASURED_15["query_spread"]
    assert report.spread_text(spread) == (
        "6 queries: 0 comments, 3 blocks, 1 region (1 article); "
        "8 queries: 1–412 comments, 2–9 blocks, 1–3 regions (3 articles)"
    )
    assert report.fixed_queries(spread) == "✓ holds"
    grows = [*spread[:3], {**spread[3], "queries": 9}]
    assert report.fixed_queries(grows) == "✗ misses: with comments 8, 9"
    more_without = [{**spread[0], "queries": 10}, *spread[1:]]
    assert report.fixed_queries(more_without) == "✗ misses: more without comments (10)"
    rows = {what: rest for what, *rest in report.targets_15(MEASURED_15)}
    what = "article page queries, whatever the comments, blocks and regions"
    assert rows[what][1:] == [
        "8 with 50 comments, 6 without",
        report.spread_text(spread),
        "✓ holds",
    ]


def test_report_prints_the_issue_15_section_after_issue_6():
    canned = {
        **canned_report(),
        "targets_15_note": "«Today»: the large run of 2026-11-27.",
        "targets_15": report.targets_15(MEASURED_15),
    }
    text = report.render(canned)
    assert text.index("## Targets of issue 6") < text.index("## Targets of issue 15")
    section = text[text.index("## Targets of issue 15") : text.index("## Lighthouse")]
    assert "«Today»: the large run of 2026-11-27." in section
    assert "| target | wanted | today (2026-11-27, SIZE=large) | measured | verdict |" in section
    assert (
        "| article, 50 comments, page cache off | ≥ 0.10× floor | 0.015× (54 req/s) | "
        "0.11× (330 req/s) | ✓ holds |"
    ) in section
    assert section.count("✓") + section.count("✗") == len(canned["targets_15"]) - 2
    assert "## Targets of issue 15" not in report.render(canned_report())


def test_third_party_resources_are_found_but_own_host_and_links_are_not():
    html = """
    <link rel="stylesheet" href="/static/css/site.css">
    <link rel="canonical" href="https://example.ru/news/x/">
    <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
    <script src="//cdn.example.com/app.js"></script>
    <img src="http://127.0.0.1:8150/media/a.jpg"
         srcset="/media/a.jpg 1x, https://img.cdn.ru/a.jpg 2x">
    <a href="https://gosuslugi.ru/">Госуслуги</a>
    """
    assert third_party(html, {"127.0.0.1"}) == [
        "https://fonts.googleapis.com/css?family=Roboto",
        "//cdn.example.com/app.js",
        "https://img.cdn.ru/a.jpg",
    ]
    assert resources(html).stylesheets == [
        "/static/css/site.css",
        "https://fonts.googleapis.com/css?family=Roboto",
    ]


@override_settings(ROOT_URLCONF="bench.urls")
def test_floor_view_answers_a_fixed_string(client):
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content == b"floor\n"


def test_bench_settings_serve_the_floor_over_plain_http():
    """The bench settings start without production's secrets and without HTTPS redirects."""
    script = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/bench/floor/")
print(json.dumps({
    "status": response.status_code, "body": response.content.decode(),
    "debug": settings.DEBUG, "redirect": settings.SECURE_SSL_REDIRECT,
    "urlconf": settings.ROOT_URLCONF, "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
}))
"""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="pressoffice.settings.bench",
        DATABASE_URL="sqlite:///:memory:",
        REDIS_URL="",
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result == {
        "status": 200,
        "body": "floor\n",
        "debug": False,
        "redirect": False,
        "urlconf": "bench.urls",
        "conn_max_age": 600,
    }


def test_bench_settings_let_the_superuser_open_the_queue_without_a_second_factor():
    """Production asks editors for a TOTP code; the bench's superuser has no device."""
    script = "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED_FOR)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "pressoffice.settings.bench"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "none"


# /proc/<pid>/stat of a gunicorn worker: the name holds a space and parentheses of its own;
# utime (field 14) 1500 ticks, stime (field 15) 250.
WORKER_STAT = (
    "4242 (gunicorn: (w) 1) S 4240 4240 4240 0 -1 4194560 9135 0 0 0 1500 250 0 0 20 0 1 0 "
    "219951 3133440 382 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
)


def test_proc_stat_is_read_after_the_name_whatever_the_name_holds():
    stat = cpu.parse_stat(WORKER_STAT)
    assert stat == cpu.ProcStat(pid=4242, name="gunicorn: (w) 1", ppid=4240, ticks=1750)


def fake_proc(tmp_path, processes, tcp=""):
    """A /proc of ``processes`` {pid: (name, ppid, ticks, socket inodes)} and a tcp table."""
    for pid, (name, ppid, ticks, inodes) in processes.items():
        (tmp_path / str(pid) / "fd").mkdir(parents=True)
        (tmp_path / str(pid) / "stat").write_text(
            f"{pid} ({name}) S {ppid} 1 1 0 -1 0 0 0 0 0 {ticks} 0 0 0 20 0 1 0 1 1 1\n"
        )
        for fd, inode in enumerate(inodes, start=3):
            os.symlink(f"socket:[{inode}]", tmp_path / str(pid) / "fd" / str(fd))
        os.symlink("/dev/null", tmp_path / str(pid) / "fd" / "0")
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "tcp").write_text(tcp)
    return tmp_path


# Worker 11 holds a connection to PostgreSQL (local port 0xC350 = 50000) and one to Redis
# (50001 → 6379); worker 12 has none yet; 900 is someone else's client on port 50002.
TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 501 1
   1: 0100007F:C350 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 601 1
   2: 0100007F:C351 0100007F:18EB 01 00000000:00000000 00:00000000 00000000     0        0 602 1
   3: 0100007F:C352 0100007F:1538 01 00000000:00000000 00:00000000 00000000     0        0 901 1
"""


def test_tcp_table_gives_local_and_remote_ports_by_socket_inode():
    assert cpu.parse_tcp(TCP) == {
        501: (5432, 0),
        601: (50000, 5432),
        602: (50001, 6379),
        901: (50002, 5432),
    }


def test_meter_finds_workers_and_their_own_database_backends(tmp_path):
    processes = {
        10: ("gunicorn", 1, 100, []),
        11: ("gunicorn", 10, 2000, [601, 602]),
        12: ("gunicorn", 10, 3000, []),
        70: ("postgres", 1, 500, []),
        71: ("postgres", 70, 400, []),
        900: ("python", 1, 50, [901]),
    }
    proc = fake_proc(tmp_path, processes, TCP)
    asked = []

    def backends(ports):
        asked.append(ports)
        return [71]

    assert cpu.children(10, proc) == [11, 12]
    assert cpu.client_ports([10, 11, 12], 5432, proc) == {50000}
    meter = cpu.Meter(10, backends=backends, proc=proc)
    sample = meter.sample()
    assert sample == cpu.Sample(server={10: 100, 11: 2000, 12: 3000}, database={71: 400})
    assert asked == [[50000]]


def test_meter_does_not_attribute_pids_that_are_not_local_postgres_processes(tmp_path):
    proc = fake_proc(tmp_path, {10: ("gunicorn", 1, 100, [601]), 71: ("python", 1, 5, [])}, TCP)
    meter = cpu.Meter(10, backends=lambda ports: [71], proc=proc)
    assert meter.sample().database == {}
    assert meter.database_note == "the database's backends are not processes of this machine"
    before = cpu.Sample(server={10: 100})
    assert meter.use(before, cpu.Sample(server={10: 300}), 100).database_ms is None


def test_cpu_used_counts_new_processes_whole_and_marks_ended_ones():
    seconds, complete = cpu.used_seconds({1: 100, 2: 500}, {1: 150, 2: 700}, clock_ticks=100)
    assert (seconds, complete) == (2.5, True)
    # Worker 2 was replaced by 3 during the run: 3's ticks all count, 2's last ones are lost.
    seconds, complete = cpu.used_seconds({1: 100, 2: 500}, {1: 150, 3: 40}, clock_ticks=100)
    assert (seconds, complete) == (0.9, False)


def test_cpu_per_request_divides_by_the_requests_wrk_completed():
    assert cpu.per_request_ms(2.5, 1000) == 2.5
    assert cpu.per_request_ms(10.9, 545) == pytest.approx(20.0)
    assert cpu.per_request_ms(1.0, 0) is None
    meter = cpu.Meter(10, backends=lambda ports: [])
    use = meter.use(
        cpu.Sample(server={10: 10, 11: 1000}, database={71: 100}),
        cpu.Sample(server={10: 10, 11: 2090}, database={71: 209}),
        545,
    )
    # 1,090 ticks of the server and 109 of the database over 545 requests: at 100 ticks a
    # second, 20 ms and 2 ms a request.
    tick_ms = 1000 / cpu.CLOCK_TICKS
    assert use.server_ms == pytest.approx(1090 * tick_ms / 545)
    assert use.database_ms == pytest.approx(109 * tick_ms / 545)
    assert use.complete


def test_fully_cold_settings_empty_every_cache_and_serve_the_floor():
    """bench/settings_cold.py: DummyCache for every cache, no page cache, no fragments."""
    script = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import caches
from django.test import Client
cache = caches["default"]
cache.set("fragment", "html")
response = Client().get("/bench/floor/")
print(json.dumps({
    "status": response.status_code,
    "backends": sorted({alias["BACKEND"] for alias in settings.CACHES.values()}),
    "kept": cache.get("fragment"),
    "page_cache": settings.PAGE_CACHE_SECONDS,
    "fragments": settings.FRAGMENT_CACHE_SECONDS,
    "urlconf": settings.ROOT_URLCONF,
}))
"""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings_cold",
        DATABASE_URL="sqlite:///:memory:",
        REDIS_URL="redis://127.0.0.1:6379/9",
        PAGE_CACHE_SECONDS="3600",
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result == {
        "status": 200,
        "backends": ["django.core.cache.backends.dummy.DummyCache"],
        "kept": None,
        "page_cache": 0,
        "fragments": 0,
        "urlconf": "bench.urls",
    }
