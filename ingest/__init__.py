"""Ingest stage: turn PDFs, images, DOCX and legacy OCR text into Documents.

Public API: `ingest_file(path) -> Document`, `iter_input_files(paths)`, `sha256_file(path)`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from thidua.errors import InputFileError, UnsupportedFormatError
from thidua.types import Document, Page, Provenance

SUPPORTED_SUFFIXES = {".txt": "txt"}


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes: the document's identity."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every file below the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def ingest_file(path: Path) -> Document:
    """Read one file into a Document; raises InputFileError naming the file and the reason."""
    fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormatError(str(path), f"unsupported format {path.suffix or '(none)'}")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(str(path), str(exc)) from exc
    pages = [
        Page(number=i + 1, text=t, provenance=Provenance(method="legacy-text", needs_restoration=True))
        for i, t in enumerate(text.split("\f"))
    ]
    return Document(sha256=sha256_file(path), source_path=str(path), format=fmt, pages=pages)
