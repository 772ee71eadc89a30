"""Real Tesseract on real scans (../shared/realscans): stamps kept out, header read column by column."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from thidua.ingest import ingest_file

SHARED = Path(os.environ.get("THIDUA_SHARED", Path(__file__).resolve().parents[3] / "shared"))
DOCS = SHARED / "realscans" / "nom-vn" / "docs"


def _page(name: str):
    path = DOCS / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"real scans not available ({path} missing)")
    pytest.importorskip("pytesseract")
    return ingest_file(path).pages[0]


def test_received_stamp_kept_out_and_header_read_by_column() -> None:
    page = _page("real_qd_729_ttg")
    assert [m.kind for m in page.marks] == ["received"]
    assert not re.search(r"ĐẾN|Giờ|CHÍNH PHÙ", page.text)  # the stamp's words are not in the text
    assert [r.kind for r in page.regions][:3] == ["header-left", "header-right", "body"]
    text = page.text
    # Left column (issuer, Số) first, then the motto and the date, then the title.
    assert text.index("THỦ TƯỚNG CHÍNH PHỦ") < text.index("/QĐ-TTg") < text.index("Độc lập")
    assert text.index("Độc lập") < text.index("Hà Nội") < text.index("ĐỊNH")


def test_handwritten_number_and_day_are_uncertain() -> None:
    page = _page("real_qd_729_ttg")
    number = re.search(r"S[ốó]:\s*(\S+)\s*/QĐ", page.text)
    day = re.search(r"ngày\s*\S*", page.text)
    assert number and day
    covered = lambda m: any(a <= m.start(1 if m.lastindex else 0) < b for a, b in page.uncertain)  # noqa: E731
    assert covered(number) and covered(day)
