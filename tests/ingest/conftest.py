"""Fixtures for ingest tests: a short plan text written for the tests, and a fake OCR engine."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field

import pytest
from PIL import Image

from thidua.ingest.ocr_engine import OcrResult
from thidua.types import Word

# Written for these tests (a fictional commune's plan); not taken from any real document.
PLAN = """ỦY BAN NHÂN DÂN XÃ HÒA BÌNH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/KH-UBND
Hòa Bình, ngày 5 tháng 3 năm 2024
KẾ HOẠCH
Tổ chức phong trào thi đua chào mừng ngày thành lập xã
Căn cứ Luật Thi đua, khen thưởng năm 2022;
I. MỤC ĐÍCH, YÊU CẦU
Động viên cán bộ, công chức và nhân dân trong xã tích cực lao động sản xuất,
giữ gìn an ninh trật tự, xây dựng nông thôn mới kiểu mẫu.
II. NỘI DUNG THI ĐUA
1. Thi đua hoàn thành tốt nhiệm vụ chính trị được giao.
2. Thi đua đẩy mạnh cải cách hành chính, nâng cao chất lượng phục vụ người dân."""

SECOND_PAGE = """III. KHEN THƯỞNG
Chủ tịch Ủy ban nhân dân xã tặng Giấy khen cho tập thể và cá nhân có thành tích xuất sắc.
IV. TỔ CHỨC THỰC HIỆN
Văn phòng xã theo dõi, tổng hợp kết quả và báo cáo trước ngày 30 tháng 11 năm 2024."""


@pytest.fixture
def plan_text() -> str:
    """A one-page plan in correct Vietnamese."""
    return PLAN


@pytest.fixture
def second_page() -> str:
    """A second page of the same plan."""
    return SECOND_PAGE


@pytest.fixture
def needs_qpdf() -> str:
    """Path of qpdf, or skip."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf not installed")
    return qpdf


@dataclass
class FakeEngine:
    """An OCR engine that returns fixed text and records the images it saw."""

    text: str = "Kế hoạch thi đua năm 2024 của Ủy ban nhân dân xã Hòa Bình"
    confidence: float = 91.0
    name: str = "fake"
    language: str = "vie"
    seen: list[tuple[tuple[int, int], int | None]] = field(default_factory=list)

    def version(self) -> str:
        return "0.0"

    def recognize(self, image: Image.Image, dpi: int | None = None) -> OcrResult:
        self.seen.append((image.size, dpi))
        words = [Word(w, 0, 0, 10, 10, self.confidence) for w in self.text.split()]
        return OcrResult(self.text, words, self.confidence)

    def orientation(self, image: Image.Image) -> int:
        return 0


@pytest.fixture
def fork_workers(monkeypatch) -> None:
    """Page workers forked from the test process, so they see FakeEngine and monkeypatches
    (forkserver workers cannot import test modules)."""
    import multiprocessing

    from thidua.ingest import jobs

    monkeypatch.setattr(jobs, "_context", lambda: multiprocessing.get_context("fork"))


@pytest.fixture
def fake_engine() -> FakeEngine:
    """A fresh FakeEngine."""
    return FakeEngine()
