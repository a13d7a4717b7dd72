"""The `make bench` report: the table of pages, the other figures, the targets of issues 6 and
15."""

KB = 1024

# Issue 15's starting point, which its targets are measured against: `make bench SIZE=large`
# of 2026-11-27 (bench/results/bench-large.md, commit e2b5725: 100,015 articles, 1,000,050
# comments, 2 cores, gunicorn with 2 sync workers), page cache off unless said otherwise.
BASELINE_DATE = "2026-11-27"
BASELINE_COMMIT = "e2b5725"
BASELINE_FLOOR_RPS = 3511  # the floor, page cache off
BASELINE_ARTICLE_RPS = 54  # article, 50 comments
BASELINE_PLAIN_RPS = 139  # article, no comments
BASELINE_SEARCH_P50_MS = 217.1  # search «губернатор»
BASELINE_QUEUE_P50_MS = 180.4  # moderators' queue (superuser)
BASELINE_CACHED = "0.46× (region) to 0.74× (feed); article 0.60×"  # page cache on
BASELINE_ARTICLE_QUERIES = "8 with 50 comments, 6 without"

# Issue 15's targets.
ARTICLE_TARGET = 0.10  # × floor, article with 50 comments, page cache off
PLAIN_TARGET = 0.15  # × floor, article without comments, page cache off
FULLY_COLD_FACTOR = 2  # × today's ratio, the same pages with every cache empty
SEARCH_TARGET_MS = 50  # p50 of search «губернатор» at SEARCH_ARTICLES
QUEUE_TARGET_MS = 50  # p50 of the moderators' queue at QUEUE_COMMENTS
CACHED_TARGET = 0.80  # × floor, every page served by the page cache
SEARCH_ARTICLES = 100_000
QUEUE_COMMENTS = 1_000_000

TABLE_HEADER = [
    "| page | req/s | ratio to floor | p50 ms | p99 ms | server CPU per request (ms) "
    "| database CPU per request (ms) | queries |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
]


def cpu_ms(value):
    """A CPU time per request: two decimals under 10 ms, one above; "?" when unknown."""
    if value is None:
        return "?"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def cpu_cells(use):
    """(server, database) cells of a row's ``cpu.CpuUse``; "*" marks a sum that lost a process
    (a worker restarted during the run), "n/a" a database not attributed."""
    if use is None:
        return "", ""
    mark = "*" if not use.complete else ""
    database = "n/a" if use.database_ms is None else cpu_ms(use.database_ms) + mark
    return cpu_ms(use.server_ms) + mark, database


def table(rows):
    """Markdown lines of the page table; each row's ratio is to the floor of its own server."""
    lines = list(TABLE_HEADER)
    for row in rows:
        result = row["result"]
        queries = "" if row.get("queries") is None else str(row["queries"])
        ratio = result.requests_per_second / row["floor_rps"]
        errors = f" ({result.non_2xx} non-2xx)" if result.non_2xx else ""
        server, database = cpu_cells(row.get("cpu"))
        lines.append(
            f"| {row['page']}{errors} | {result.requests_per_second:.0f} | {ratio:.2f}× | "
            f"{result.p50_ms:.1f} | {result.p99_ms:.1f} | {server} | {database} | {queries} |"
        )
    return lines


def verdict(holds, miss=""):
    return "✓ holds" if holds else f"✗ misses{': ' + miss if miss else ''}"


def at_least(measured, target):
    """'misses by N%' for a figure that should reach ``target``."""
    return verdict(measured >= target, f"{(1 - measured / target) * 100:.0f}% short")


def at_most(measured, target):
    """'misses by N%' for a figure that should stay under ``target``."""
    return verdict(measured < target, f"{(measured / target - 1) * 100:.0f}% over")


def targets(m):
    """(what, target, measured, verdict) for each target of issue 6 that ``m`` measured."""
    rows = []
    cached = m["article_warm_rps"] / m["floor_warm_rps"]
    rows.append(("cached article page", "≥ 0.80× floor", f"{cached:.2f}×", at_least(cached, 0.8)))
    uncached = m["article_cold_rps"] / m["floor_cold_rps"]
    rows.append(
        (
            "uncached article page, 50 comments",
            "≥ 0.15× floor",
            f"{uncached:.2f}×",
            at_least(uncached, 0.15),
        )
    )
    for page, rps in m["listed_cold_rps"].items():
        rows.append(
            (
                f"{page} (uncached) vs uncached article",
                "within 2× (≥ 0.50×)",
                f"{rps / m['article_cold_rps']:.2f}×",
                at_least(rps / m["article_cold_rps"], 0.5),
            )
        )
    if m.get("article_queries") is not None:
        queries = m["article_queries"]
        rows.append(
            ("article page queries", "about 8 or fewer", str(queries), verdict(queries <= 8))
        )
    if m.get("queue_seconds") is not None:
        rows.append(
            (
                "moderators' queue opens",
                "< 300 ms",
                f"{m['queue_seconds'] * 1000:.0f} ms",
                at_most(m["queue_seconds"], 0.3),
            )
        )
        rows.append(
            (
                "approve 100 comments",
                "< 500 ms",
                f"{m['approve_seconds'] * 1000:.0f} ms",
                at_most(m["approve_seconds"], 0.5),
            )
        )
    rows.append(
        (
            "article page HTML",
            "< 60 KB",
            f"{m['html_bytes'] / KB:.1f} KB",
            at_most(m["html_bytes"], 60 * KB),
        )
    )
    rows.append(
        ("CSS", "< 30 KB", f"{m['css_bytes'] / KB:.1f} KB", at_most(m["css_bytes"], 30 * KB))
    )
    third = m["third_party"]
    rows.append(
        (
            "third-party resources on home and article",
            "none",
            ", ".join(third) if third else "none",
            verdict(not third),
        )
    )
    return rows


