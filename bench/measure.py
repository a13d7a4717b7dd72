"""Measuring one server: wrk on each page with the CPU its run cost, and Lighthouse."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bench import cpu, report, wrk
from bench.pages import fetch
from bench.servers import ROOT, SERVER

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


class Backends:
    """PostgreSQL's pids of the connections from given client ports (pg_stat_activity), for
    bench/cpu.py; None from ``connect`` when the server is not on this machine over TCP, whose
    backends' CPU this process cannot read."""

    LOOPBACK = {"127.0.0.1", "localhost", "::1"}

    def __init__(self, url):
        import psycopg2

        self.connection = psycopg2.connect(url)
        self.connection.autocommit = True

    @classmethod
    def connect(cls, url):
        return cls(url) if urlsplit(url).hostname in cls.LOOPBACK else None

    def __call__(self, ports):
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s) "
                "AND host(client_addr) IN ('127.0.0.1', '::1')",
                [list(ports)],
            )
            return [pid for (pid,) in cursor.fetchall()]

    def close(self):
        self.connection.close()


def cpu_text(use):
    server, database = report.cpu_cells(use)
    return f"server {server} ms, database {database} ms"


def measure(server, pages, *, duration, log, backends=None):
    """wrk on each page after a check that it answers 200 and a few warm-up requests; with
    the CPU the server (and its database backends) spent on each page's run, per request.

    The floor (a page named "floor") is measured first and again after the other pages, and
    the faster of its two runs is kept: every ratio of this server is taken to it, and one
    10-second run that another process on the machine slowed (the floor of the page-cache
    server once measured 1,684 req/s at the CPU per request of the 3,127 of the other) would
    inflate them all."""
    meter = cpu.Meter(server.process.pid, db_port=urlsplit(SERVER).port or 5432, backends=backends)
    results, used = {}, {}
    floors = [page for page in pages if page[0] == "floor"]
    for name, path, headers in [*pages, *floors[:1]]:
        url = server.base + path
        header_dict = dict(header.split(": ", 1) for header in headers)
        status, final, _ = fetch(url, header_dict)
        if status != 200 or final != url:
            raise RuntimeError(f"{url} answered {status} at {final}")
        for _ in range(10):
            fetch(url, header_dict)
        before = meter.sample()
        result = wrk.run(url, duration=duration, headers=headers)
        use = meter.use(before, meter.settle(), result.requests)
        again = name in results
        log(
            f"{name}{' again' if again else ''}: {result.requests_per_second:.0f} req/s, "
            f"CPU per request {cpu_text(use)}"
        )
        if not again or result.requests_per_second > results[name].requests_per_second:
            results[name], used[name] = result, use
    return results, used, meter.database_note


def lighthouse(base):
    """Lighthouse rows of home and article (bench/lighthouse.sh), or why they were skipped."""
    if not shutil.which("npx") or not Path(CHROME).exists():
        return "skipped: no npx/chromium"
    with tempfile.NamedTemporaryFile(suffix=".md") as out:
        env = {
            **os.environ,
            "LIGHTHOUSE_BASE_URL": base,
            "LIGHTHOUSE_OUT": out.name,
            "LIGHTHOUSE_SERVED_BY": "gunicorn 2 sync workers, page cache on",
            "CHROME_PATH": CHROME,
        }
        try:
            # Twice at most: npx fetching lighthouse or Chromium starting can fail once.
            for attempt in (1, 2):
                done = subprocess.run(
                    ["bash", str(ROOT / "bench" / "lighthouse.sh")],
                    env=env,
                    timeout=600,
                    capture_output=True,
                )
                if done.returncode == 0 or attempt == 2:
                    done.check_returncode()
                    break
        except subprocess.CalledProcessError as error:
            said = (error.stderr or b"").decode(errors="replace").strip().splitlines()[-3:]
            return f"skipped: lighthouse failed ({error}): " + " / ".join(said)
        except (subprocess.SubprocessError, OSError) as error:
            return f"skipped: lighthouse failed ({error})"
        lines = Path(out.name).read_text().splitlines()
    return [line for line in lines if line.startswith("|")]
