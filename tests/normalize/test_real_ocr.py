"""End to end on real Tesseract output: render a held-out-style paragraph, OCR it with eng and vie."""

from __future__ import annotations

import os
import shutil

import pytest

from thidua.normalize import restore
from thidua.training.metrics import score

TEXT = (
    "KẾ HOẠCH\n"
    "Tổ chức phong trào thi đua hoàn thành xuất sắc nhiệm vụ năm 2025\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "Động viên cán bộ, công chức, viên chức và người lao động nâng cao tinh thần trách nhiệm, "
    "khắc phục khó khăn, phấn đấu hoàn thành tốt các chỉ tiêu kinh tế - xã hội được giao. "
    "Việc khen thưởng phải bảo đảm công khai, dân chủ, chính xác và kịp thời.\n"
    "II. NỘI DUNG THI ĐUA\n"
    "Các cơ quan, đơn vị tập trung cải cách thủ tục hành chính, nâng cao chất lượng phục vụ người dân "
    "và doanh nghiệp, giữ vững an ninh chính trị và trật tự an toàn xã hội trên địa bàn."
)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_english_and_vietnamese_model_ocr_are_restored() -> None:
    from thidua._exec import tesseract
    from thidua.training.synth.render import render_text

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    page = render_text(TEXT)[0]
    eng = tesseract.image_to_text(page.image, lang="eng")
    vie = tesseract.image_to_text(page.image, lang="vie")
    assert score(page.text, eng)["syl_acc"] < 0.5  # the English model really garbles it
    assert score(page.text, restore(eng).text)["syl_acc"] >= 0.93
    assert score(page.text, restore(vie).text)["syl_acc"] >= score(page.text, vie)["syl_acc"]