def times(ratio):
    """A ratio to the floor: three decimals under 0.1 (where issue 15's targets are), else two."""
    return f"{ratio:.3f}×" if ratio < 0.1 else f"{ratio:.2f}×"


def latency(ms):
    return f"{ms:.1f} ms" if ms < 10 else f"{ms:.0f} ms"


def span(values):
    """The range of some whole numbers: «3» or «1–412»."""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


def spread_text(spread):
    """The article page's query counts, each with the comments, blocks and regions of the
    articles that ran it: «8 queries: 1–412 comments, 2–9 blocks, 1–3 regions (6 articles)»."""
    groups = {}
    for item in spread:
        groups.setdefault(item["queries"], []).append(item)
    parts = []
    for queries, items in sorted(groups.items()):
        ranges = [span([item[key] for item in items]) for key in ("comments", "blocks", "regions")]
        ranges = ", ".join(
            f"{numbers} {key if numbers != '1' else key[:-1]}"
            for numbers, key in zip(ranges, ("comments", "blocks", "regions"), strict=True)
        )
        count = f"{len(items)} article{'s' if len(items) > 1 else ''}"
        parts.append(f"{queries} queries: {ranges} ({count})")
    return "; ".join(parts)


def fixed_queries(spread):
    """Whether every article with comments runs one number of queries and none without
    comments runs more; with what differs when not."""
    with_comments = sorted({item["queries"] for item in spread if item["comments"]})
    without = sorted({item["queries"] for item in spread if not item["comments"]})
    if len(with_comments) > 1:
        return verdict(False, "with comments " + ", ".join(map(str, with_comments)))
    if with_comments and without and max(without) > with_comments[0]:
        return verdict(False, f"more without comments ({max(without)})")
    if not with_comments and len(without) > 1:
        return verdict(False, "without comments " + ", ".join(map(str, without)))
    return verdict(True)


def at_scale(m, key, size):
    """«at 2,015 articles», with a space before, for a figure measured below the target's size;
    nothing at the target's size."""
    unit = "articles" if key == "articles" else "comments"
    return "" if m[key] >= size else f" at {m[key]:,} {unit}"


