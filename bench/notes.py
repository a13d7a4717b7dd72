"""What the report says about how it was measured: the CPU columns, the baseline of issue 15,
the commit and the machine."""

import platform
import subprocess
from pathlib import Path

from bench import report
from bench.servers import ROOT

FULLY_COLD = "bench.settings_cold"


def cpu_note(database_note):
    """How the CPU columns were measured, and why the database's is empty if it is."""
    note = (
        "utime + stime of gunicorn's master and workers from /proc/<pid>/stat, from just "
        "before each page's wrk run until the server is idle again, divided by the requests "
        "wrk completed"
    )
    if database_note is None:
        return note + (
            "; database: the PostgreSQL backends of the workers' own connections (found by "
            "their client ports in pg_stat_activity), the shared server's background processes "
            "not attributed"
        )
    return note + f"; database CPU not attributed ({database_note})"


def targets_15_note(facts):
    """What the issue 15 section compares with, and at which size its targets hold."""
    note = (
        f"«Today»: `make bench SIZE=large` of {report.BASELINE_DATE} (commit "
        f"{report.BASELINE_COMMIT}, bench/results/bench-large.md), the figures issue 15 starts "
        "from. «Fully cold»: the same pages served with every cache empty on every request "
        f"({FULLY_COLD}); it equals «page cache off» while no fragment is cached."
    )
    if facts["articles"] < report.SEARCH_ARTICLES or facts["comments"] < report.QUEUE_COMMENTS:
        note += (
            f" Issue 15 sets the search target at {report.SEARCH_ARTICLES:,} articles and the "
            f"queue's at {report.QUEUE_COMMENTS:,} comments (`make bench SIZE=large`); at "
            f"{facts['articles']:,} articles and {facts['comments']:,} comments they are "
            "indicative."
        )
    return note


def git_commit():
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return commit + (
        " (working tree has uncommitted changes)" if git("status", "--porcelain") else ""
    )


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
