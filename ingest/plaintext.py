"""Plain-text exports of old OCR runs, in any common encoding; form feeds separate pages."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from thidua.errors import EncodingError, InputFileError, LimitError, path_text
from thidua.ingest.limits import Limits, env_name, size
from thidua.types import PAGE_BREAK

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was read with: BOM, then strict UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise EncodingError(name, f"{encoding} BOM but invalid data at byte {exc.start}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or "\x00" in str(best):
        raise EncodingError(name, "binary data or an undetectable text encoding")
    return str(best), best.encoding


def read_pages(path: Path, max_bytes: int | None = None) -> tuple[list[str], str]:
    """The file's pages (NFC) and the encoding detected; a file over `max_bytes` raises LimitError."""
    name = path_text(path)
    limit = Limits.from_env().max_text_bytes if max_bytes is None else max_bytes
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)  # never more than the limit, whatever the file grows to
    except OSError as exc:
        raise InputFileError(name, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise LimitError(
            name, f"text file larger than {size(limit)}, over the limit ({env_name('max_text_bytes')})"
        )
    if not data.strip():
        raise InputFileError(name, "empty file (no text)")
    text, encoding = decode(data, name)
    if "\x00" in text:
        raise EncodingError(name, "binary data (NUL bytes), not text")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    pages = text.split(PAGE_BREAK)
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()  # a trailing form feed ends the last page
    return pages, encoding
