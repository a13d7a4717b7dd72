"""``manage.py restore ARCHIVE``: put back what ``manage.py backup`` saved, then check it.

Replaces the whole database (PostgreSQL: pg_restore --clean into the configured database, which
may be new and empty; SQLite: SQLite's backup API over the configured database), writes the
media into the media storage through Django's storage API (MEDIA_ROOT, or the S3 bucket with
DJANGO_MEDIA_STORAGE=s3; files of the same name are replaced, others are left), empties the
cache (pages rendered from the old data must not be served) and compares the number of rows of
every model with the manifest. ``--from-storage``: the archive is a name in the ``backups``
storage (where ``backup --upload`` put it).
"""

import contextlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files import File
from django.core.files.storage import default_storage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from .backup import (
    FORMAT,
    MANIFEST,
    MEDIA,
    POSTGRES_DUMP,
    SQLITE_COPY,
    postgres_environment,
    row_counts,
    run,
)


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError, AttributeError):
        raise CommandError("Not a backup of this site: manifest.json is missing.") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def restore_database(connection, path):
    if connection.vendor == "postgresql":
        connection.close()
        env = postgres_environment(connection.settings_dict)
        run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                env["PGDATABASE"],
                str(path),
            ],
            env,
            timeout=3600,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    ContentType.objects.clear_cache()  # ids of the restored rows, not the old ones


def media_members(archive):
    """``(stored name, member)`` of every media file, all checked before any is written."""
    members = []
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if name.parts[:1] != (MEDIA,) or len(name.parts) < 2:
            continue
        if not member.isfile() or ".." in name.parts or name.is_absolute():
            raise CommandError(f"Refusing a suspicious media entry: {member.name}")
        members.append((str(PurePosixPath(*name.parts[1:])), member))
    return members


def restore_media(archive, members, storage=None):
    """The archive's media into the media storage (a disk or a bucket), under their names."""
    storage = storage or default_storage
    for name, member in members:
        if storage.exists(name):
            storage.delete(name)  # the archive's file, under the same name: links to it hold
        with archive.extractfile(member) as content:
            saved = storage.save(name, File(content, name=name))
        if saved != name:
            raise CommandError(f"The storage kept {name} as {saved}.")
    return len(members)


@contextlib.contextmanager
def local_archive(name, from_storage):
    """A path to the archive: the file itself, or a copy fetched from the backups storage."""
    if not from_storage:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"No such backup: {path}")
        yield path
        return
    if "backups" not in settings.STORAGES:
        raise CommandError("--from-storage needs DJANGO_BACKUP_S3_BUCKET (docs/operations.md).")
    backups = storages["backups"]
    if not backups.exists(name):
        raise CommandError(f"No such backup in the backups storage: {name}")
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / PurePosixPath(name).name
        with backups.open(name, "rb") as source, path.open("wb") as target:
            shutil.copyfileobj(source, target)
        yield path


class Command(BaseCommand):
    help = "Restores a backup made by `manage.py backup`: the database, the media, then checks."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask before replacing the database",
        )
        parser.add_argument(
            "--from-storage",
            action="store_true",
            help="ARCHIVE is a name in the backups storage (DJANGO_BACKUP_S3_BUCKET)",
        )

    def handle(self, *args, **options):
        with local_archive(options["archive"], options["from_storage"]) as path:
            self.restore(path, options)

    def restore(self, path, options):
        connection = connections[options["database"]]
        with tarfile.open(path) as archive:
            manifest = read_manifest(archive)
            if manifest["vendor"] != connection.vendor:
                raise CommandError(
                    f"The backup is of a {manifest['vendor']} database; this site uses "
                    f"{connection.vendor}."
                )
            members = media_members(archive)  # a bad entry refuses the archive before any change
            if options["interactive"]:
                answer = input(
                    f"База данных {connection.settings_dict['NAME']} будет заменена копией от "
                    f"{manifest['created_at']}. Продолжить? [yes/no] "
                )
                if answer.strip().lower() not in {"yes", "y", "да"}:
                    raise CommandError("Отменено.")
            expected = POSTGRES_DUMP if connection.vendor == "postgresql" else SQLITE_COPY
            with tempfile.TemporaryDirectory() as work:
                archive.extract(expected, work, filter="data")
                restore_database(connection, Path(work) / expected)
            files = restore_media(archive, members)
        for cache in caches.all():
            cache.clear()
        found = row_counts(options["database"])
        differ = {
            label: (count, found.get(label))
            for label, count in manifest["rows"].items()
            if found.get(label) != count
        }
        if differ:
            raise CommandError(f"Restored, but the row counts differ from the manifest: {differ}")
        if files != manifest["media_files"]:
            raise CommandError(
                f"Restored {files} media files, the manifest says {manifest['media_files']}."
            )
        self.stdout.write(
            f"Восстановлено из {path}: строк {sum(found.values())}, файлов {files}; "
            "число строк каждой модели совпадает с описью."
        )
