"""The bench's data and what is measured in-process: query counts, the moderators' timings.

Imported by bench/run.py after it has pointed DATABASE_URL at the fresh bench database.
"""

import datetime
import secrets
from urllib.parse import quote

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command, get_commands  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402
from bench.comments_at_scale import QUEUE_URL, measure_moderation  # noqa: E402
from comments.models import Comment  # noqa: E402
from comments.moderation import refresh_comment_counts  # noqa: E402
from people.models import Person  # noqa: E402

SEED_SLUG = "gubernatory-ulyanovskoy-i-tulskoy-oblastey-podpisali-soglashenie-o-sotrudnichestve"
SEED_COMMENTS = 50
PENDING_NEEDED = 600  # measure_moderation approves 5 × 100
ARTICLE = "article, 50 comments"
PLAIN = "article, no comments"
QUEUE = "moderators' queue (superuser)"
# Issue 15's searches: a common word (in about 40% of the generated articles), a rare one (a
# surname of the generated officials: about 250 of 100,000 articles) and a two-word phrase
# (in quotes: the words next to each other; about 11% of the articles).
QUERY = "губернатор"
RARE_WORD = "Субботин"
PHRASE = '"сельского хозяйства"'
SEARCHES = {
    f"search «{QUERY}»": QUERY,
    f"search, rare word «{RARE_WORD}»": RARE_WORD,
    f"search, phrase «{PHRASE}»": PHRASE,
}


def seed_comments(article, count=SEED_COMMENTS):
    """Exactly ``count`` approved comments under ``article``: threads of a comment, a reply and
    a reply to the reply, as readers write them."""
    content_type = ContentType.objects.get_for_model(Article)
    Comment.objects.filter(content_type=content_type, object_pk=str(article.pk)).delete()
    parents = []
    for n in range(count):
        level = n % 3
        comment = Comment.objects.create(
            content_type=content_type,
            object_pk=str(article.pk),
            site_id=settings.SITE_ID,
            user_name=f"Читатель {n + 1}",
            user_email=f"bench-{n}@example.ru",
            comment=f"Комментарий {n + 1}: соглашение важно для промышленности обоих регионов.",
            submit_date=article.published_at + datetime.timedelta(minutes=n + 1),
            is_public=True,
            parent_id=parents[-1].pk if level else 0,
            policy_version="bench",
        )
        parents = [*parents[:level], comment]
    Comment.objects.filter(content_type=content_type, object_pk=str(article.pk)).update(
        is_public=True, is_removed=False
    )
    refresh_comment_counts([article.pk])


def top_up_pending(needed=PENDING_NEEDED):
    """Enough pending comments for the moderation timings, on the newest articles."""
    missing = needed - Comment.objects.pending().count()
    if missing <= 0:
        return 0
    content_type = ContentType.objects.get_for_model(Article)
    ids = list(Article.objects.published().order_by("-published_at").values_list("pk", flat=True))
    ids = ids[:50] or list(Article.objects.values_list("pk", flat=True)[:50])
    for n in range(missing):
        Comment.objects.create(
            content_type=content_type,
            object_pk=str(ids[n % len(ids)]),
            site_id=settings.SITE_ID,
            user_name=f"Ожидающий {n + 1}",
            user_email=f"bench-pending-{n}@example.ru",
            comment=f"Комментарий {n + 1} ждёт модерации.",
            is_public=False,
            policy_version="bench",
        )
    return missing


def load(*, articles, comments, log):
    """Migrate, load the demo and the generated data; returns what run.py reports."""
    notes = []
    log("migrate")
    call_command("migrate", verbosity=0)
    log("load_demo")
    call_command("load_demo", verbosity=0)
    if "generate_load_data" in get_commands():
        log(f"generate_load_data --articles {articles} --comments {comments} --seed 1")
        call_command(
            "generate_load_data", articles=articles, comments=comments, seed=1, verbosity=1
        )
        data_note = f"load_demo, then generate_load_data --articles {articles} "
        data_note += f"--comments {comments} --seed 1"
    else:
        data_note = "load_demo only: generate_load_data is not in this code yet"
        notes.append("generate_load_data is missing: figures are at demo size, not at SIZE.")
    seed = Article.objects.get(slug=SEED_SLUG)
    seed_comments(seed)
    added = top_up_pending()
    if added:
        notes.append(f"{added} pending comments added so the moderation timings have 500.")
    log("VACUUM ANALYZE, collectstatic")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does on a live server
    call_command("collectstatic", interactive=False, verbosity=0)
    admin = get_user_model().objects.create_superuser(
        "bench-admin", "bench-admin@example.ru", secrets.token_urlsafe(16)
    )
    client = Client()
    client.force_login(admin)
    governor = Person.objects.get(last_name="Миляев")
    name = settings.SESSION_COOKIE_NAME
    return {
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "data_note": data_note,
        "notes": notes,
        "page_cache": hasattr(settings, "PAGE_CACHE_SECONDS"),
        "seed": seed.get_absolute_url(),
        # What Wagtail's figure in issue 6 measured: a story page without comments.
        "plain": Article.objects.published()
        .filter(comment_count=0, blocks__kind="quote")
        .order_by("-published_at")
        .first()
        .get_absolute_url(),
        "person": governor.get_absolute_url(),
        "admin": admin,
        "cookie": f"{name}={client.cookies[name].value}",
    }


