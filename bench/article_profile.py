"""The article page rendered without the page cache, in one process: Python calls and CPU per
request of the seed story (50 comments) and of a story without comments, each requested
through the WSGI application as gunicorn calls it, with no cookie, as wrk asks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB REDIS_URL=redis://127.0.0.1:6379/12 \\
    DJANGO_STATIC_ROOT=var/bench/static \\
        .venv/bin/python bench/article_profile.py [--cold] [--requests 40] [--top 25]

DB: a database `make bench` (bench/data.py's ``load``) filled. Settings
pressoffice.settings.bench with PAGE_CACHE_SECONDS=0 (the «page cache off» server: fragment
caches warm after the first request), or with ``--cold`` bench.settings_cold (the «fully cold»
server: every fragment rendered on every request). Each page is requested ten times to warm
the per-process memos; then ``--requests`` requests are timed one by one (process CPU, no
profiler; the median and the first quartile are printed, steadier than the mean on a shared
machine) and as many profiled (cProfile: function calls per request). ``--top`` prints each
page's costliest functions by their own time, ``--callers`` the callers of a function;
``--page home`` (region, person) measures another page on the same layout; ``--drift N``
then N more requests, CPU per 500 (a cost that grows with a process's age).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wsgi_environ import environ  # noqa: E402

SEED_SLUG = "gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="bench.settings_cold")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--sort", default="tottime", help="pstats order of --top")
    parser.add_argument("--callers", default="", help="print the callers of this function")
    parser.add_argument(
        "--page", action="append", help="seed, plain (the default), home, region, person"
    )
    parser.add_argument(
        "--drift", type=int, default=0, help="then this many requests more, CPU per 500"
    )
    args = parser.parse_args()
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = (
        "bench.settings_cold" if args.cold else "pressoffice.settings.bench"
    )
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()

    from articles.models import Article

    pages = {
        "seed": Article.objects.get(slug=SEED_SLUG).get_absolute_url(),
        # bench/data.py's story without comments (what Wagtail's figure in issue 6 measured).
        "plain": Article.objects.published()
        .filter(comment_count=0, blocks__kind="quote")
        .order_by("-published_at")
        .first()
        .get_absolute_url(),
        # Other pages on the same layout, measured only when asked for (--page).
        "home": "/",
        "region": "/regions/tulskaya-oblast/",
        "person": "/people/dmitry-milyaev/",
    }

    def request(address):
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=status)

        result = application(environ(address), start_response)
        body = b"".join(result)
        result.close()
        return answer["status"], body

    for name, address in pages.items():
        if name not in (args.page or ["seed", "plain"]):
            continue
        for _ in range(10):
            status, body = request(address)
        assert status.startswith("200"), (address, status)
        times = []
        for _ in range(args.requests):
            started = time.process_time()
            request(address)
            times.append((time.process_time() - started) * 1000)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            request(address)
        profile.disable()
        stats = pstats.Stats(profile)
        calls = stats.total_calls / args.requests
        quartile = statistics.quantiles(times, n=4)[0]
        print(
            f"{name:6} calls/request {calls:8.0f}  CPU ms median {statistics.median(times):6.2f}"
            f"  q1 {quartile:6.2f}  body {len(body):,} bytes  {address}"
        )
        for start in range(0, args.drift, 500):
            started = time.process_time()
            for _ in range(min(500, args.drift - start)):
                request(address)
            spent = (time.process_time() - started) * 1000 / min(500, args.drift - start)
            print(f"{name:6} requests {start + 500:6}: CPU ms per request {spent:6.2f}")
        if args.top:
            stats.sort_stats(args.sort).print_stats(args.top)
        if args.callers:
            stats.sort_stats("tottime").print_callers(args.callers)


if __name__ == "__main__":
    main()
