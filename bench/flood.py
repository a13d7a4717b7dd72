"""Comment flood: many readers posting comments at once against gunicorn on PostgreSQL.

    python bench/flood.py [--clients 50] [--seconds 30]

Recreates the database ``pressoffice_flood`` (demo data), serves it with gunicorn
(``pressoffice.settings.bench``: production settings over plain http on loopback, Redis db 12
when Redis answers) and runs ``--clients`` threads for ``--seconds``. Each client, in a loop:
opens an article page, reads the comment form (signed timestamp, security hash, CSRF token and
cookie), waits until the form is old enough to be accepted (COMMENTS_MIN_SECONDS), posts a
comment with a text of its own and records the answer. Readers come from their own addresses
(X-Real-IP, as nginx sets it), except SHARED clients behind one address (an office NAT, or one
bot): the per-address limit answers their surplus 429, which must say why in Russian, and no
address gets more than its COMMENTS_RATE accepted.

At the end the comments are counted in the database: every accepted comment (302) stored
exactly once, nothing stored that was refused, no 500s. Prints a summary (JSON with --json)
and exits non-zero when a check fails. Bounded: the clients stop at the deadline, every request
has a timeout, gunicorn is stopped on exit.
"""

import argparse
import collections
import html
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.servers import Gunicorn, free_port, recreate_database  # noqa: E402

