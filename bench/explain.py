"""EXPLAIN every query of every public page and of the moderators' queue, on PostgreSQL.

    python bench/explain.py                         # the filled database pressoffice_bench
    python bench/explain.py --database pressoffice_explain --fill --articles 20000 \\
        --comments 200000                           # (re)create and fill a database first

The server is BENCH_DATABASE_URL's (default postgres://postgres@127.0.0.1:5432/postgres).
Each page is requested twice with the Django test client (the first warms per-process caches);
every SELECT of the second request runs again under EXPLAIN (ANALYZE, BUFFERS). Writes
bench/results/explain.md and exits 1 if any plan reads one of ``WATCHED`` with a sequential
scan. Small tables (regions, topics, people, users, content types) may be scanned whole: the
planner rightly prefers that for a few hundred rows.

``--fill`` uses ``manage.py generate_load_data`` when the project has it, and plain SQL
(generate_series) otherwise; then VACUUM ANALYZE, as autovacuum would on a live server.
"""

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.servers import database_url, recreate_database  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "explain.md"
WATCHED = {
    "articles_article",
    "articles_block",
    "django_comments",
    "django_comments_xtd_xtdcomment",
    "comments_comment",
}
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
SCAN = re.compile(r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Heap|Bitmap Index) Scan.*?)"
                  r"(?:\s{2}|\(cost|$)")  # fmt: skip
TIMING = re.compile(r"Execution Time: ([\d.]+) ms")


# Articles over five years, newest last; 1 in 40 a draft, 1 in 100 withdrawn, the newest few
# scheduled. One or two regions and topics each; two text blocks and a quote each. Comments in
# threads of four (a comment and three replies) on the published articles, 1 in 20 pending.
FILL = """
INSERT INTO articles_topic (name, slug, description)
SELECT 'Тема ' || n, 'tema-' || n, '' FROM generate_series(1, 30) n;
INSERT INTO people_person (last_name, first_name, patronymic, slug, photo, photo_alt, biography,
    created_at, updated_at)
SELECT 'Фамилия' || n, 'Имя', 'Отчество', 'person-' || n, '', '', '', now(), now()
FROM generate_series(1, 300) n;
INSERT INTO people_appointment (person_id, title, organisation, starts_on, acting)
SELECT id, 'Министр ' || id, '', date '2015-01-01', false FROM people_person;
INSERT INTO articles_article (title, slug, lead, cover, cover_alt, cover_caption, cover_credit,
    status, published_at, withdrawn_reason, comments_open, comment_count, created_at, updated_at)
SELECT 'Новость номер ' || n || ' о промышленности и жизни региона', 'novost-' || n,
    'Губернатор рассказал о новом заводе и дорогах региона, номер ' || n || '.', '', '', '', '',
    CASE WHEN n %% 40 = 0 THEN 'draft' WHEN n %% 100 = 1 THEN 'withdrawn' ELSE 'published' END,
    now() - ((%(articles)s - n) * interval '5 years' / %(articles)s) + interval '2 hours',
    '', true, 0, now(), now()
FROM generate_series(1, %(articles)s) n;
INSERT INTO articles_article_regions (article_id, region_id)
SELECT a.id, r.id FROM articles_article a
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS c
      FROM regions_region WHERE kind = 'subject') r ON r.k = a.id %% r.c;
INSERT INTO articles_article_topics (article_id, topic_id)
SELECT a.id, t.id FROM articles_article a
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM articles_topic) t
    ON t.k = a.id %% 30 OR t.k = (a.id * 7) %% 30;
INSERT INTO articles_block (article_id, position, kind, text, person_id, person_title, quote)
SELECT a.id, 10 * b, CASE WHEN b = 2 THEN 'quote' ELSE 'text' END,
    CASE WHEN b = 2 THEN '' ELSE '<p>Абзац о строительстве дорог и школ региона.</p>' END,
    CASE WHEN b = 2 THEN (SELECT min(id) FROM people_person) + a.id %% 300 END,
    CASE WHEN b = 2 THEN 'Министр' ELSE '' END,
    CASE WHEN b = 2 THEN 'Мы построим новый завод в этом году.' ELSE '' END
FROM articles_article a CROSS JOIN generate_series(1, 3) b;
CREATE TEMP TABLE published_ids AS
SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM articles_article
WHERE status = 'published' AND published_at <= now();
INSERT INTO django_comments (id, content_type_id, object_pk, site_id, user_name, user_email,
    user_url, comment, submit_date, ip_address, is_public, is_removed)
SELECT n, %(ct)s, p.id::text, 1, 'Читатель ' || n, 'reader' || n || '@example.ru', '',
    'Комментарий номер ' || n || ' о новостях региона.',
    now() - ((%(comments)s - n) * interval '5 years' / %(comments)s), '10.0.0.1',
    n %% 20 <> 0, false
FROM generate_series(1, %(comments)s) n
JOIN published_ids p ON p.k = ((n - 1) / 4) %% (SELECT count(*) FROM published_ids);
INSERT INTO django_comments_xtd_xtdcomment (comment_ptr_id, thread_id, parent_id, level, "order",
    followup, nested_count)
SELECT id, id - (id - 1) %% 4, id - (id - 1) %% 4, CASE WHEN (id - 1) %% 4 = 0 THEN 0 ELSE 1 END,
    (id - 1) %% 4 + 1, false, CASE WHEN (id - 1) %% 4 = 0 THEN 3 ELSE 0 END
FROM django_comments;
INSERT INTO comments_comment (xtdcomment_ptr_id, consent_at, policy_version, hold_reason,
    report_count, notified_at)
SELECT id, now(), '1.0', '', 0, now() FROM django_comments;
SELECT setval(pg_get_serial_sequence('django_comments', 'id'), %(comments)s);
UPDATE articles_article a SET comment_count = c.n
FROM (SELECT object_pk::bigint AS id, count(*) AS n FROM django_comments
      WHERE is_public AND NOT is_removed GROUP BY object_pk) c
WHERE a.id = c.id;
"""


