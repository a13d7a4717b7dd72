"""What a page-cache hit costs in the app server, next to the bench's floor: Python function
calls and CPU per request, each page requested through the WSGI application as gunicorn calls
it (no HTTP parsing, no socket), with no cookie, as wrk asks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python bench/hits.py [--requests 2000] [--top 25 --page home]

DB: a database `make bench` filled (the seed story, the governor, Тульская область). Settings
pressoffice.settings.bench with PAGE_CACHE_SECONDS=3600: the first request of each page stores
it, the next ones are hits. Prints one row per page: calls per request (cProfile, over a tenth
of the requests), CPU milliseconds per request (time.process_time without the profiler, the
least of ten rounds), the floor's CPU per request over the page's (rounds of the floor and the
page alternate; the median) and the body's size; ``--top`` prints a page's costliest
functions. In `make bench` gunicorn adds its own work to every request (about 0.25 ms here),
so the ratio of requests a second there is nearer 1 than this one.
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
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressoffice.settings.bench")
os.environ.setdefault("PAGE_CACHE_SECONDS", "3600")

from bench.wsgi_environ import environ  # noqa: E402
from pressoffice.wsgi import application  # noqa: E402

SEED_SLUG = "gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve"


def pages():
    from articles.models import Article
    from people.models import Person

    person = Person.objects.get(last_name="Миляев").get_absolute_url()
    return [
        ("floor", "/bench/floor/"),
        ("article", Article.objects.get(slug=SEED_SLUG).get_absolute_url()),
        ("home", "/"),
        ("region", "/regions/tulskaya-oblast/"),
        ("person", person),
        ("search", "/search/?q=" + quote("губернатор")),
        ("feed", "/feeds/rss/"),
    ]


def request(address):
    """One request as gunicorn makes it: status, headers and the body joined."""
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=headers)

    result = application(environ(address), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


ROUNDS = 10


def cpu_per_request(address, count):
    started = time.process_time()
    for _ in range(count):
        request(address)
    return (time.process_time() - started) * 1000 / count


def measure(address, floor, requests):
    """Calls and CPU per request of ``address``, and its CPU over the floor's: the floor and
    the page are measured in alternating rounds, so that what other processes on the machine
    take slows both alike; the least round of each and the median ratio of the rounds."""
    status, _headers, body = request(address)
    for _ in range(20):
        status, _headers, body = request(address)
    if not status.startswith("200"):
        raise RuntimeError(f"{address} answered {status}")
    count = max(requests // ROUNDS, 1)
    rounds = []
    for _ in range(ROUNDS):
        rounds.append((cpu_per_request(floor, count), cpu_per_request(address, count)))
    cpu_ms = min(page for _floor, page in rounds)
    ratio = statistics.median(floor_ms / page for floor_ms, page in rounds)
    profiled = max(requests // 10, 50)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(profiled):
        request(address)
    profile.disable()
    stats = pstats.Stats(profile)
    return stats.total_calls / profiled, cpu_ms, ratio, len(body), stats, profiled


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--top", type=int, default=0, help="the N costliest functions")
    parser.add_argument("--page", action="append", help="only these pages")
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args()
    print("| page | calls per request | CPU ms per request | floor's CPU / page's | body bytes |")
    print("| --- | ---: | ---: | ---: | ---: |")
    every = pages()
    floor = every[0][1]
    for name, address in every:
        if args.page and name not in args.page:
            continue
        calls, cpu_ms, ratio, size, stats, profiled = measure(address, floor, args.requests)
        print(f"| {name} | {calls:.0f} | {cpu_ms:.3f} | {ratio:.2f} | {size:,} |", flush=True)
        if args.top:
            out = io.StringIO()
            stats.stream = out
            stats.sort_stats(args.sort).print_stats(args.top)
            print(f"<!-- {profiled} requests -->\n" + out.getvalue())


if __name__ == "__main__":
    main()
