"""Hostile and oversized inputs, made here: each fails with the limit named, quickly, in bounded memory.

Peak memory is measured in a child process (its peak RSS, VmHWM, with its address space capped at
2.5 GiB so a regression fails instead of swamping the machine). Importing the ingest stage alone
costs about 200 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from thidua.errors import LimitError
from thidua.ingest import Limits, ingest_file, pdf, wordfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PARAGRAPH = "<w:p><w:r><w:t>Thi đua yêu nước</w:t></w:r></w:p>"
AS_LIMIT = int(2.5 * 2**30)
PEAK_MB = 400  # imports (~200 MB) plus what one bounded document may cost


def make_docx(path: Path, body: str, extra_parts: int = 0) -> Path:
    """A minimal DOCX whose body XML is `body`; deflate makes repetitive bodies tiny (a zip bomb)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr(
            "word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>'
        )
        for i in range(extra_parts):
            zf.writestr(f"word/media/p{i}.xml", "<x/>")
    return path


def peak(code: str) -> dict:
    """Run `code` (which sets `result`) in a child with capped address space; its result and peak RSS (MB)."""
    body = textwrap.indent(textwrap.dedent(code).strip(), "    ")
    script = "\n".join(
        [
            "import json, resource",
            f"resource.setrlimit(resource.RLIMIT_AS, ({AS_LIMIT}, {AS_LIMIT}))",
            "result = None",
            "try:",
            body,
            "except Exception as exc:",
            "    result = f'{type(exc).__name__}: {exc}'",
            "hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')]",
            "rss = int(hwm[0].split()[1]) // 1024",
            "print(json.dumps({'result': result, 'peak_mb': rss}))",
        ]
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_docx_bomb_is_rejected_before_inflating(tmp_path: Path) -> None:
    # 256 MB of whitespace in one paragraph deflates to 250 KB: the declared size rejects it.
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(f'<w:document {W}><w:body><w:p><w:r><w:t xml:space="preserve">'.encode())
            chunk = b" " * 2**24
            for _ in range(16):
                out.write(chunk)
            out.write(b"</w:t></w:r></w:p></w:body></w:document>")
    assert bomb.stat().st_size < 2 * 2**20
    started = time.monotonic()
    outcome = peak(f"from thidua.ingest import ingest_file\ningest_file({str(bomb)!r})")
    assert "LimitError" in outcome["result"] and "THIDUA_MAX_DOCX_XML_BYTES" in outcome["result"]
    assert "bomb.docx" in outcome["result"]
    assert outcome["peak_mb"] < PEAK_MB
    assert time.monotonic() - started < 10


def test_docx_under_the_xml_limit_is_streamed_and_its_text_capped(tmp_path: Path) -> None:
    # 27 MB of paragraphs (under the XML limit, 8 MB of text): python-docx peaked at 395 MB RSS
    # (200 MB of it imports) before streaming; now the reader stops at the 2 MiB text limit.
    bomb = make_docx(tmp_path / "many.docx", PARAGRAPH * 500_000)
    outcome = peak(f"from thidua.ingest import ingest_file\ningest_file({str(bomb)!r})")
    assert "LimitError" in outcome["result"] and "THIDUA_MAX_TEXT_BYTES" in outcome["result"]
    assert outcome["peak_mb"] < 260


@pytest.mark.parametrize(
    "body",
    [
        "<w:p><w:r>" + "<w:tab/>" * 1_000_000 + "</w:r></w:p>",  # one run of tabs
        "<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 300_000 + "</w:p>",  # one paragraph, many runs
        "<w:p/>" * 1_000_000,  # empty paragraphs
    ],
    ids=["tabs", "runs", "empty-paragraphs"],
)
def test_docx_degenerate_bodies_stay_bounded(tmp_path: Path, body: str) -> None:
    path = make_docx(tmp_path / "odd.docx", body)
    outcome = peak(
        f"""
        from thidua.ingest import Limits, wordfile
        from pathlib import Path
        wordfile.read_pages(Path({str(path)!r}), Limits(max_text_bytes=2**17))
        """
    )
    assert "THIDUA_MAX_TEXT_BYTES" in outcome["result"]
    assert outcome["peak_mb"] < 260


def test_docx_with_too_many_parts(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "parts.docx", PARAGRAPH, extra_parts=50)
    with pytest.raises(LimitError, match="THIDUA_MAX_DOCX_PARTS") as err:
        wordfile.read_pages(path, Limits(max_docx_parts=20))
    assert "parts.docx" in str(err.value)


def test_docx_under_every_limit_is_read(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "ok.docx", PARAGRAPH * 3 + "<w:tbl><w:tr><w:tc>" + PARAGRAPH + "</w:tc></w:tr></w:tbl>"
    )
    assert wordfile.read_pages(path) == ["Thi đua yêu nước\n" * 3 + "Thi đua yêu nước"]


def test_huge_text_file_is_rejected_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.write("Kế hoạch thi đua\n".encode() * 1000)
        fh.truncate(8 * 2**30)  # sparse: 8 GB on paper, nothing on disk
    started = time.monotonic()
    outcome = peak(f"from thidua.ingest import ingest_file\ningest_file({str(huge)!r})")
    assert "LimitError" in outcome["result"] and "THIDUA_MAX_TEXT_BYTES" in outcome["result"]
    assert outcome["peak_mb"] < PEAK_MB
    assert time.monotonic() - started < 10


def test_text_file_limit_is_a_setting(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Kế hoạch thi đua năm 2024\n" * 100, encoding="utf-8")
    assert ingest_file(path).pages
    monkeypatch.setenv("THIDUA_MAX_TEXT_BYTES", "1000")
    with pytest.raises(LimitError, match=r"plan\.txt.*THIDUA_MAX_TEXT_BYTES"):
        ingest_file(path)


def blank_pdf(path: Path, sizes: list[tuple[float, float]]) -> Path:
    """A PDF of blank pages of these sizes in points (no text layer: each page needs OCR)."""
    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height)
    document.save(str(path))
    document.close()
    return path


def test_huge_pdf_page_fails_with_the_pixel_limit(tmp_path: Path) -> None:
    # A 7200 x 7200 pt page rendered at 300 dpi is 900 Mpx (6.5 GB measured before the limit).
    path = blank_pdf(tmp_path / "poster.pdf", [(7200, 7200)])
    assert path.stat().st_size < 4096
    started = time.monotonic()
    outcome = peak(
        f"""
        from pathlib import Path
        from thidua.ingest import pdf
        pdf.render_page(Path({str(path)!r}), 0, 300 / 72)
        """
    )
    assert "LimitError" in outcome["result"] and "THIDUA_MAX_PAGE_PIXELS" in outcome["result"]
    assert "page 1" in outcome["result"] and "poster.pdf" in outcome["result"]
    assert outcome["peak_mb"] < PEAK_MB
    assert time.monotonic() - started < 10


def test_large_pdf_page_renders_coarser_within_the_limit(tmp_path: Path) -> None:
    path = blank_pdf(tmp_path / "a3.pdf", [(842, 1191)])  # A3: 34.8 Mpx at 300 dpi
    image, dpi = pdf.render_page(path, 0, 300 / 72, max_pixels=10_000_000)
    assert image.width * image.height <= 10_000_000
    assert 100 <= dpi < 300


def test_pdf_page_count_limit(tmp_path: Path, fake_engine) -> None:
    path = blank_pdf(tmp_path / "long.pdf", [(595, 842)] * 5)
    with pytest.raises(LimitError, match=r"long\.pdf.*5 pages.*THIDUA_MAX_PAGES"):
        ingest_file(path, engine=fake_engine, limits=Limits(max_pages=3))