def fill(articles, comments):
    from django.core.management import call_command, get_commands

    if "generate_load_data" in get_commands():
        call_command("generate_load_data", articles=articles, comments=comments, seed=1)
    else:
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection

        from articles.models import Article

        ct = ContentType.objects.get_for_model(Article).pk
        with connection.cursor() as cursor:
            cursor.execute(FILL, {"articles": articles, "comments": comments, "ct": ct})
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def pages():
    """(name, address, logged in as a superuser) of each page type, on the data at hand."""
    from django.db.models import Count
    from django.utils import timezone

    from articles.models import Article, Block, Topic
    from people.models import Person
    from regions.models import Region

    published = Article.objects.published()
    article = published.order_by("-comment_count", "-pk").first()
    district = Region.objects.districts().annotate(n=Count("subjects")).order_by("-n").first()
    subject = Region.objects.filter(articles__in=published).first()
    topic = Topic.objects.filter(articles__in=published).first()
    quoted = (
        Block.objects.filter(article__in=published, person__isnull=False)
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    person = Person.objects.get(pk=quoted[0]["person"])
    now = timezone.localtime()
    oldest = timezone.localtime(published.order_by("published_at").first().published_at)
    return [
        ("home", "/", False),
        ("home, page 2", "/?page=2", False),
        ("home, last page offered", "/?page=50", False),
        ("article", article.get_absolute_url(), False),
        ("article, comments page 2", f"{article.get_absolute_url()}?comments_page=2", False),
        ("archive", "/news/", False),
        ("archive, year", f"/news/{now.year}/", False),
        ("archive, old month", f"/news/{oldest.year}/{oldest.month:02d}/", False),
        ("topic", topic.get_absolute_url(), False),
        ("region (subject)", subject.get_absolute_url(), False),
        ("region (district)", district.get_absolute_url(), False),
        ("regions", "/regions/", False),
        ("people", "/people/", False),
        ("person", person.get_absolute_url(), False),
        ("search", "/search/?q=завод", False),
        ("search, filtered", f"/search/?region={subject.slug}&topic={topic.slug}", False),
        ("feed", "/feeds/rss/", False),
        ("region feed", f"/feeds/regions/{district.slug}/rss/", False),
        ("person feed", f"/feeds/people/{person.slug}/atom/", False),
        ("topic feed", f"/feeds/topics/{topic.slug}/rss/", False),
        ("sitemap index", "/sitemap.xml", False),
        ("articles sitemap, this month", f"/sitemap-articles-{now:%Y-%m}.xml", False),
        ("articles sitemap, oldest month", f"/sitemap-articles-{oldest:%Y-%m}.xml", False),
        ("regions sitemap", "/sitemap-regions.xml", False),
        ("topics sitemap", "/sitemap-topics.xml", False),
        ("people sitemap", "/sitemap-people.xml", False),
        ("personal data", "/personal-data/", False),
        ("robots.txt", "/robots.txt", False),
        ("comments queue (pending)", "/admin/comments/comment/?status=pending", True),
        ("comments, approved", "/admin/comments/comment/?status=approved", True),
    ]


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def capture(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    return status, [q["sql"] for q in queries.captured_queries]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="pressoffice_bench")
    parser.add_argument("--fill", action="store_true", help="drop, create and fill it first")
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=200_000)
    args = parser.parse_args()

    if args.fill:
        recreate_database(args.database)
    os.environ["DATABASE_URL"] = database_url(args.database)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pressoffice.settings.dev"
    os.environ["PAGE_CACHE_SECONDS"] = "0"  # every request renders: the queries are the point
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article
    from comments.models import Comment
    from discovery.search.prepared import runnable
    from tests.factories import UserFactory

    setup_test_environment()
    if args.fill:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        fill(args.articles, args.comments)
        print(f"filled in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    reader, admin = Client(), Client()
    admin.force_login(UserFactory(username="explain-admin", is_staff=True, is_superuser=True))
    articles, comments = Article.objects.count(), Comment.objects.count()
    lines = [
        f"# EXPLAIN of every page's queries ({time.strftime('%Y-%m-%d')})",
        "",
        f"`python bench/explain.py --database {args.database}` on PostgreSQL: {articles:,} "
        f"articles, {comments:,} comments. Each page's queries as the second of two requests "
        "runs them, each under `EXPLAIN (ANALYZE, BUFFERS)`. A sequential scan of articles, "
        "blocks or comments fails the run; small tables (regions, topics, people, users) may "
        "be read whole.",
        "",
        "| page | status | queries | sum of execution times | scans |",
        "| --- | --- | --- | --- | --- |",
    ]
    details, failures = [], []
    for name, url, staff in pages():
        status, queries = capture(admin if staff else reader, url)
        total, scans = 0.0, []
        details += [f"## {name}: `{url}`", ""]
        for number, sql in enumerate(queries, 1):
            # The search statement is prepared (discovery/search/prepared.py): its EXECUTE.
            sql = runnable(sql)
            if not sql.lstrip().upper().startswith(("SELECT", "WITH", "EXECUTE")):
                continue
            plan = explain(sql)
            total += float(TIMING.search(plan).group(1))
            scans += [m.group(1).strip() for m in SCAN.finditer(plan)]
            bad = sorted(set(SEQ_SCAN.findall(plan)) & WATCHED)
            failures += [f"{name}, query {number}: Seq Scan on {table}" for table in bad]
            details += [f"{number}. `{sql[:300]}{'…' if len(sql) > 300 else ''}`", "",
                        "```", plan, "```", ""]  # fmt: skip
        seq = sorted({s for s in scans if "Seq Scan" in s})
        lines.append(
            f"| {name} | {status} | {len(queries)} | {total:.1f} ms | "
            f"{len(scans)} ({'; '.join(seq) if seq else 'no sequential scan'}) |"
        )
        print(f"{name:32} {status} {len(queries):3} queries {total:8.1f} ms", file=sys.stderr)
    lines += ["", "Failures: " + ("; ".join(failures) if failures else "none."), ""]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text("\n".join(lines + details))
    print("\n".join(failures) or "no sequential scan of articles, blocks or comments")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
