"""``manage.py backup``: the database and the uploaded media in one archive, with a manifest.

The archive is a tar file holding ``manifest.json`` (when, which database, how many rows of
every model, how many media files), the database (``database.dump``, pg_dump's custom format,
on PostgreSQL; ``database.sqlite3``, taken with SQLite's online backup API, on SQLite) and
``media/`` (every file of the media storage: MEDIA_ROOT on disk, or the S3 bucket with
DJANGO_MEDIA_STORAGE=s3, read through Django's storage API). The database is a consistent
snapshot taken while the site runs: pg_dump reads in one transaction, the SQLite backup API
copies a consistent state. ``--upload`` also puts the archive into the ``backups`` storage
(a private bucket of its own, DJANGO_BACKUP_S3_BUCKET). ``manage.py restore`` puts it back;
docs/operations.md has the schedule and the drill.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media"


def row_counts(using="default"):
    """Rows of every model, by label: what a restore is checked against."""
    counts = {}
    tables = set(connections[using].introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
            continue  # a table that a pending migration would create is not in the backup
        counts[model._meta.label] = model._base_manager.using(using).count()
    return dict(sorted(counts.items()))


def media_files(storage=None, folder=""):
    """Every file name in the media storage (a disk or a bucket), sorted."""
    storage = storage or default_storage
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # no upload yet: MEDIA_ROOT was never made
        return []
    found = [f"{folder}{name}" for name in names]
    for sub in folders:
        found += media_files(storage, f"{folder}{sub}/")
    return sorted(found)


def add_media(archive, name, storage=None):
    """One stored file into the archive, streamed from the storage; returns its size, or None
    if it was deleted since the listing (a staged upload whose form was saved meanwhile)."""
    storage = storage or default_storage
    info = tarfile.TarInfo(f"{MEDIA}/{name}")
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    try:
        with storage.open(name, "rb") as file:
            info.size = storage.size(name)
            archive.addfile(info, file)
    except FileNotFoundError:
        return None
    return info.size


def postgres_environment(settings_dict):
    """libpq's variables for pg_dump and pg_restore: no password on a command line."""
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def run(command, env, timeout):
    try:
        subprocess.run(
            command, env=env, check=True, capture_output=True, text=True, timeout=timeout
        )
    except FileNotFoundError:
        raise CommandError(
            f"{command[0]} is not installed: apt-get install -y postgresql-client "
            "(its major version must be the server's)"
        ) from None
    except subprocess.CalledProcessError as error:
        raise CommandError(f"{command[0]} failed: {error.stderr.strip()}") from None


def dump_database(connection, target):
    """The database into ``target`` (a folder); returns the member's name."""
    if connection.vendor == "postgresql":
        path = Path(target) / POSTGRES_DUMP
        env = postgres_environment(connection.settings_dict)
        run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)],
            env,
            timeout=3600,
        )
        return path
    if connection.vendor == "sqlite":
        path = Path(target) / SQLITE_COPY
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return path
    raise CommandError(f"Backups of {connection.vendor} databases are not supported.")


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


class Command(BaseCommand):
    help = "Backs up the database and the uploaded media into one archive (see docs/operations.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the archive to write (default: BACKUP_DIR or var/backups, named by the time)",
        )
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--upload",
            action="store_true",
            help="also put the archive into the backups storage (DJANGO_BACKUP_S3_BUCKET)",
        )

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        created = timezone.now()
        output = options["output"]
        if not output:
            folder = Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))
            output = folder / f"pressoffice-{created:%Y%m%d-%H%M%S}.tar"
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        if options["upload"] and "backups" not in settings.STORAGES:
            raise CommandError("--upload needs DJANGO_BACKUP_S3_BUCKET (docs/operations.md).")
        files = media_files()
        with tempfile.TemporaryDirectory() as work:
            database = dump_database(connection, work)
            manifest = {
                "format": FORMAT,
                "created_at": created.isoformat(),
                "vendor": connection.vendor,
                "database": database.name,
                "database_bytes": database.stat().st_size,
                "rows": row_counts(options["database"]),
            }
            partial = output.with_name(output.name + ".partial")
            with tarfile.open(partial, "w") as archive:
                archive.add(database, arcname=database.name)
                sizes = [size for name in files if (size := add_media(archive, name)) is not None]
                manifest["media_files"], manifest["media_bytes"] = len(sizes), sum(sizes)
                # Last: its counts are known only now; restore finds it wherever it is.
                add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            os.chmod(partial, 0o600)  # comments hold readers' e-mail addresses
            shutil.move(partial, output)  # never a half-written archive under the final name
        if options["upload"]:
            with output.open("rb") as file:
                stored = storages["backups"].save(output.name, File(file))
            self.stdout.write(f"Копия выгружена в хранилище резервных копий: {stored}")
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Резервная копия: {output} ({output.stat().st_size} байт; строк: {rows}, "
            f"файлов: {manifest['media_files']})"
        )
        return None
