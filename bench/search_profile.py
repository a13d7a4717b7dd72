"""Issue 15's three searches, in one process: Python calls and CPU per request, and the search
statement's execution time in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressoffice_prof \\
    REDIS_URL=redis://127.0.0.1:6379/7 PAGE_CACHE_SECONDS=0 \\
    DJANGO_STATIC_ROOT=/work/main/var/bench/static \\
    .venv/bin/python bench/search_profile.py [--requests 30] [--top 25]

On a copy of `make bench SIZE=large`'s data, with its collected static files (the bench's
settings read the manifest). Settings pressoffice.settings.bench (as the bench's gunicorn).
Each search is requested twice to warm the per-process caches; then ``--requests`` requests
are timed one by one (process CPU, no profiler: the median is printed, steadier than the mean
on a shared machine), the same number profiled (cProfile: function calls per request), and
the search statement (the prepared one: discovery/search/prepared.py) runs ``--requests`` times
under EXPLAIN (ANALYZE, TIMING OFF): the median execution time is printed; then every
statement of the page runs five times as often and the database backend's CPU per page is
read from /proc (when the server is on this machine). ``--top`` prints each page's costliest
functions by their own time.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressoffice.settings.bench")
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

SEARCHES = {"common": "губернатор", "rare": "Субботин", "phrase": '"сельского хозяйства"'}
TIMING = "Execution Time: "


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from discovery.search.prepared import is_search, runnable

    client = Client()
    for name, words in SEARCHES.items():
        url = f"/search/?q={quote(words)}"
        for _ in range(2):
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        statements = [q["sql"] for q in queries.captured_queries]
        (search_sql,) = [runnable(sql) for sql in statements if is_search(sql)]

        spent = []
        for _ in range(args.requests):
            started = time.process_time()
            client.get(url)
            spent.append(time.process_time() - started)
        cpu = statistics.median(spent) * 1000

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(url)
        profile.disable()
        stats = pstats.Stats(profile)
        calls = stats.total_calls / args.requests

        executions = []
        with connection.cursor() as cursor:
            for _ in range(args.requests):
                cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF) {search_sql}")
                plan = [row[0] for row in cursor.fetchall()]
                line = next(line for line in plan if line.startswith(TIMING))
                executions.append(float(line[len(TIMING) :].split()[0]))
            backend = backend_cpu(cursor, statements, args.requests * 5)
        print(
            f"{name:7} {words!r:24} {len(statements)} queries, {len(html) / 1024:5.1f} KB, "
            f"{html.count('<mark>'):3} marks, {calls:7.0f} calls, {cpu:5.1f} ms CPU, "
            f"SQL {statistics.median(executions):5.1f} ms, "
            f"{'?' if backend is None else f'{backend:4.1f}'} ms backend CPU"
        )
        if args.top:
            stats.sort_stats("tottime").print_stats(args.top)


def backend_cpu(cursor, statements, times):
    """The database backend's CPU per run of all of a page's ``statements`` (ms), from its
    /proc/<pid>/stat around ``times`` runs (planning included, as a page pays it); None when
    the server is not on this machine."""
    cursor.execute("SELECT pg_backend_pid()")
    stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
    if not stat.exists():
        return None

    def ticks():
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    started = ticks()
    for _ in range(times):
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
    return (ticks() - started) * 1000 / os.sysconf("SC_CLK_TCK") / times


if __name__ == "__main__":
    main()
