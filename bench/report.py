"""The `make bench` report: the table of pages, the other figures, the targets of issue 6."""

KB = 1024

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
    return "holds" if holds else f"misses{': ' + miss if miss else ''}"


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
        "the same run; absolute figures vary between runs, since wrk shares the cores.",
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
    lines += ["", "## Lighthouse", ""]
    lighthouse = report["lighthouse"]
    lines += lighthouse if isinstance(lighthouse, list) else [lighthouse]
    if report.get("notes"):
        lines += ["", "## Notes", "", *(f"- {note}" for note in report["notes"])]
    return "\n".join(lines) + "\n"
