"""Reading order of born-digital text layers: header and closing columns apart, blocks apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from thidua.ingest import ingest_file

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="DejaVu fonts are not installed")

# (x, y from the top, text) in points on an A4 page; a fictional commune's notice written for this test.
LAYOUT = [
    (70, 60, "ỦY BAN NHÂN DÂN"),
    (300, 60, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    (70, 75, "XÃ AN PHÚ"),
    (330, 75, "Độc lập - Tự do - Hạnh phúc"),
    (80, 98, "Số: 7/TB-UBND"),
    (320, 98, "An Phú, ngày 3 tháng 5 năm 2024"),
    (250, 150, "THÔNG BÁO"),
    (215, 168, "Về việc nghỉ lễ Quốc khánh"),
    (90, 205, "Ủy ban nhân dân xã thông báo lịch nghỉ lễ Quốc khánh năm nay đến các cơ quan, đơn vị"),
    (70, 221, "trên địa bàn xã và đề nghị các đơn vị bố trí trực theo đúng quy định hiện hành của nhà"),
    (70, 237, "nước./."),
    (70, 280, "Nơi nhận:"),
    (360, 280, "TM. ỦY BAN NHÂN DÂN"),
    (70, 294, "- Các thôn;"),
    (390, 296, "CHỦ TỊCH"),
    (70, 308, "- Lưu: VT."),
    (380, 360, "Trần Văn Bình"),
]


def _pdf(path: Path, layout: list[tuple[int, int, str]]) -> Path:
    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT)))
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("DejaVuSerif", 10)
    for x, y, text in layout:
        pdf.drawString(x, 842 - y, text)
    pdf.save()
    return path


@pytest.fixture
def text(tmp_path: Path) -> str:
    return ingest_file(_pdf(tmp_path / "notice.pdf", LAYOUT)).pages[0].text


def test_header_columns_are_read_one_after_the_other(text: str) -> None:
    lines = text.splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "XÃ AN PHÚ", "Số: 7/TB-UBND"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines[3:5]
    assert text.index("Độc lập") < text.index("An Phú, ngày") < text.index("THÔNG BÁO")


def test_title_and_body_are_blocks_apart(text: str) -> None:
    assert "Về việc nghỉ lễ Quốc khánh\n\nỦy ban nhân dân xã" in text
    assert "trên địa bàn xã" in text and "quy định hiện hành của nhà\nnước./." in text


def test_recipients_come_before_the_signer(text: str) -> None:
    tail = text[text.index("Nơi nhận:") :]
    assert tail.splitlines()[:3] == ["Nơi nhận:", "- Các thôn;", "- Lưu: VT."]
    assert tail.index("- Lưu: VT.") < tail.index("TM. ỦY BAN NHÂN DÂN") < tail.index("Trần Văn Bình")


def test_a_two_column_table_in_the_body_stays_row_by_row(tmp_path: Path) -> None:
    rows = [(70, 400 + 16 * i, f"Thôn {i}") for i in range(1, 4)] + [
        (360, 400 + 16 * i, f"{i * 10} hộ") for i in range(1, 4)
    ]
    text = ingest_file(_pdf(tmp_path / "table.pdf", LAYOUT[:6] + rows)).pages[0].text
    assert "Thôn 1 10 hộ\nThôn 2 20 hộ\nThôn 3 30 hộ" in text
