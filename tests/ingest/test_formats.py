"""Format sniffing and the typed errors for empty, unsupported and corrupt files."""

from __future__ import annotations

import pytest

from thidua.errors import EncryptedFileError, InputFileError, UnsupportedFormatError
from thidua.ingest import ingest_file
from thidua.ingest.formats import sniff


def test_empty_file_is_an_input_error(tmp_path):
    path = tmp_path / "blank.pdf"
    path.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty") as err:
        ingest_file(path)
    assert err.value.path == str(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_bytes(b"\x01\x02 binary")
    with pytest.raises(UnsupportedFormatError, match=r"unsupported format \.xlsx"):
        ingest_file(path)


def test_pdf_suffix_on_garbage_is_corrupt(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"this is not a pdf at all")
    with pytest.raises(InputFileError, match="corrupt or not a PDF") as err:
        ingest_file(path)
    assert str(path) in str(err.value)


def test_content_wins_over_suffix(tmp_path):
    path = tmp_path / "page.jpg"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert sniff(path) == "png"


def test_legacy_doc_is_unsupported_and_encrypted_docx_is_encrypted(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    (tmp_path / "old.doc").write_bytes(ole)
    (tmp_path / "locked.docx").write_bytes(ole)
    with pytest.raises(UnsupportedFormatError, match="legacy binary Office"):
        sniff(tmp_path / "old.doc")
    with pytest.raises(EncryptedFileError, match="password-protected"):
        sniff(tmp_path / "locked.docx")


def test_zip_that_is_not_docx(tmp_path):
    import zipfile

    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputFileError, match="corrupt or not a DOCX"):
        ingest_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError, match="cannot read"):
        ingest_file(tmp_path / "gone.pdf")


def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert sniff(path) == "pdf"


def test_files_without_suffix_are_sniffed(tmp_path):
    path = tmp_path / "scan0001"
    path.write_bytes(b"II*\x00" + b"\x00" * 50)
    assert sniff(path) == "tiff"
    other = tmp_path / "README"
    other.write_text("hello", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError, match="no suffix"):
        sniff(other)
