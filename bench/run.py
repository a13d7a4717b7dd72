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
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cpu, report, wrk  # noqa: E402
from bench.servers import Gunicorn, free_port, recreate_database  # noqa: E402

SIZES = {"small": (2_000, 20_000), "large": (100_000, 1_000_000)}
PORTS = range(8150, 8200)
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
CACHE_PREFIX = "pressoffice-bench"
FULLY_COLD = "bench.settings_cold"
WARM_SECONDS = os.environ.get("PAGE_CACHE_SECONDS") or "3600"  # the setting's default
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
RESOURCE_TAGS = {"script", "img", "iframe", "source", "video", "audio", "embed", "object"}
FETCHED_RELS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest"}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


class Resources(HTMLParser):
    """Addresses a browser fetches while loading a page: scripts, images, stylesheets, icons."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.stylesheets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & FETCHED_RELS and attrs.get("href"):
                self.urls.append(attrs["href"])
                if "stylesheet" in rels:
                    self.stylesheets.append(attrs["href"])
        elif tag in RESOURCE_TAGS:
            for name in ("src", "data"):
                if attrs.get(name):
                    self.urls.append(attrs[name])
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])


def resources(html):
    parser = Resources()
    parser.feed(html)
    return parser


def third_party(html, own_hosts):
    """Resources of the page on any host but ours (protocol-relative ones included)."""
    found = []
    for url in resources(html).urls:
        host = urlsplit(url).hostname
        if host and host not in own_hosts:
            found.append(url)
    return found


def fetch(url, headers=None, timeout=60):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.geturl(), response.read()


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


class Backends:
    """PostgreSQL's pids of the connections from given client ports (pg_stat_activity), for
    bench/cpu.py; None from ``connect`` when the server is not on this machine over TCP, whose
    backends' CPU this process cannot read."""

    LOOPBACK = {"127.0.0.1", "localhost", "::1"}

    def __init__(self, url):
        import psycopg2

        self.connection = psycopg2.connect(url)
        self.connection.autocommit = True

    @classmethod
    def connect(cls, url):
        return cls(url) if urlsplit(url).hostname in cls.LOOPBACK else None

    def __call__(self, ports):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s) "
                "AND host(client_addr) IN ('127.0.0.1', '::1')",
                [list(ports)],
            )
            return [pid for (pid,) in cursor.fetchall()]

    def close(self):
        self.connection.close()


def cpu_text(use):
    server, database = report.cpu_cells(use)
    return f"server {server} ms, database {database} ms"


def measure(server, pages, *, duration, backends=None):
    """wrk on each page after a check that it answers 200 and a few warm-up requests; with
    the CPU the server (and its database backends) spent on each page's run, per request."""
    meter = cpu.Meter(server.process.pid, db_port=urlsplit(SERVER).port or 5432, backends=backends)
    results, used = {}, {}
    for name, path, headers in pages:
        url = server.base + path
        header_dict = dict(header.split(": ", 1) for header in headers)
        status, final, _ = fetch(url, header_dict)
        if status != 200 or final != url:
            raise RuntimeError(f"{url} answered {status} at {final}")
        for _ in range(10):
            fetch(url, header_dict)
        before = meter.sample()
        results[name] = wrk.run(url, duration=duration, headers=headers)
        used[name] = meter.use(before, meter.settle(), results[name].requests)
        log(
            f"{name}: {results[name].requests_per_second:.0f} req/s, "
            f"CPU per request {cpu_text(used[name])}"
        )
    return results, used, meter.database_note


def lighthouse(base):
    """Lighthouse rows of home and article (bench/lighthouse.sh), or why they were skipped."""
    if not shutil.which("npx") or not Path(CHROME).exists():
        return "skipped: no npx/chromium"
    with tempfile.NamedTemporaryFile(suffix=".md") as out:
        env = {
            **os.environ,
            "LIGHTHOUSE_BASE_URL": base,
            "LIGHTHOUSE_OUT": out.name,
            "LIGHTHOUSE_SERVED_BY": "gunicorn 2 sync workers, page cache on",
            "CHROME_PATH": CHROME,
        }
        try:
            # Twice at most: npx fetching lighthouse or Chromium starting can fail once.
            for attempt in (1, 2):
                done = subprocess.run(
                    ["bash", str(ROOT / "bench" / "lighthouse.sh")],
                    env=env,
                    timeout=600,
                    capture_output=True,
                )
                if done.returncode == 0 or attempt == 2:
                    done.check_returncode()
                    break
        except subprocess.CalledProcessError as error:
            said = (error.stderr or b"").decode(errors="replace").strip().splitlines()[-3:]
            return f"skipped: lighthouse failed ({error}): " + " / ".join(said)
        except (subprocess.SubprocessError, OSError) as error:
            return f"skipped: lighthouse failed ({error})"
        lines = Path(out.name).read_text().splitlines()
    return [line for line in lines if line.startswith("|")]


def cpu_note(database_note):
    """How the CPU columns were measured, and why the database's is empty if it is."""
    note = (
        "utime + stime of gunicorn's master and workers from /proc/<pid>/stat, from just "
        "before each page's wrk run until the server is idle again, divided by the requests "
        "wrk completed"
    )
    if database_note is None:
        return note + (
            "; database: the PostgreSQL backends of the workers' own connections (found by "
            "their client ports in pg_stat_activity), the shared server's background processes "
            "not attributed"
        )
    return note + f"; database CPU not attributed ({database_note})"


def targets_15_note(facts):
    """What the issue 15 section compares with, and at which size its targets hold."""
    note = (
        f"«Today»: `make bench SIZE=large` of {report.BASELINE_DATE} (commit "
        f"{report.BASELINE_COMMIT}, bench/results/bench-large.md), the figures issue 15 starts "
        "from. «Fully cold»: the same pages served with every cache empty on every request "
        f"({FULLY_COLD}); it equals «page cache off» while no fragment is cached."
    )
    if facts["articles"] < report.SEARCH_ARTICLES or facts["comments"] < report.QUEUE_COMMENTS:
        note += (
            f" Issue 15 sets the search target at {report.SEARCH_ARTICLES:,} articles and the "
            f"queue's at {report.QUEUE_COMMENTS:,} comments (`make bench SIZE=large`); at "
            f"{facts['articles']:,} articles and {facts['comments']:,} comments they are "
            "indicative."
        )
    return note


def git_commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return commit + (
        " (working tree has uncommitted changes)" if git("status", "--porcelain") else ""
    )


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


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
            server, pages, duration=args.duration, backends=backends
        )
    # Every cache empty on every request: DummyCache for every alias, FRAGMENT_CACHE_SECONDS=0.
    env = {**os.environ, "PAGE_CACHE_SECONDS": "0", "DJANGO_SETTINGS_MODULE": FULLY_COLD}
    log(f"fully cold ({FULLY_COLD}): gunicorn on port {fully_cold_port}")
    with Gunicorn(env, port=fully_cold_port) as server:
        fully_cold, fully_cold_cpu, _ = measure(
            server,
            [page for page in pages if page[0] in ("floor", data.ARTICLE, data.PLAIN)],
            duration=args.duration,
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
