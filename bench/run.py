"""`make bench`: PostgreSQL data, gunicorn, wrk on loopback; writes bench/results/bench-SIZE.md.

    python bench/run.py --size small     (2,000 articles, 20,000 comments; a few minutes)
    python bench/run.py --size large     (100,000 articles, 1,000,000 comments)

Recreates the database ``pressoffice_bench`` on BENCH_DATABASE_URL's server, loads the demo and
the generated data, gives the seed story 50 approved comments, then serves the project with
gunicorn (2 sync workers, settings pressoffice.settings.bench) three times: page cache off
("cold"), every cache empty on every request ("fully cold", bench/settings_cold.py; the article
pages only) and page cache on ("warm"). Each page is measured with ``wrk -t1 -c8 -d10s
--latency`` against the floor view of the same server, with the CPU its run cost gunicorn and
its PostgreSQL backends (bench/cpu.py). Query counts come from Django's test client in this
process. The report ends with where the page stands against the targets of issues 6 and 15.
"""

import argparse
import os
import shutil
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.measure import Backends, lighthouse, measure  # noqa: E402
from bench.notes import FULLY_COLD, cpu_model, cpu_note, git_commit, targets_15_note  # noqa: E402
from bench.pages import fetch, resources, third_party  # noqa: E402
from bench.servers import Gunicorn, free_port, recreate_database  # noqa: E402

SIZES = {"small": (2_000, 20_000), "large": (100_000, 1_000_000)}
PORTS = range(8150, 8200)
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
CACHE_PREFIX = "pressoffice-bench"
WARM_SECONDS = os.environ.get("PAGE_CACHE_SECONDS") or "3600"  # the setting's default


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def redis_url():
    """BENCH_REDIS_URL when Redis answers there; otherwise None (locmem in each worker)."""
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return None
    return REDIS


