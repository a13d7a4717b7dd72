"""Server CPU per request in `make bench`: CPU time read from /proc/<pid>/stat around a wrk run.

The harness knows gunicorn's master; its workers are the master's children. Their PostgreSQL
backends are found through the workers' own sockets: the local port of each connection a worker
holds to the database is the ``client_port`` PostgreSQL lists in ``pg_stat_activity``. So the
database CPU counted is that of the backends serving this gunicorn and nobody else, even on a
PostgreSQL server shared with other work; its background processes (WAL writer, checkpointer,
autovacuum) are not attributed. Redis, when used, is shared and not attributed either.

CPU time is utime + stime (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of
1/SC_CLK_TCK s, every thread of the process included). A process that appears during the run
is counted from zero (it started in the window); one that disappears loses its CPU, and the
figure is then marked incomplete.
"""

import contextlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
SOCKET = re.compile(r"^socket:\[(\d+)\]$")


@dataclass(frozen=True)
class ProcStat:
    pid: int
    name: str
    ppid: int
    ticks: int  # utime + stime


def parse_stat(text):
    """The pid, name, parent and utime + stime of one /proc/<pid>/stat line.

    The name (field 2) is in parentheses and may itself hold spaces and parentheses, so the
    fields after it are counted from the last ")"."""
    head, _, tail = text.rpartition(")")
    pid, _, name = head.partition(" (")
    fields = tail.split()
    # fields[0] is field 3 (state): field n is fields[n - 3].
    return ProcStat(
        pid=int(pid),
        name=name,
        ppid=int(fields[1]),
        ticks=int(fields[11]) + int(fields[12]),
    )


def read_stat(pid, proc=PROC):
    """``ProcStat`` of ``pid``, or None when it is gone or unreadable."""
    try:
        return parse_stat((proc / str(pid) / "stat").read_text())
    except (OSError, ValueError, IndexError):
        return None


def children(pid, proc=PROC):
    """Pids whose parent is ``pid`` (gunicorn's workers of its master)."""
    found = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            stat = read_stat(entry.name, proc)
            if stat and stat.ppid == pid:
                found.append(stat.pid)
    return sorted(found)


def socket_inodes(pid, proc=PROC):
    """Inodes of the sockets ``pid`` has open."""
    inodes = set()
    try:
        descriptors = list((proc / str(pid) / "fd").iterdir())
    except OSError:
        return inodes
    for descriptor in descriptors:
        try:
            match = SOCKET.match(os.readlink(descriptor))
        except OSError:
            continue
        if match:
            inodes.add(int(match.group(1)))
    return inodes


def parse_tcp(text):
    """{inode: (local port, remote port)} of a /proc/net/tcp or tcp6 table."""
    table = {}
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10:
            continue
        local, remote, inode = fields[1], fields[2], int(fields[9])
        if inode:
            table[inode] = (int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16))
    return table


def client_ports(pids, server_port, proc=PROC):
    """Local ports of the TCP connections ``pids`` hold to ``server_port``."""
    inodes = set().union(*(socket_inodes(pid, proc) for pid in pids)) if pids else set()
    if not inodes:
        return set()
    table = {}
    for name in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            table.update(parse_tcp((proc / "net" / name).read_text()))
    return {
        local
        for inode, (local, remote) in table.items()
        if inode in inodes and remote == server_port
    }


def is_postgres(stat):
    return stat is not None and stat.name in ("postgres", "postmaster")


@dataclass
class Sample:
    """CPU ticks of each process of the server and of its database backends, at one moment."""

    server: dict = field(default_factory=dict)  # pid: ticks
    database: dict = field(default_factory=dict)


def used_seconds(before, after, clock_ticks=CLOCK_TICKS):
    """(CPU seconds spent between two {pid: ticks} samples, whether every process was seen
    twice). A process only in ``after`` started in between: all of its CPU counts. One only in
    ``before`` ended in between: its last ticks are lost, so the sum is incomplete."""
    ticks = sum(after[pid] - before.get(pid, 0) for pid in after)
    complete = all(pid in after for pid in before)
    return ticks / clock_ticks, complete


def per_request_ms(seconds, requests):
    """CPU milliseconds per request; None when no request completed."""
    if not requests or seconds is None:
        return None
    return seconds * 1000 / requests


@dataclass(frozen=True)
class CpuUse:
    """What one page's wrk run cost the server and the database, per completed request."""

    server_ms: float | None
    database_ms: float | None  # None: not attributed
    complete: bool = True


class Meter:
    """Samples gunicorn's master and workers and the database backends serving them.

    ``backends(ports)`` answers the PostgreSQL pids whose client port is one of ``ports``;
    without it (or when it fails, e.g. a database on another machine), the database is not
    attributed."""

    def __init__(self, master, *, db_port=5432, backends=None, proc=PROC):
        self.master, self.db_port, self.backends, self.proc = master, db_port, backends, proc
        self.database_note = None if backends else "no way to find the backends"

    def server_pids(self):
        return [self.master, *children(self.master, self.proc)]

    def backend_pids(self, server_pids):
        if not self.backends:
            return []
        ports = client_ports(server_pids, self.db_port, self.proc)
        if not ports:
            return []
        try:
            pids = self.backends(sorted(ports))
        except Exception as error:  # any driver error: the database is then not attributed
            self.backends, self.database_note = None, f"pg_stat_activity unreadable: {error}"
            return []
        # Only PostgreSQL processes of this machine: a server elsewhere (or in a container
        # with its own pid numbers) lists pids that mean nothing here.
        local = [pid for pid in pids if is_postgres(read_stat(pid, self.proc))]
        if pids and not local:
            self.backends = None
            self.database_note = "the database's backends are not processes of this machine"
        return local

    def ticks(self, pids):
        found = {}
        for pid in pids:
            stat = read_stat(pid, self.proc)
            if stat:
                found[pid] = stat.ticks
        return found

    def sample(self):
        pids = self.server_pids()
        return Sample(server=self.ticks(pids), database=self.ticks(self.backend_pids(pids)))

    def settle(self, *, quiet_ticks=1, interval=0.2, limit=3.0):
        """Wait (``limit`` s at most) until the server has stopped working off the requests
        wrk left in flight, then sample: their CPU counts, though wrk did not count them."""
        deadline = time.monotonic() + limit
        last = self.sample()
        while time.monotonic() < deadline:
            time.sleep(interval)
            now = self.sample()
            spent = sum(now.server.values()) - sum(last.server.values())
            spent += sum(now.database.values()) - sum(last.database.values())
            last = now
            if spent <= quiet_ticks:
                break
        return last

    def use(self, before, after, requests):
        """``CpuUse`` between two samples, per request of ``requests``."""
        server, server_complete = used_seconds(before.server, after.server)
        database_ms, database_complete = None, True
        if self.backends and (before.database or after.database):
            database, database_complete = used_seconds(before.database, after.database)
            database_ms = per_request_ms(database, requests)
        elif self.backends:
            database_ms = 0.0 if requests else None  # no backend: the page ran no query
        return CpuUse(
            server_ms=per_request_ms(server, requests),
            database_ms=database_ms,
            complete=server_complete and database_complete,
        )
