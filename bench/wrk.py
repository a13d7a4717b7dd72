"""Run wrk against a URL and read its figures: requests a second and latency percentiles."""

import re
import subprocess
from dataclasses import dataclass

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
LATENCY = re.compile(r"^\s*(50|75|90|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.M)
RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
TOTAL = re.compile(r"^\s*(\d+) requests in ", re.M)
NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.M)
SOCKET_ERRORS = re.compile(r"^\s*Socket errors: (.+)$", re.M)


@dataclass
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int = 0
    socket_errors: str = ""


def parse(output):
    """The figures of one ``wrk --latency`` run; ValueError when the output has none."""
    rate = RATE.search(output)
    latencies = {int(p): float(v) * UNITS_MS[unit] for p, v, unit in LATENCY.findall(output)}
    if not rate or 50 not in latencies or 99 not in latencies:
        raise ValueError(f"Not a wrk --latency output:\n{output}")
    total = TOTAL.search(output)
    non_2xx = NON_2XX.search(output)
    errors = SOCKET_ERRORS.search(output)
    return WrkResult(
        requests_per_second=float(rate.group(1)),
        p50_ms=latencies[50],
        p99_ms=latencies[99],
        requests=int(total.group(1)) if total else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=errors.group(1).strip() if errors else "",
    )


def run(url, *, duration=10, connections=8, threads=1, headers=()):
    """``wrk -t1 -c8 -d10s --latency`` (TESTING.md), bounded by its own duration."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    completed = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=duration + 60, check=True
    )
    return parse(completed.stdout)
