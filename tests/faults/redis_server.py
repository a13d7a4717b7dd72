"""A real redis-server of the test's own, on a free port of 127.0.0.1, without persistence;
stopped when the test ends. Skips with the reason where redis-server is not installed."""

import shutil
import socket
import subprocess
import time

import pytest


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer(str):
    """The URL of the server (a str, to pass as LOCATION), with its process."""

    process = None


@pytest.fixture
def own_redis():
    """A fresh redis-server: its URL, with the process as ``.process`` (to stall it)."""
    yield from redis_server()


def redis_server(*options):
    """Start a redis-server with ``options`` (more command-line arguments), yield its URL, stop
    it: the body of a fixture."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    address = ["--port", str(port), "--bind", "127.0.0.1"]
    command = [binary, *address, "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(
        [*command, *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start within 10 s")
    try:
        server = RedisServer(f"redis://127.0.0.1:{port}/0")
        server.process = process
        yield server
    finally:
        process.kill()
        process.wait(timeout=10)