def pages(facts):
    """(name, path, wrk headers) of every measured page; the floor first."""
    return [
        ("floor", "/bench/floor/", []),
        (ARTICLE, facts["seed"], []),
        (PLAIN, facts["plain"], []),
        ("home", "/", []),
        ("region (Тульская область)", "/regions/tulskaya-oblast/", []),
        ("person (Д. В. Миляев)", facts["person"], []),
        *((name, f"/search/?q={quote(words)}", []) for name, words in SEARCHES.items()),
        ("feed (RSS of all news)", "/feeds/rss/", []),
        (QUEUE, QUEUE_URL, [f"Cookie: {facts['cookie']}"]),
    ]


def query_counts(page_list, cookie, *, cached=False):
    """Queries of each page on its third request and its HTML; with ``cached``, the page cache
    is on (PAGE_CACHE_SECONDS, when the code has it), so the third is a hit."""
    counts, html = {}, {}
    seconds = {"PAGE_CACHE_SECONDS": 300} if cached else {"PAGE_CACHE_SECONDS": 0}
    with override_settings(**seconds):
        for name, path, headers in page_list:
            client = Client()
            if headers:
                key, value = cookie.split("=", 1)
                client.cookies[key] = value
            client.get(path)
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[name] = len(queries)
            html[name] = response.content.decode()
    return counts, html


def queries_of(path):
    """Queries of ``path``'s third request by an anonymous reader, page cache off."""
    client = Client()
    with override_settings(PAGE_CACHE_SECONDS=0):
        client.get(path)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def query_spread():
    """Issue 15: the article page runs as many queries whatever its number of comments, blocks
    and regions. The page's queries for the published articles with the fewest and the most of
    each (the fewest comments: none, and one), and for the seed story; [{"comments", "blocks",
    "regions", "queries", "path"}], one per article."""
    published = Article.objects.published()
    blocks = published.annotate(n=Count("blocks"))
    regions = published.annotate(n=Count("regions"))
    picks = [
        published.filter(comment_count=0).order_by("pk"),
        published.filter(comment_count__gte=1).order_by("comment_count", "pk"),
        published.order_by("-comment_count", "pk"),
        blocks.order_by("n", "pk"),
        blocks.order_by("-n", "pk"),
        regions.order_by("n", "pk"),
        regions.order_by("-n", "pk"),
        published.filter(slug=SEED_SLUG),
    ]
    pks = {pk for pick in picks for pk in pick.values_list("pk", flat=True)[:1]}
    articles = published.filter(pk__in=pks).annotate(
        n_blocks=Count("blocks", distinct=True), n_regions=Count("regions", distinct=True)
    )
    spread = []
    for article in articles.order_by("comment_count", "pk"):
        path = article.get_absolute_url()
        spread.append(
            {
                "comments": article.comment_count,
                "blocks": article.n_blocks,
                "regions": article.n_regions,
                "queries": queries_of(path),
                "path": path,
            }
        )
    return spread


def search_matches(words):
    """How many search documents match ``words`` (websearch_to_tsquery, as the search page
    reads a query); None off PostgreSQL or when the table is not there."""
    if connection.vendor != "postgresql":
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM articles_searchdocument "
                "WHERE document @@ websearch_to_tsquery('russian', %s)",
                [words],
            )
            return cursor.fetchone()[0]
    except DatabaseError:
        return None


def moderation(admin):
    client = Client()
    client.force_login(admin)
    return measure_moderation(client)
