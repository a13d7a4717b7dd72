"""Backup and restore round trip: demo content with comments and photos → backup → wipe (no
tables, no media) → restore → the same pages, the same comments, the same files."""

import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from comments.models import Comment
from tests.comments.helpers import approved_comment
from tests.factories import (
    ArticleFactory,
    CoveredArticleFactory,
    PhotoFactory,
    QuoteBlockFactory,
    TextBlockFactory,
)

VOLATILE = re.compile(r'(name="(?:csrfmiddlewaretoken|timestamp|security_hash)" value=")[^"]*(")')


@pytest.fixture
def media_on_disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


def newsroom():
    """Articles with covers, blocks, a gallery, and approved comments with a reply."""
    seed = CoveredArticleFactory(title="Губернатор открыл новую школу")
    TextBlockFactory(article=seed, text="<p>В школе учатся 800 детей.</p>")
    QuoteBlockFactory(article=seed, quote="Это лучшая школа области.")
    PhotoFactory(article=seed, caption="Первый звонок")
    PhotoFactory(article=seed, caption="Актовый зал")
    first = approved_comment(seed, comment="Поздравляю учителей!", user_name="Анна")
    approved_comment(seed, parent=first, comment="Спасибо, Анна!", user_name="Директор")
    other = ArticleFactory(title="В области построили мост")
    approved_comment(other, comment="Наконец-то мост.", user_name="Пётр")
    return [seed.get_absolute_url(), other.get_absolute_url(), "/", "/news/"]


def pages(paths):
    reader = Client()
    found = {}
    for path in paths:
        response = reader.get(path)
        assert response.status_code == 200, path
        found[path] = VOLATILE.sub(r"\1\2", response.content.decode())
    return found


def comments():
    return sorted(Comment.objects.values_list("comment", "user_name", "is_public", "parent_id"))


def wipe(media_root):
    """Every table dropped, as on a new empty database; the media folder gone."""
    wipe_database()
    shutil.rmtree(media_root)


def wipe_database():
    """Every table dropped, as on a new empty database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def files(root):
    return {str(p.relative_to(root)): p.read_bytes() for p in Path(root).rglob("*") if p.is_file()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_wipe_restore_gives_the_same_site(media_on_disk, tmp_path):
    paths = newsroom()
    before_pages, before_comments = pages(paths), comments()
    before_files = files(media_on_disk)
    originals = [name for name in before_files if not name.startswith("CACHE/")]
    assert len(originals) == 3  # a cover and two gallery photos (CACHE/: their renditions)
    assert "Спасибо, Анна!" in before_pages[paths[0]]

    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["rows"]["comments.Comment"] == 3
    assert manifest["rows"]["articles.Photo"] == 2
    assert manifest["media_files"] == len(before_files)

    wipe(media_on_disk)
    call_command("restore", str(archive), interactive=False)

    assert comments() == before_comments
    assert files(media_on_disk) == before_files
    assert pages(paths) == before_pages


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_what_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar"
    with tarfile.open(bogus, "w") as tar:
        tar.add(__file__, arcname="media/../../evil.py")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(bogus), interactive=False)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_media_paths_outside_media_root(media_on_disk, tmp_path):
    archive = tmp_path / "backup.tar"
    call_command("backup", output=str(archive))
    evil = tmp_path / "evil.tar"
    with tarfile.open(archive) as source, tarfile.open(evil, "w") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        member = tarfile.TarInfo("media/../../outside.txt")
        member.size = 0
        target.addfile(member)
    with pytest.raises(CommandError, match="suspicious"):
        call_command("restore", str(evil), interactive=False)
    assert not (tmp_path / "outside.txt").exists()
