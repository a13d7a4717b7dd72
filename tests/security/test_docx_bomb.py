"""A .docx whose parts expand to a gigabyte is refused at once with a Russian message, before
anything is decompressed into memory (issue 12, item 9)."""

import io
import json
import os
import subprocess
import sys
import time
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from pressoffice.roles import AUTHORS
from tests.factories import client_for, staff_member

PASTE_URL = "/admin/articles/article/paste/"
GIGABYTE_CHUNKS = 1024  # 1 MB each


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A 1 MB .docx whose document.xml is 1 GB once inflated."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    legit = io.BytesIO()
    docx.Document().save(legit)
    with zipfile.ZipFile(legit) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                           compresslevel=9) as target:  # fmt: skip
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:t>" + b"A" * (1 << 20) + b"</w:t>"
            for _ in range(GIGABYTE_CHUNKS):
                part.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    return path


@pytest.mark.django_db
def test_a_docx_bomb_is_refused_with_a_message_and_nothing_saved(bomb):
    client = client_for(staff_member(AUTHORS, username="author"))
    upload = SimpleUploadedFile("story.docx", bomb.read_bytes())
    started = time.monotonic()
    response = client.post(PASTE_URL, {"title": "Бомба", "document": upload})
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "после распаковки" in errors
    assert not Article.objects.exists()
    assert elapsed < 5, elapsed  # a generous bound: refused before inflating, not after


MEASURE = """
import json, os, resource, sys
import django
django.setup()
from articles import paste
from django.core.files.uploadedfile import SimpleUploadedFile
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    paste.read_docx(SimpleUploadedFile("story.docx", data))
    outcome = "read"
except paste.PasteError as error:
    outcome = str(error)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "grew_kb": after - before}))
"""


def test_reading_a_docx_bomb_costs_little_memory(bomb):
    """Measured in a process of its own: peak resident memory is per process."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pressoffice.settings.test"}
    result = subprocess.run([sys.executable, "-c", MEASURE, str(bomb)], capture_output=True,
                            text=True, timeout=60, env=env, check=True)  # fmt: skip
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    assert "после распаковки" in measured["outcome"]
    assert measured["grew_kb"] < 100 * 1024, measured


@pytest.mark.django_db
def test_a_docx_with_tables_and_footnotes_still_reads():
    from articles import paste

    document = docx.Document()
    document.add_paragraph("Лид материала о новом цехе.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Показатель"
    document.add_paragraph("Второй абзац после таблицы.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = paste.read_docx(SimpleUploadedFile("story.docx", buffer.getvalue()))
    assert "Второй абзац после таблицы." in text
