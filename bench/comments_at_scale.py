"""The moderators' queue and bulk approval at a million comments, on PostgreSQL.

    python bench/comments_at_scale.py --comments 1000000

Creates (and afterwards keeps, for EXPLAIN) the database ``pressoffice_bench`` on
BENCH_DATABASE_URL's server, fills it with SQL (generate_series), then times what a moderator
does: open the queue, approve 100 comments. Writes bench/results/comments-at-scale.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.servers import SERVER, recreate_database  # noqa: E402

NAME = "pressoffice_bench"


QUEUE_URL = "/admin/comments/comment/?status=pending"


FILL = """
INSERT INTO django_comments (id, content_type_id, object_pk, site_id, user_name, user_email,
    user_url, comment, submit_date, ip_address, is_public, is_removed)
SELECT n, %(ct)s, (%(first)s + n %% %(articles)s)::text, 1, 'Читатель ' || n,
    'reader' || n || '@example.ru', '', 'Комментарий номер ' || n || ' о новостях региона.',
    now() - (n || ' minutes')::interval, '10.0.0.1', n %% 20 <> 0, false
FROM generate_series(1, %(comments)s) AS n;
INSERT INTO django_comments_xtd_xtdcomment (comment_ptr_id, thread_id, parent_id, level, "order",
    followup, nested_count)
SELECT n, n, n, 0, 1, false, 0 FROM generate_series(1, %(comments)s) AS n;
INSERT INTO comments_comment (xtdcomment_ptr_id, consent_at, policy_version, hold_reason,
    report_count, notified_at)
SELECT n, now(), '1.0', '', 0, now() FROM generate_series(1, %(comments)s) AS n;
SELECT setval(pg_get_serial_sequence('django_comments', 'id'), %(comments)s);
"""


def timed(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def measure_moderation(client, *, queue_repeat=7, approve_repeat=5):
    """Time what a moderator does: open the queue (``client`` is logged in as one) and approve
    the 100 oldest pending comments, which needs ``100 * approve_repeat`` pending comments."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.models import Comment
    from comments.moderation import decide

    def open_queue():
        assert client.get(QUEUE_URL).status_code == 200

    open_queue()
    with CaptureQueriesContext(connection) as queries:
        open_queue()
    # Read now: the captured list is a slice of the connection's log, which the next request
    # clears.
    queue_queries = len(queries)
    queue_median, queue_max = timed(open_queue, queue_repeat)

    def approve_100():
        oldest = Comment.objects.pending().order_by("submit_date")
        ids = list(oldest.values_list("pk", flat=True)[:100])
        assert decide(Comment.objects.filter(pk__in=ids), action="approve", moderator=None) == 100

    approve_median, approve_max = timed(approve_100, approve_repeat)
    return {
        "queue_median": queue_median,
        "queue_max": queue_max,
        "queue_queries": queue_queries,
        "approve_median": approve_median,
        "approve_max": approve_max,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=1_000)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = recreate_database(NAME, SERVER)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pressoffice.settings.dev"
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from comments.models import Comment
    from pressoffice.roles import MODERATORS
    from tests.factories import staff_member

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    Article.objects.bulk_create(
        Article(title=f"Новость {n}", slug=f"novost-{n}", lead="Лид.", status="published",
                published_at=django.utils.timezone.now())
        for n in range(args.articles)
    )  # fmt: skip
    first = Article.objects.order_by("pk").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(FILL, {
            "ct": ContentType.objects.get_for_model(Article).pk, "first": first,
            "articles": args.articles, "comments": args.comments,
        })  # fmt: skip
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does on a live server
    fill_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(staff_member(MODERATORS, username="bench-moderator"))
    timings = measure_moderation(client)
    pending = Comment.objects.pending().count()
    rows = [
        f"# Comments at scale ({time.strftime('%Y-%m-%d')})",
        "",
        f"`python bench/comments_at_scale.py --comments {args.comments}` on PostgreSQL, "
        f"{args.articles} articles, {args.comments:,} comments ({pending:,} pending).",
        f"Filled in {fill_seconds:.1f} s.",
        "",
        "| what | median | max | queries |",
        "| --- | --- | --- | --- |",
        f"| open the queue (pending, oldest first, 50 a page) | "
        f"{timings['queue_median'] * 1000:.0f} ms | {timings['queue_max'] * 1000:.0f} ms | "
        f"{timings['queue_queries']} |",
        f"| approve 100 comments at once | {timings['approve_median'] * 1000:.0f} ms | "
        f"{timings['approve_max'] * 1000:.0f} ms | |",
    ]
    report = "\n".join(rows) + "\n"
    (ROOT / "bench" / "results" / "comments-at-scale.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