SERVER = os.environ.get("FLOOD_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = "pressoffice_flood"
REDIS = os.environ.get("FLOOD_REDIS_URL", "redis://127.0.0.1:6379/12")
PORTS = range(8200, 8250)
SHARED = 10  # clients behind one address
LIMIT = 5  # settings.COMMENTS_RATE: accepted comments per address per 10 minutes
MIN_SECONDS = 3.0  # settings.COMMENTS_MIN_SECONDS: the form refuses faster posts
RUSSIAN_429 = "Слишком много комментариев"
INPUT = re.compile(r"<input\b[^>]*>", re.S)
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def log(message):
    print(f"[flood {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def redis_url(url=REDIS):
    """``url`` with its database emptied when Redis answers there, else None (locmem)."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.flushdb()  # db 12 is the flood's own
    except redis.RedisError:
        return None
    return url


def manage(env, *args, timeout=600):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def prepare(env):
    """Migrations, the demo, collected static files (production storage needs the manifest)."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, data=None, cookie=None, timeout=30, address=None):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    headers = {"Cookie": cookie} if cookie else {}
    if address:
        headers["X-Real-IP"] = address
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with OPENER.open(urllib.request.Request(url, body, headers), timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def form_fields(page):
    """The hidden and text fields of the comment form on an article page."""
    start = page.find('id="comment-form"')
    form = page[start : page.find("</form>", start)]
    fields = {}
    for tag in INPUT.findall(form):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    return fields


def csrf_cookie(headers, previous):
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        if name.strip() == "csrftoken":
            return "csrftoken=" + rest.split(";")[0]
    return previous


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.posts = collections.Counter()
        self.pages = collections.Counter()
        self.accepted = []
        self.accepted_by_address = collections.Counter()
        self.refused = []
        self.errors = collections.Counter()
        self.bad_429 = 0
        self.bodies_400 = collections.Counter()


def address_of(number):
    return "10.9.9.9" if number < SHARED else f"10.0.{number // 250}.{number % 250 + 1}"


def client(number, base, articles, deadline, tally, run):
    cookie = None
    sequence = 0
    address = address_of(number)
    while time.monotonic() < deadline:
        article = articles[(number + sequence) % len(articles)]
        try:
            status, headers, page = request(base + article, cookie=cookie, address=address)
        except OSError as error:
            with tally.lock:
                tally.errors[f"GET {type(error).__name__}"] += 1
            time.sleep(0.5)
            continue
        with tally.lock:
            tally.pages[status] += 1
        cookie = csrf_cookie(headers, cookie)
        fields = form_fields(page) if status == 200 else {}
        if "timestamp" not in fields:
            time.sleep(0.5)
            continue
        # The form refuses posts made sooner than COMMENTS_MIN_SECONDS after it was shown.
        wait = float(fields["timestamp"]) + MIN_SECONDS + 0.2 - time.time()
        if time.monotonic() + max(wait, 0) >= deadline:
            break
        time.sleep(max(wait, 0))
        sequence += 1
        text = f"Флуд {run}: клиент {number}, комментарий {sequence}."
        data = {
            **fields,
            "name": f"Читатель {number}",
            "email": f"reader{number}@example.ru",
            "comment": text,
            "consent": "on",
            "website": "",
            "reply_to": "",
        }
        try:
            status, _headers, body = request(
                base + article + "comment/", data, cookie=cookie, address=address
            )
        except OSError as error:
            with tally.lock:
                tally.errors[f"POST {type(error).__name__}"] += 1
                tally.refused.append(text)  # unknown outcome: counted apart below
            continue
        with tally.lock:
            tally.posts[status] += 1
            if status == 302:
                tally.accepted.append(text)
                tally.accepted_by_address[address] += 1
            else:
                tally.refused.append(text)
            if status == 429 and RUSSIAN_429 not in body:
                tally.bad_429 += 1
            if status == 400:
                found = re.search(r'class="errorlist[^"]*"[^>]*>\s*<li>([^<]+)', body)
                tally.bodies_400[found.group(1) if found else "?"] += 1


def stored_texts(database_url, run):
    import psycopg2

    connection = psycopg2.connect(database_url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT comment, count(*) FROM django_comments WHERE comment LIKE %s "
                "GROUP BY comment",
                [f"Флуд {run}:%"],
            )
            return dict(cursor.fetchall())
    finally:
        connection.close()


def article_paths(base, limit=5):
    _status, _headers, page = request(base + "/")
    paths = []
    for path in re.findall(r'href="(/news/(?!\d+/)[^"/]+/)"', page):
        if path not in paths:
            paths.append(path)
    # Only articles still open for comments (the demo has older, closed ones).
    return [path for path in paths if "timestamp" in form_fields(request(base + path)[2])][:limit]


def run_flood(clients=50, seconds=30, workers=3):
    """Everything above; returns the summary (a dict), with ``ok`` and the failed checks."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("terminated"))
    started = time.monotonic()
    log(f"recreating the database {DATABASE}")
    database_url = recreate_database(DATABASE, SERVER)
    redis = redis_url()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pressoffice.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis or "",
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",  # what nginx sets in production
        "DJANGO_STATIC_ROOT": str(ROOT / "var" / "flood" / "static"),
        "DJANGO_MEDIA_ROOT": str(ROOT / "var" / "flood" / "media"),
    }
    log("migrate, load_demo, collectstatic")
    prepare(env)
    run = uuid.uuid4().hex[:8]
    tally = Tally()
    with Gunicorn(env, port=free_port(PORTS), workers=workers) as server:
        articles = article_paths(server.base)
        if not articles:
            raise RuntimeError("no article on the home page")
        log(f"{clients} clients for {seconds} s against {server.base} ({len(articles)} articles)")
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=client, args=(n, server.base, articles, deadline, tally, run), daemon=True
            )
            for n in range(clients)
        ]
        flood_started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(deadline - time.monotonic(), 0) + 60)
        flood_seconds = time.monotonic() - flood_started
        server_log = server.log()
    stored = stored_texts(database_url, run)
    accepted = set(tally.accepted)
    summary = {
        "clients": clients,
        "seconds": seconds,
        "flood_seconds": round(flood_seconds, 1),
        "gunicorn_workers": workers,
        "redis": bool(redis),
        "page_statuses": dict(tally.pages),
        "post_statuses": dict(tally.posts),
        "posts": sum(tally.posts.values()),
        "accepted": len(tally.accepted),
        "addresses": len({address_of(n) for n in range(clients)}),
        "most_accepted_from_one_address": max(tally.accepted_by_address.values(), default=0),
        "stored": sum(stored.values()),
        "stored_twice": sorted(text for text, count in stored.items() if count > 1),
        "accepted_missing": sorted(accepted - set(stored)),
        "stored_refused": sorted(set(stored) - accepted),
        "client_errors": dict(tally.errors),
        "refusals_400": dict(tally.bodies_400),
        "429_without_russian_message": tally.bad_429,
        "server_errors_logged": server_log.count("Internal Server Error"),
        "total_seconds": round(time.monotonic() - started, 1),
    }
    failed = []
    if tally.posts[500] or tally.pages[500] or summary["server_errors_logged"]:
        failed.append("500 answers")
    if summary["stored_twice"] or summary["accepted_missing"] or summary["stored_refused"]:
        failed.append("accepted comments not stored exactly once")
    if tally.bad_429:
        failed.append("429 without the Russian message")
    if not tally.posts[429]:
        failed.append("the rate limit never answered 429")
    if not tally.accepted:
        failed.append("no comment accepted")
    if summary["most_accepted_from_one_address"] > LIMIT:
        failed.append(f"an address got more than {LIMIT} comments accepted")
    if tally.errors:
        failed.append("requests failed or timed out")
    summary["failed"] = failed
    summary["ok"] = not failed
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 300:
        sys.exit("--clients 1..200 and --seconds 1..300")
    summary = run_flood(args.clients, args.seconds, args.workers)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for key, value in summary.items():
            print(f"{key}: {value}")
    sys.exit(0 if summary["ok"] else 1)


if __name__ == "__main__":
    main()
