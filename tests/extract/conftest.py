"""A short authored plan body the body-field tests share (written for the tests, no real document)."""

from __future__ import annotations

import pytest

from thidua.extract import sections
from thidua.extract.text import Text

PLAN = """I. ĐỐI TƯỢNG
- Cán bộ, công chức các cơ quan cấp tỉnh;
- Học sinh các trường trung học.
II. CHỈ TIÊU
Phấn đấu 95% hộ gia đình đạt danh hiệu văn hóa; ít nhất 02 mô hình điểm và 03 mô hình mới mỗi huyện.
III. KINH PHÍ
Kinh phí thực hiện từ nguồn ngân sách tỉnh năm 2025.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ chủ trì theo dõi, tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/11/2025.
2. Ủy ban nhân dân các huyện triển khai kế hoạch; báo cáo sơ kết về Sở Nội vụ trước ngày 30/6 hằng năm.
"""


@pytest.fixture
def plan() -> tuple[Text, list[sections.Heading]]:
    """The plan as an extraction reads it, with its headings."""
    doc = Text(PLAN)
    return doc, sections.headings(doc)
