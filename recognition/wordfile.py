"""An uploaded .docx made safe for python-docx: a copy of the archive built within fixed limits.

A .docx is a zip. One of 1 MB whose document.xml inflates to 1 GB (a «zip bomb») cost a worker
seconds and 2 GB of memory, and sizes declared in the archive cannot be trusted: zipfile's
``read()``, which python-docx uses, inflates the whole member before cutting it to its declared
size. So python-docx never sees the upload. ``readable_copy`` checks the declared sizes, then
reads each part in small pieces and stops at the limits whatever the archive claims, and hands
python-docx a new, uncompressed archive of exactly the bytes it read.

Word never writes a DOCTYPE; a part that has one is refused, so entity expansion («billion
laughs») cannot happen even if python-docx's parser (lxml, ``resolve_entities=False``) changed.
"""

import io
import zipfile
import zlib

MB = 1024 * 1024
MAX_PARTS = 300  # Word writes 10–30; python-docx walks the parts recursively
MAX_DEPTH = 8  # folders in a part's name: Word's deepest is «customXml/_rels/item1.xml.rels»
MAX_PART_BYTES = 10 * MB  # any one part, unpacked: a story's document.xml is well under 1 MB
MAX_UNPACKED_BYTES = 25 * MB  # all parts together, unpacked
MAX_RATIO = 100  # Word's XML packs 5–20 times; a bigger ratio over 1 MB is a bomb
CHUNK = 64 * 1024
DOCTYPE = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))

TOO_BIG = (
    "Файл .docx слишком большой после распаковки: похоже, в нём не только текст. Сохраните "
    "в документе только текст материала (без картинок и вложений) или вставьте текст в поле."
)
TOO_MANY_PARTS = (
    f"В файле .docx слишком много частей (больше {MAX_PARTS}): это не обычный документ Word. "
    "Сохраните в нём только текст материала или вставьте текст в поле."
)


class TooLarge(Exception):
    """An archive beyond the limits; the message is for the editor."""


def _check_declared(infos):
    """Refuse on what the central directory says, before anything is inflated."""
    if len(infos) > MAX_PARTS:
        raise TooLarge(TOO_MANY_PARTS)
    total = 0
    for info in infos:
        if info.filename.count("/") > MAX_DEPTH:
            raise zipfile.BadZipFile(f"part nested too deep: {info.filename[:100]!r}")
        if info.file_size > MAX_PART_BYTES:
            raise TooLarge(TOO_BIG)
        if info.file_size > MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TooLarge(TOO_BIG)
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise TooLarge(TOO_BIG)


def _read_part(archive, info, budget):
    """The part's bytes, read a piece at a time; TooLarge as soon as they pass ``budget``."""
    limit = min(MAX_PART_BYTES, budget)
    pieces, size, tail = [], 0, b""
    with archive.open(info) as member:
        while piece := member.read(CHUNK):
            size += len(piece)
            if size > limit:
                raise TooLarge(TOO_BIG)
            window = tail + piece
            if any(doctype in window for doctype in DOCTYPE):
                raise zipfile.BadZipFile(f"DOCTYPE in {info.filename[:100]!r}")
            tail = window[-32:]
            pieces.append(piece)
    return b"".join(pieces)


def readable_copy(uploaded):
    """A new .docx (a stored zip in memory) with the parts of ``uploaded`` read within limits.

    Raises TooLarge with the editor's message, or what zipfile raises for a damaged archive
    (BadZipFile, and others the caller treats alike: see ``DAMAGED``).
    """
    uploaded.seek(0)
    copy = io.BytesIO()
    with zipfile.ZipFile(uploaded) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        _check_declared(infos)
        budget = MAX_UNPACKED_BYTES
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as target:
            for info in infos:
                data = _read_part(archive, info, budget)
                budget -= len(data)
                target.writestr(info.filename, data)
    uploaded.seek(0)
    copy.seek(0)
    return copy


# What reading a damaged or hostile archive raises besides TooLarge: a bad CRC or header
# (BadZipFile), an unknown compression method (NotImplementedError), a password (RuntimeError),
# a truncated or broken deflate stream (EOFError, zlib.error), a lying offset (OSError,
# ValueError).
DAMAGED = (
    zipfile.BadZipFile,
    NotImplementedError,
    RuntimeError,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
)
