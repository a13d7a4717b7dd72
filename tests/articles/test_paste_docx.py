"""«Вставить текст» with a .docx: hostile archives (a zip bomb, a lying size, too many parts, an
XML entity bomb) are refused fast and cheaply; real Word documents still become a preview."""

import io
import re
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from people.models import Person
from pressoffice.roles import AUTHORS
from tests.factories import client_for, staff_member

pytestmark = pytest.mark.django_db

PASTE_URL = "/admin/articles/article/paste/"
SEED = (Path(__file__).parents[2] / "demo/seed-article.txt").read_text(encoding="utf-8")
MB = 1024 * 1024
DOCUMENT = "word/document.xml"
BOMB_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>"
)
BOMB_CLOSE = b"</w:t></w:r></w:p></w:body></w:document>"
TOO_BIG = "слишком большой после распаковки"
DAMAGED = "повреждён"


def word_document(*paragraphs):
    """A real .docx written by python-docx, as bytes."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rewrite(docx_bytes, path, replace=None, add=None, skip=()):
    """``docx_bytes`` written to ``path`` member by member: ``replace`` maps a member's name to
    a function of its bytes; ``add`` maps names to bytes; members in ``skip`` are left out."""
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in skip:
                continue
            data = source.read(info)
            if replace and info.filename in replace:
                data = replace[info.filename](data)
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """A real .docx whose document.xml inflates to 1 GB: about 1 MB on disk, written in 1 MB
    pieces so that building it never holds more than one piece."""
    path = tmp_path_factory.mktemp("docx") / "bomb.docx"
    skeleton = word_document("Лид.")
    with (
        zipfile.ZipFile(io.BytesIO(skeleton)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            if info.filename != DOCUMENT:
                target.writestr(info.filename, source.read(info))
        with target.open(DOCUMENT, "w") as member:
            member.write(BOMB_OPEN)
            piece = b"A" * MB
            for _ in range(1024):
                member.write(piece)
            member.write(BOMB_CLOSE)
    assert path.stat().st_size < 2 * MB
    return path


@pytest.fixture(scope="module")
def lying_bomb(bomb, tmp_path_factory):
    """The bomb with document.xml claiming 4 KB (in its local header and the central directory)
    and carrying the checksum of its first 4 KB, so that a reader that stops at the declared size
    finds nothing wrong; zipfile's ``read()`` inflates all of it before cutting it short."""
    data = bytearray(bomb.read_bytes())
    name = DOCUMENT.encode()
    declared = 4096
    crc = zlib.crc32(BOMB_OPEN + b"A" * (declared - len(BOMB_OPEN)))
    # (signature, where the name starts, where the CRC-32 is; the sizes follow it)
    for signature, name_offset, crc_offset in ((b"PK\x03\x04", 30, 14), (b"PK\x01\x02", 46, 16)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_offset : start + name_offset + len(name)] == name:
                struct.pack_into("<I", data, start + crc_offset, crc)
                struct.pack_into("<I", data, start + crc_offset + 8, declared)
            start += 4
    path = tmp_path_factory.mktemp("docx") / "lying.docx"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(DOCUMENT).file_size == declared
        with archive.open(DOCUMENT) as member:  # read as far as declared, it checks out
            assert len(member.read(declared)) == declared
    return path


def rss_kib(field):
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))


