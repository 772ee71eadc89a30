"""The Tesseract wrapper: version, words with boxes, confidences, OSD, missing models."""

from __future__ import annotations

import pytest
from PIL import Image

from thidua._exec import tesseract
from thidua.errors import MissingDependencyError
from thidua.training.synth.render import render_text
from thidua.types import Word

TEXT = "Ủy ban nhân dân tỉnh ban hành kế hoạch phát động phong trào thi đua năm 2025."


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return render_text("\n".join([TEXT] * 6))[0].image.crop((0, 0, 2480, 900))


def test_version_is_tesseract_5():
    assert tesseract.version().startswith("5.")


def test_words_have_boxes_and_confidences(page):
    text, words = tesseract.image_to_words(page, lang="vie", dpi=300)
    assert TEXT in text
    assert len(text.splitlines()) >= 6
    assert all(w.width > 0 and w.height > 0 for w in words)
    assert tesseract.mean_confidence(words) > 85


def test_mean_confidence_ignores_non_words():
    words = [Word("a", 0, 0, 1, 1, 90.0), Word("b", 0, 0, 1, 1, -1.0)]
    assert tesseract.mean_confidence(words) == 90.0
    assert tesseract.mean_confidence([]) is None


def test_osd_detects_a_page_on_its_side():
    upright = render_text("\n".join([TEXT] * 30))[0].image
    assert tesseract.orientation(upright) == 0
    assert tesseract.orientation(upright.rotate(90, expand=True)) == 90


def test_missing_model_is_a_clear_error():
    with pytest.raises(MissingDependencyError, match="tesseract-ocr-xyz"):
        tesseract.require_language("vie+xyz")


def test_tesseract_runs_single_threaded(monkeypatch):
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    tesseract.single_threaded()
    import os

    assert os.environ["OMP_THREAD_LIMIT"] == "1"


def test_the_library_reads_as_the_program_does(page, monkeypatch):
    in_process = tesseract.image_to_lines(page.convert("L"), lang="vie", dpi=300, thresholding=2)
    monkeypatch.setenv(tesseract.SUBPROCESS_ENV, "1")
    tesseract._library.cache_clear()
    try:
        program = tesseract.image_to_lines(page.convert("L"), lang="vie", dpi=300, thresholding=2)
    finally:
        monkeypatch.undo()
        tesseract._library.cache_clear()
    assert tesseract._library() is not None
    assert in_process == program
