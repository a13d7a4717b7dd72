"""Where the moderators' queue spends its time, request by request (issue 15).

    DJANGO_STATIC_ROOT=var/bench/static \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pressoffice_bench \\
    REDIS_URL=redis://127.0.0.1:6379/8 python bench/profile_queue.py [--requests 30] [--explain]

The bench's settings (pressoffice.settings.bench) and a database the bench filled. A superuser
(``queue-profiler``, created if missing) opens /admin/comments/comment/?status=pending through
Django's test client: three warm-ups, then ``--requests`` requests timed by the process's CPU
clock (median), then ``--profiled`` under cProfile (function calls per request; the top of
tottime and cumtime, summed over them), then every query of one request under EXPLAIN ANALYZE
(``--explain``). The figures are the server's Python side only: no gunicorn, no wrk.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URL = "/admin/comments/comment/?status=pending"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=URL)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--profiled", type=int, default=10, help="requests under cProfile")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--dump", help="write the profile's stats to this file")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressoffice.settings.bench")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user = get_user_model().objects.filter(username="queue-profiler").first()
    if user is None:
        user = get_user_model().objects.create_superuser(
            "queue-profiler", "queue-profiler@example.ru", None
        )
    client = Client()
    client.force_login(user)

    def get():
        response = client.get(args.url)
        assert response.status_code == 200, response.status_code
        return response

    for _ in range(3):
        get()
    cpu = []
    for _ in range(args.requests):
        started = time.process_time()
        get()
        cpu.append(time.process_time() - started)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.profiled):
        response = get()
    profile.disable()
    with CaptureQueriesContext(connection) as queries:
        get()

    stats = pstats.Stats(profile)
    print(f"{args.url}: {len(response.content)} bytes")
    # The machine may be shared: the fastest quarter is the steadier figure of the two.
    quarter = statistics.quantiles(cpu, n=4)[0]
    print(f"CPU per request ({args.requests}): median {statistics.median(cpu) * 1000:.1f} ms, "
          f"first quartile {quarter * 1000:.1f} ms")  # fmt: skip
    calls = stats.total_calls / args.profiled
    print(f"function calls per request (cProfile, {args.profiled} requests): {calls:.0f}")
    print(f"queries per request: {len(queries)}")
    for query in queries:
        print(f"  {query['time']} s  {query['sql'][:160]}")
    if args.dump:
        stats.dump_stats(args.dump)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
        print(out.getvalue())
    if args.explain:
        with connection.cursor() as cursor:
            for query in queries:
                sql = query["sql"]
                if not sql.lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                print(sql[:300])
                print("\n".join(row[0] for row in cursor.fetchall()))
                print()


if __name__ == "__main__":
    main()