def memory_growth(action):
    """``action()``'s result and how far it raised this process's memory, in bytes.

    The peak resident size, reset first through /proc/self/clear_refs: it counts what lxml and
    zlib allocate in C, which tracemalloc does not see. Elsewhere, tracemalloc's peak.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        tracemalloc.start()
        try:
            result = action()
            return result, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    before = rss_kib("VmRSS")
    result = action()
    return result, (rss_kib("VmHWM") - before) * 1024


@pytest.fixture
def author_client():
    return client_for(staff_member(AUTHORS, username="author-docx"))


def post_docx(client, content, name="story.docx"):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    return client.post(PASTE_URL, {"title": "Из Word", "document": upload})


def refusal(response):
    assert response.status_code == 200
    return " ".join(response.context["form"].non_field_errors())


def assert_nothing_saved():
    assert not Article.objects.exists()
    assert not Person.objects.exists()


def test_a_docx_bomb_is_refused_within_a_second_without_using_memory(author_client, bomb):
    content = bomb.read_bytes()
    post_docx(author_client, word_document(*SEED.splitlines()))  # warm up: imports, templates
    started = time.monotonic()
    response, growth = memory_growth(lambda: post_docx(author_client, content))
    elapsed = time.monotonic() - started
    assert TOO_BIG in refusal(response)
    assert_nothing_saved()
    assert elapsed < 1.5, elapsed
    assert growth < 100 * MB, growth / MB


def test_a_docx_that_lies_about_its_size_is_refused_without_using_memory(author_client,
                                                                         lying_bomb):  # fmt: skip
    content = lying_bomb.read_bytes()
    started = time.monotonic()
    response, growth = memory_growth(lambda: post_docx(author_client, content))
    elapsed = time.monotonic() - started
    message = refusal(response)
    assert TOO_BIG in message or DAMAGED in message, message
    assert_nothing_saved()
    assert elapsed < 1.5, elapsed
    assert growth < 100 * MB, growth / MB


def test_many_small_parts_adding_up_are_refused(author_client, tmp_path):
    path = tmp_path / "parts.docx"
    parts = {f"word/media/part{number}.bin": b"\0" * (4 * MB) for number in range(12)}
    rewrite(word_document(*SEED.splitlines()), path, add=parts)
    assert TOO_BIG in refusal(post_docx(author_client, path.read_bytes()))
    assert_nothing_saved()


def test_too_many_parts_are_refused(author_client, tmp_path):
    path = tmp_path / "members.docx"
    parts = {f"customXml/extra{number}.xml": b"<a/>" for number in range(2000)}
    rewrite(word_document(*SEED.splitlines()), path, add=parts)
    assert "слишком много частей" in refusal(post_docx(author_client, path.read_bytes()))
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"word/media/zeros.bin": b"\0" * (2 * MB)}, TOO_BIG),  # packed 1000 to 1: a small bomb
        ({"/".join(["word"] * 12) + "/deep.xml": b"<a/>"}, DAMAGED),
    ],
    ids=["compression-ratio", "nesting"],
)
def test_archives_no_word_processor_writes_are_refused(author_client, tmp_path, parts, message):
    path = tmp_path / "odd.docx"
    rewrite(word_document(*SEED.splitlines()), path, add=parts)
    assert message in refusal(post_docx(author_client, path.read_bytes()))
    assert_nothing_saved()


def test_an_xml_entity_bomb_is_refused(author_client, tmp_path):
    """«Billion laughs»: Word never writes a DOCTYPE, so a part that has one is not Word's."""
    laughs = "".join(
        f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' if n else '<!ENTITY l0 "ха">' for n in range(10)
    )

    def hostile(document_xml):
        head, body = document_xml.split(b"?>", 1)
        body = body.replace(b"</w:body>", b"<w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body>")
        return head + b"?>" + f"<!DOCTYPE w:document [{laughs}]>".encode() + body

    path = tmp_path / "laughs.docx"
    rewrite(word_document(*SEED.splitlines()), path, replace={DOCUMENT: hostile})
    started = time.monotonic()
    assert DAMAGED in refusal(post_docx(author_client, path.read_bytes()))
    assert time.monotonic() - started < 1.5
    assert_nothing_saved()


def test_python_docx_parses_without_expanding_entities():
    """The parser python-docx uses for every part keeps entities unresolved (and, lxml's
    default, refuses huge trees): a second line of defence behind the DOCTYPE check."""
    from docx.oxml.parser import parse_xml

    element = parse_xml(b'<!DOCTYPE a [<!ENTITY e "expanded">]><a>&e;</a>')
    assert "expanded" not in (element.text or "")


def footnoted(document_xml):
    """A footnote reference in the first paragraph, as Word writes one."""
    reference = b'<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    return document_xml.replace(b"</w:p>", reference, 1)


FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Сноска: по данным минпромторга.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
).encode()
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def test_a_real_document_with_a_table_and_footnotes_still_becomes_a_preview(author_client,
                                                                             tmp_path):  # fmt: skip
    import docx

    document = docx.Document()
    for line in SEED.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Показатель", "2026"), ("Рабочие места", "120")],
                          strict=True):  # fmt: skip
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    def with_override(types):
        override = f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES_TYPE}"/>'
        return types.replace(b"</Types>", override.encode() + b"</Types>")

    def with_relationship(rels):
        relationship = (
            f'<Relationship Id="rIdFootnotes" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
        )
        return rels.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")

    path = tmp_path / "real.docx"
    replace = {"[Content_Types].xml": with_override,
               "word/_rels/document.xml.rels": with_relationship, DOCUMENT: footnoted}  # fmt: skip
    rewrite(buffer.getvalue(), path, replace=replace, add={"word/footnotes.xml": FOOTNOTES})
    with zipfile.ZipFile(path) as archive:
        assert "word/footnotes.xml" in archive.namelist()
    assert docx.Document(str(path)).tables  # what we built is a Word document with a table

    response = post_docx(author_client, path.read_bytes())

    assert response.status_code == 200
    quotes = [row for row in response.context["form"].rows() if "quote" in row]
    assert len(quotes) == 3
    assert_nothing_saved()
