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


@pytest.mark.parametrize("name", ["real_qd_707_ttg", "real_tt_21_bct_fuel", "real_cv_3722_metro"])
def test_received_stamps_kept_out_of_the_text(name: str) -> None:
    page = _page(name)
    assert "received" in [m.kind for m in page.marks]
    assert not re.search(r"ĐẾN|Giờ|CÔNG VĂN|Kính chuyển|Ngày:", page.text)


def test_faded_seal_over_the_title_kept_out() -> None:
    page = _page("real_qd_707_ttg")
    assert "seal" in [m.kind for m in page.marks]
    title = next(ln for ln in page.text.splitlines() if "ĐỊNH" in ln)
    assert re.fullmatch(r"QUY[ÉẾ]T ĐỊNH", title)  # alone on its line: the arc is not read as letters


def test_received_stamp_kept_out_and_header_read_by_column() -> None:
    page = _page("real_qd_729_ttg")
    assert [m.kind for m in page.marks] == ["seal", "received"]  # the signer's seal, found by shape
    assert not re.search(r"ĐẾN|Giờ|CHÍNH PHÙ", page.text)  # the stamp's words are not in the text
    assert [r.kind for r in page.regions][:3] == ["header-left", "header-right", "body"]
    text = page.text
    # Left column (issuer, Số) first, then the motto and the date, then the title.
    assert text.index("THỦ TƯỚNG CHÍNH PHỦ") < text.index("/QĐ-TTg") < text.index("Độc lập")
    assert text.index("Độc lập") < text.index("Hà Nội") < text.index("ĐỊNH")


def test_handwritten_number_and_date_read_again_stay_flagged() -> None:
    page = _page("real_qd_729_ttg")
    number = re.search(r"S[ốó]:\s*(\d+)\s*/QĐ", page.text)
    day = re.search(r"ngày\s*(\d+)\s*tháng", page.text)
    assert number and number.group(1) == "729" and day and day.group(1) == "23"
    for match in (number, day):
        assert any(a <= match.start(1) < b for a, b in page.uncertain)
