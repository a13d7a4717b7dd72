"""What the bench scripts share: a fresh PostgreSQL database, a free port, gunicorn on loopback.

Used by bench/run.py (`make bench`), bench/flood.py, bench/explain.py,
bench/comments_at_scale.py and the fault tests that serve the site for real.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name, server=SERVER):
    """The URL of database ``name`` on the PostgreSQL server of ``server``."""
    return urlsplit(server)._replace(path=f"/{name}").geturl()


def recreate_database(name, server=SERVER):
    """Drop and create ``name`` on the server of ``server``; returns the new database's URL."""
    import psycopg2

    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    connection.close()
    return database_url(name, server)


def free_port(ports, exclude=()):
    """The first port of ``ports`` nothing listens on."""
    for port in ports:
        if port in exclude:
            continue
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


class Gunicorn:
    """gunicorn (sync workers) on loopback in its own process group, serving ``env``'s settings
    (which must answer /bench/floor/, as pressoffice.settings.bench does); a context manager
    that waits until it answers and stops it with its workers on exit."""

    def __init__(self, env, *, port, workers=2, timeout=60):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
        gunicorn = str(gunicorn) if gunicorn.exists() else shutil.which("gunicorn")
        command = [gunicorn, "pressoffice.wsgi:application", "--workers", str(workers),
                   "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
                   "--chdir", str(ROOT), "--timeout", str(timeout)]  # fmt: skip
        helptext = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
        if "--no-control-socket" in helptext:
            command.append("--no-control-socket")
        self.output = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            command, env=env, stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True
        )

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.base + "/bench/floor/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        output = self.log()
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{output}")

    def __exit__(self, *exc):
        self.stop()

    def log(self):
        """The end of what gunicorn printed."""
        self.output.seek(0)
        return self.output.read()[-5000:]

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if not self.output.closed:
            self.output.close()
