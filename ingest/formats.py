"""Recognise an input file's format from its first bytes, cross-checked with its suffix."""

from __future__ import annotations

import zipfile
from pathlib import Path

from thidua.errors import EncryptedFileError, InputFileError, UnsupportedFormatError

SUFFIXES = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".docx": "docx",
    ".txt": "txt",
}
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # MS compound file: legacy .doc or encrypted OOXML
)


def sniff(path: Path) -> str:
    """The format of `path` ("pdf", "png", "jpeg", "tiff", "docx", "txt"), or a typed InputFileError."""
    name = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputFileError(name, f"cannot read: {exc.strerror or exc}") from exc
    if not head:
        raise InputFileError(name, "empty file (0 bytes)")
    expected = SUFFIXES.get(path.suffix.lower())
    # Some PDF writers put junk before the header; readers accept it within the first 1 KB.
    found = next((fmt for magic, fmt in _MAGIC if head.startswith(magic)), None)
    if found is None and expected != "txt" and b"%PDF-" in head:
        found = "pdf"
    if found == "zip":
        found = "docx" if _is_docx(path) else "zip"
    if found == "ole":
        if expected == "docx":
            raise EncryptedFileError(name, "password-protected Word document (encrypted OOXML)")
        raise UnsupportedFormatError(name, "legacy binary Office file (.doc); save it as .docx")
    if found in ("pdf", "png", "jpeg", "tiff", "docx"):
        return found  # the content decides, whatever the suffix says
    if expected == "txt":
        return "txt"  # text has no magic; the text reader checks its encoding
    if expected is None:
        raise UnsupportedFormatError(name, f"unsupported format {path.suffix or '(no suffix)'}")
    raise InputFileError(name, f"corrupt or not a {expected.upper()}: unrecognised content {head[:8]!r}")


def _is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