def clear_bench_cache(url):
    """Delete the bench's keys only: other users of this Redis keep theirs."""
    if not url:
        return
    import redis

    client = redis.Redis.from_url(url)
    batch = []
    for key in client.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000):
        batch.append(key)
        if len(batch) == 1000:
            client.delete(*batch)
            batch = []
    if batch:
        client.delete(*batch)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--articles", type=int, help="overrides the size's number")
    parser.add_argument("--comments", type=int, help="overrides the size's number")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page")
    args = parser.parse_args()
    articles, comments = SIZES[args.size]
    articles, comments = args.articles or articles, args.comments or comments
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench does)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))

    started = time.perf_counter()
    load_average = "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())
    log("recreating the database pressoffice_bench")
    redis = redis_url()
    os.environ.update(
        DATABASE_URL=recreate_database("pressoffice_bench", SERVER),
        DJANGO_SETTINGS_MODULE="pressoffice.settings.bench",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        REDIS_URL=redis or "",
        PAGE_CACHE_SECONDS="0",  # query counts in this process: every page rendered
    )
    clear_bench_cache(redis)
    from bench import data

    facts = data.load(articles=articles, comments=comments, log=log)
    facts["seconds"] = time.perf_counter() - started
    pages = data.pages(facts)
    log("query counts (test client, page cache off and on)")
    counts, htmls = data.query_counts(pages, facts["cookie"])
    html = htmls[data.ARTICLE]
    cached_counts, _ = data.query_counts(pages, facts["cookie"], cached=True)
    log("query counts of the article page with the fewest and most comments, blocks, regions")
    spread = data.query_spread()
    matches = {name: data.search_matches(words) for name, words in data.SEARCHES.items()}

    cold_port = free_port(PORTS)
    fully_cold_port = free_port(PORTS, exclude={cold_port})
    warm_port = free_port(PORTS, exclude={cold_port, fully_cold_port})
    backends = Backends.connect(SERVER)
    env = {**os.environ, "PAGE_CACHE_SECONDS": "0"}
    log(f"page cache off: gunicorn on port {cold_port}")
    with Gunicorn(env, port=cold_port) as server:
        cold, cold_cpu, database_note = measure(
            server, pages, duration=args.duration, log=log, backends=backends
        )
    # Every cache empty on every request: DummyCache for every alias, FRAGMENT_CACHE_SECONDS=0.
    env = {**os.environ, "PAGE_CACHE_SECONDS": "0", "DJANGO_SETTINGS_MODULE": FULLY_COLD}
    log(f"fully cold ({FULLY_COLD}): gunicorn on port {fully_cold_port}")
    with Gunicorn(env, port=fully_cold_port) as server:
        fully_cold, fully_cold_cpu, _ = measure(
            server,
            [page for page in pages if page[0] in ("floor", data.ARTICLE, data.PLAIN)],
            duration=args.duration,
            log=log,
            backends=backends,
        )
    clear_bench_cache(redis)
    env = {**os.environ, "PAGE_CACHE_SECONDS": WARM_SECONDS}
    log(f"page cache on ({WARM_SECONDS} s): gunicorn on port {warm_port}")
    with Gunicorn(env, port=warm_port) as server:
        warm, warm_cpu, _ = measure(
            server,
            [page for page in pages if not page[2]],
            duration=args.duration,
            log=log,
            backends=backends,
        )
        own = {"127.0.0.1", "localhost", "testserver"}
        served = {path: fetch(server.base + path)[2].decode() for path in ("/", facts["seed"])}
        found = sorted({url for page in served.values() for url in third_party(page, own)})
        css = [fetch(server.base + href)[2] for href in resources(html).stylesheets]
        css_gzip = [
            fetch(server.base + href, {"Accept-Encoding": "gzip"})[2]
            for href in resources(html).stylesheets
        ]
        log("Lighthouse")
        scores = lighthouse(server.base)
    if backends:
        backends.close()

    log("moderation: open the queue, approve 100 comments")
    moderation = data.moderation(facts["admin"])

    rows = []
    for name, _path, _headers in pages:
        rows.append(
            {
                "page": f"{name}, cache off",
                "result": cold[name],
                "floor_rps": cold["floor"].requests_per_second,
                "queries": counts.get(name),
                "cpu": cold_cpu[name],
            }
        )
        if name in fully_cold:
            rows.append(
                {
                    "page": f"{name}, fully cold",
                    "result": fully_cold[name],
                    "floor_rps": fully_cold["floor"].requests_per_second,
                    "cpu": fully_cold_cpu[name],
                }
            )
        if name in warm:
            rows.append(
                {
                    "page": f"{name}, cache on",
                    "result": warm[name],
                    "floor_rps": warm["floor"].requests_per_second,
                    "queries": cached_counts.get(name),
                    "cpu": warm_cpu[name],
                }
            )
    listed = [name for name, _p, _h in pages if name not in ("floor", data.ARTICLE)]
    measured = {
        "floor_cold_rps": cold["floor"].requests_per_second,
        "floor_warm_rps": warm["floor"].requests_per_second,
        "article_cold_rps": cold[data.ARTICLE].requests_per_second,
        "article_warm_rps": warm[data.ARTICLE].requests_per_second,
        "listed_cold_rps": {name: cold[name].requests_per_second for name in listed},
        "article_queries": counts.get(data.ARTICLE),
        "queue_seconds": moderation["queue_median"],
        "approve_seconds": moderation["approve_median"],
        "html_bytes": len(html.encode()),
        "css_bytes": sum(len(body) for body in css),
        "third_party": found,
    }
    measured_15 = {
        "articles": facts["articles"],
        "comments": facts["comments"],
        "floor_cold_rps": cold["floor"].requests_per_second,
        "article_cold_rps": cold[data.ARTICLE].requests_per_second,
        "plain_cold_rps": cold[data.PLAIN].requests_per_second,
        "floor_fully_cold_rps": fully_cold["floor"].requests_per_second,
        "article_fully_cold_rps": fully_cold[data.ARTICLE].requests_per_second,
        "plain_fully_cold_rps": fully_cold[data.PLAIN].requests_per_second,
        "searches": [
            {
                "page": name,
                "p50_ms": cold[name].p50_ms,
                "matches": matches[name],
                "marks": htmls[name].count("<mark>"),
            }
            for name in data.SEARCHES
        ],
        "queue_p50_ms": cold[data.QUEUE].p50_ms,
        "cached": {
            name: warm[name].requests_per_second / warm["floor"].requests_per_second
            for name in warm
            if name != "floor"
        },
        "query_spread": spread,
    }
    cache_note = (
        f"cold = page cache off (PAGE_CACHE_SECONDS=0), warm = page cache on "
        f"(PAGE_CACHE_SECONDS={WARM_SECONDS}), fully cold = every cache empty on every "
        f"request ({FULLY_COLD}: DummyCache for every cache, FRAGMENT_CACHE_SECONDS=0)"
        if facts["page_cache"]
        else "the page cache (PAGE_CACHE_SECONDS) is not in this code yet: cold and warm "
        "servers are the same configuration"
    )
    cache_note += f"; cache backend {'Redis' if redis else 'locmem per worker'}"
    figures = [
        ("data set up in", f"{facts['seconds']:.0f} s"),
        ("article page HTML (cache off, test client)", f"{len(html.encode()):,} bytes"),
        (
            "CSS (" + ", ".join(resources(html).stylesheets) + ")",
            f"{sum(map(len, css)):,} bytes ({sum(map(len, css_gzip)):,} gzipped)",
        ),
        ("third-party resources (home, article)", ", ".join(found) or "none"),
        (
            "moderators' queue, open (median/max, queries)",
            f"{moderation['queue_median'] * 1000:.0f} / {moderation['queue_max'] * 1000:.0f}"
            f" ms, {moderation['queue_queries']} queries",
        ),
        (
            "approve 100 comments (median/max)",
            f"{moderation['approve_median'] * 1000:.0f} / "
            f"{moderation['approve_max'] * 1000:.0f} ms",
        ),
        *(
            (f"search documents matching «{words}»", f"{matches[name]:,}")
            for name, words in data.SEARCHES.items()
            if matches[name] is not None
        ),
        *((f"address of {name}", f"`{path}`") for name, path, _headers in pages[1:]),
    ]
    text = report.render(
        {
            "size": args.size,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "nproc": os.cpu_count(),
            "machine": f"{cpu_model()}; load average at start {load_average}",
            "articles": facts["articles"],
            "comments": facts["comments"],
            "data_note": facts["data_note"],
            "commit": git_commit(),
            "server": "gunicorn, 2 sync workers, pressoffice.settings.bench, PostgreSQL "
            "with persistent connections, 127.0.0.1",
            "load": f"wrk -t1 -c8 -d{args.duration}s --latency, on the same machine",
            "cache_note": cache_note,
            "cpu_note": cpu_note(database_note),
            "rows": rows,
            "figures": figures,
            "targets_note": None
            if args.size == "large"
            else "Issue 6 sets the page targets at 100k articles / 1M comments "
            "(`make bench SIZE=large`); at this size they are indicative.",
            "targets": report.targets(measured),
            "targets_15_note": targets_15_note(facts),
            "targets_15": report.targets_15(measured_15),
            "lighthouse": scores,
            "notes": facts["notes"],
        }
    )
    out = ROOT / "bench" / "results" / f"bench-{args.size}.md"
    out.write_text(text)
    print()
    print(text)
    log(f"written to {out.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