def targets_15(m):
    """(what, wanted, today, measured, verdict) for each target of issue 15.

    ``m``: the floors and article pages of the «page cache off» and «fully cold» servers
    (req/s), the searches ({"page", "p50_ms", "matches", "marks"}, the common word first), the
    queue's p50, the ratios of the pages the page cache served, the article page's query
    counts across articles (data.query_spread) and the numbers of articles and comments."""
    rows = []
    today_floor = BASELINE_FLOOR_RPS
    for label, key, target, today_rps in (
        ("article, 50 comments", "article", ARTICLE_TARGET, BASELINE_ARTICLE_RPS),
        ("article, no comments", "plain", PLAIN_TARGET, BASELINE_PLAIN_RPS),
    ):
        today = today_rps / today_floor
        rps = m[f"{key}_cold_rps"]
        ratio = rps / m["floor_cold_rps"]
        rows.append(
            (
                f"{label}, page cache off",
                f"≥ {target:.2f}× floor",
                f"{times(today)} ({today_rps} req/s)",
                f"{times(ratio)} ({rps:.0f} req/s)",
                at_least(ratio, target),
            )
        )
        if m.get(f"{key}_fully_cold_rps") is not None:
            wanted = FULLY_COLD_FACTOR * today
            rps = m[f"{key}_fully_cold_rps"]
            ratio = rps / m["floor_fully_cold_rps"]
            rows.append(
                (
                    f"{label}, fully cold (every cache empty)",
                    f"≥ {times(wanted)} floor ({FULLY_COLD_FACTOR}× today's page cache off)",
                    f"{times(today)} ({today_rps} req/s; no fragment caches then)",
                    f"{times(ratio)} ({rps:.0f} req/s)",
                    at_least(ratio, wanted),
                )
            )
    for n, search in enumerate(m["searches"]):
        found = "" if search.get("matches") is None else f", {search['matches']:,} matches"
        measured = latency(search["p50_ms"]) + found + at_scale(m, "articles", SEARCH_ARTICLES)
        if n == 0:
            rows.append(
                (
                    f"{search['page']}, p50",
                    f"< {SEARCH_TARGET_MS} ms at {SEARCH_ARTICLES:,} articles",
                    latency(BASELINE_SEARCH_P50_MS),
                    measured,
                    at_most(search["p50_ms"], SEARCH_TARGET_MS),
                )
            )
        else:
            rows.append((f"{search['page']}, p50", "measured", "not measured", measured, "—"))
    marked = [s for s in m["searches"] if s.get("matches") != 0 and s.get("marks") is not None]
    if marked:
        rows.append(
            (
                "search results still highlighted",
                "`<mark>` around the words found",
                "yes",
                ", ".join(f"{s['marks']}" for s in marked) + " `<mark>` on the first pages",
                verdict(all(s["marks"] for s in marked), "a search without `<mark>`"),
            )
        )
    if m.get("queue_p50_ms") is not None:
        rows.append(
            (
                "moderators' queue, p50",
                f"< {QUEUE_TARGET_MS} ms at {QUEUE_COMMENTS:,} comments",
                latency(BASELINE_QUEUE_P50_MS),
                latency(m["queue_p50_ms"]) + at_scale(m, "comments", QUEUE_COMMENTS),
                at_most(m["queue_p50_ms"], QUEUE_TARGET_MS),
            )
        )
    if m.get("cached"):
        (low_page, low), (high_page, high) = (
            min(m["cached"].items(), key=lambda item: item[1]),
            max(m["cached"].items(), key=lambda item: item[1]),
        )
        holding = sum(ratio >= CACHED_TARGET for ratio in m["cached"].values())
        rows.append(
            (
                "pages served by the page cache",
                f"each ≥ {CACHED_TARGET:.2f}× floor",
                BASELINE_CACHED,
                f"{low:.2f}× ({low_page}) to {high:.2f}× ({high_page}); "
                f"{holding} of {len(m['cached'])} hold",
                at_least(low, CACHED_TARGET),
            )
        )
    if m.get("query_spread"):
        rows.append(
            (
                "article page queries, whatever the comments, blocks and regions",
                "one count for every article with comments, no more without",
                BASELINE_ARTICLE_QUERIES,
                spread_text(m["query_spread"]),
                fixed_queries(m["query_spread"]),
            )
        )
    return rows


def render(report):
    """The whole Markdown report from the figures ``run.py`` collected."""
    lines = [
        f"# `make bench SIZE={report['size']}` ({report['date']})",
        "",
        f"- machine: {report['nproc']} CPU cores (`nproc`), {report['machine']}",
        f"- data: {report['articles']:,} generated articles, {report['comments']:,} comments"
        f" ({report['data_note']})",
        f"- code: git commit {report['commit']}",
        f"- server: {report['server']}",
        f"- load: {report['load']}",
        f"- cache: {report['cache_note']}",
        *([f"- CPU: {report['cpu_note']}"] if report.get("cpu_note") else []),
        "",
        "## Throughput and latency",
        "",
        *table(report["rows"]),
        "",
        "Ratios are to the floor (`/bench/floor/`, a fixed string) measured by the same server in",
        "the same run, first and again after its pages: the faster of its two runs is shown and",
        "is the base of the server's ratios; absolute figures vary between runs, since wrk",
        "shares the cores.",
        "«cache off»: the server with the page cache off (PAGE_CACHE_SECONDS=0); «cache on»: the",
        "server with it on, after a first request filled it. Queries: the page's third request",
        "through Django's test client in the bench process, with the page cache off or on.",
        "CPU per request: what the server's processes (and the database's backends serving",
        "them) spent during the page's run over the requests wrk completed; the few requests",
        "in flight when wrk stops are worked off and counted in the CPU, not in the requests.",
        "wrk's own CPU is not counted. «*»: a process ended during the run, its CPU is lost.",
        "",
        "## Other figures",
        "",
        "| what | value |",
        "| --- | --- |",
        *(f"| {what} | {value} |" for what, value in report["figures"]),
        "",
        "## Targets of issue 6",
        "",
    ]
    if report.get("targets_note"):
        lines += [report["targets_note"], ""]
    lines += ["| target | wanted | measured | verdict |", "| --- | --- | --- | --- |"]
    lines += [f"| {what} | {want} | {got} | {v} |" for what, want, got, v in report["targets"]]
    if report.get("targets_15"):
        lines += ["", "## Targets of issue 15", ""]
        if report.get("targets_15_note"):
            lines += [report["targets_15_note"], ""]
        lines += [
            f"| target | wanted | today ({BASELINE_DATE}, SIZE=large) | measured | verdict |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [f"| {' | '.join(row)} |" for row in report["targets_15"]]
    lines += ["", "## Lighthouse", ""]
    lighthouse = report["lighthouse"]
    lines += lighthouse if isinstance(lighthouse, list) else [lighthouse]
    if report.get("notes"):
        lines += ["", "## Notes", "", *(f"- {note}" for note in report["notes"])]
    return "\n".join(lines) + "\n"
