"""Legacy OCR text exports: encoding detection, form-feed pages, restoration flag."""

from __future__ import annotations

import unicodedata

import pytest

from thidua.errors import EncodingError, InputFileError
from thidua.ingest import ingest_file, sha256_file

TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 spells tones as combining marks after a precomposed vowel (ô, ơ, ư, ă, â, ê)."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_encodings_are_detected(tmp_path, plan_text, encoding):
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(to_cp1258(plan_text) if encoding == "cp1258" else plan_text.encode(encoding))
    doc = ingest_file(path)
    assert doc.text == plan_text
    assert doc.format == "txt"
    assert doc.pages[0].provenance.method == "legacy-text"
    assert not doc.pages[0].provenance.needs_restoration  # correct Vietnamese needs no restoring


def test_form_feeds_split_pages_and_garble_is_flagged(tmp_path, plan_text, second_page):
    from unidecode import unidecode

    path = tmp_path / "old-ocr.txt"
    path.write_text(unidecode(plan_text) + "\f" + unidecode(second_page) + "\f", encoding="ascii")
    doc = ingest_file(path)
    assert [p.number for p in doc.pages] == [1, 2]
    assert all(p.provenance.needs_restoration for p in doc.pages)
    assert doc.sha256 == sha256_file(path)


def test_binary_data_is_an_encoding_error(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(EncodingError, match="binary"):
        ingest_file(path)


def test_whitespace_only_text_is_empty(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputFileError, match="empty"):
        ingest_file(path)
