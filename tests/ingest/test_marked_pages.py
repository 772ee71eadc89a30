"""Real Tesseract on synthetic pages carrying real marks (training/synth/marked.py): a red seal painted
out, a received stamp and an e-signature overlay kept out of the text, a handwritten number flagged."""

from __future__ import annotations

import re

import pytest

from tests.ingest.conftest import PLAN
from thidua.ingest import TesseractEngine
from thidua.ingest.ocr import ocr_page
from thidua.training.synth.marked import marked_page

BLANK_PLAN = PLAN.replace("Số: 12/KH-UBND", "Số: /KH-UBND")


@pytest.fixture(scope="module")
def scanned():
    pytest.importorskip("pytesseract")
    made = marked_page(BLANK_PLAN, number="37", seed=1, finish="scan")
    return made, ocr_page(1, made.image, 300, TesseractEngine())


def test_seal_and_received_stamp_found_and_kept_out(scanned) -> None:
    _made, page = scanned
    kinds = [m.kind for m in page.marks]
    assert "seal" in kinds and "received" in kinds
    assert not re.search(r"CÔNG VĂN ĐẾN|Chuyển", page.text)
    received = next(m for m in page.marks if m.kind == "received")
    assert received.date == "2024-03-06"


def test_handwritten_number_is_right_or_flagged(scanned) -> None:
    _made, page = scanned
    match = re.search(r"Số:\s*(\S*)\s*/KH", page.text)
    assert match
    flagged = any(a <= match.start(1) < b for a, b in page.uncertain)
    assert flagged, f"number {match.group(1)!r} not flagged"


def test_body_text_survives_the_marks(scanned) -> None:
    _made, page = scanned
    assert "Thi đua đẩy mạnh cải cách hành chính" in page.text
