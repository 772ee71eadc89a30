"""Phone photos: the sheet found on its surround and warped flat, its light evened; scans left alone."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import cv2
import numpy as np
import pytest
from PIL import Image

from tests.ingest.conftest import PLAN, SECOND_PAGE
from thidua.ingest import TesseractEngine, photo
from thidua.ingest.ocr import ocr_page
from thidua.ingest.prepare import PrepOptions, prepare, to_gray
from thidua.training.synth import marks
from thidua.training.synth.degrade import Scan, degrade
from thidua.training.synth.marked import marked_page
from thidua.training.synth.render import render_text

BLANK_PLAN = PLAN.replace("Số: 12/KH-UBND", "Số: /KH-UBND")
OFF = PrepOptions(dewarp=False, flatten_light=False)


@pytest.fixture(scope="module")
def page():
    """A page of the tests' plan as rendered (300 dpi), and its text."""
    return render_text(PLAN + "\n" + SECOND_PAGE)[0]


@pytest.fixture(scope="module")
def photographed(page) -> Image.Image:
    """The page on a dark table, in steep perspective, lit from one side."""
    return marks.photo(page.image, seed=2, tilt=0.1, shadow=0.7)


def _syllable_errors(gold: str, text: str) -> int:
    """Syllables missed or spurious, order ignored (as bench/realscan_metrics.py counts them)."""
    g, o = (
        Counter(w.lower() for w in re.findall(r"\w+", unicodedata.normalize("NFC", t))) for t in (gold, text)
    )
    matched = sum((g & o).values())
    return sum(g.values()) + sum(o.values()) - 2 * matched


def test_photo_is_found_warped_and_lit_evenly(photographed) -> None:
    gray = to_gray(photographed)
    corrected = photo.correct(gray)
    assert corrected.steps[0] == "dewarp"
    assert any(step.startswith("flatten-light") for step in corrected.steps)
    h, w = corrected.gray.shape
    assert 1.25 < h / w < 1.6  # an A4 sheet again, not the frame
    assert corrected.dpi is not None and 250 <= corrected.dpi <= 350
    edges = [corrected.gray[:20], corrected.gray[-20:], corrected.gray[:, :20], corrected.gray[:, -20:]]
    assert all(np.median(edge) > 200 for edge in edges)  # no table left along the sides
    assert photo.unevenness(corrected.gray) < photo.unevenness(photo.dewarp(gray, photo.find_sheet(gray)))


def test_corners_fall_on_the_sheet(page) -> None:
    w, h = page.image.size
    border = 100
    canvas = Image.new("L", (w + 2 * border, h + 2 * border), 50)
    canvas.paste(
        page.image.convert("L"), (border, border)
    )  # a flat sheet on a table, photographed straight on
    corners = photo.find_sheet(np.asarray(canvas))
    assert corners is not None
    expected = [(border, border), (border + w, border), (border + w, border + h), (border, border + h)]
    assert np.abs(corners - np.array(expected)).max() < 0.01 * h


def test_ocr_is_better_after_correction(page, photographed) -> None:
    pytest.importorskip("pytesseract")
    engine = TesseractEngine()
    before = ocr_page(1, photographed, 300, engine, OFF)
    after = ocr_page(1, photographed, 300, engine)
    assert "dewarp" in after.provenance.notes and "flatten-light" in after.provenance.notes
    errors_before, errors_after = (_syllable_errors(page.text, p.text) for p in (before, after))
    assert errors_after < 0.5 * errors_before, (errors_before, errors_after)


@pytest.fixture(scope="module")
def rendered() -> Image.Image:
    text = "\n".join(["Phong trào thi đua yêu nước của cán bộ, chiến sĩ và nhân dân toàn tỉnh."] * 30)
    return render_text(text)[0].image


@pytest.mark.parametrize("scan", [None, Scan(dpi=200, skew=1.5, blur=0.8, noise=12, seed=4)])
def test_scans_pass_through_unchanged(rendered, scan) -> None:
    image = rendered if scan is None else degrade(rendered, scan)
    gray = to_gray(image)
    assert photo.find_sheet(gray) is None
    assert photo.unevenness(gray) < photo.UNEVEN
    corrected = photo.correct(gray)
    assert corrected.steps == () and corrected.dpi is None and corrected.gray is gray
    prepared, off = prepare(image, 200), prepare(image, 200, OFF)
    assert prepared.steps == off.steps
    assert np.array_equal(np.asarray(prepared.image), np.asarray(off.image))


def test_marked_scan_is_not_a_photo() -> None:
    made = marked_page(BLANK_PLAN, number="37", seed=2, finish="scan")  # a seal, stamps, an overlay
    assert photo.correct(to_gray(made.image)).steps == ()


@pytest.mark.parametrize(
    "gray",
    [
        np.full((1200, 900), 255, np.uint8),  # all white
        np.zeros((1200, 900), np.uint8),  # all black
        np.full((3, 5), 128, np.uint8),  # tiny
        np.zeros((1, 1), np.uint8),
        np.random.default_rng(0).integers(0, 256, (600, 400), dtype=np.uint8),  # noise
    ],
    ids=["white", "black", "tiny", "one-pixel", "noise"],
)
def test_degenerate_images_do_not_crash(gray) -> None:
    corrected = photo.correct(gray)
    assert corrected.gray.shape == gray.shape and corrected.steps == ()


def test_shapes_that_are_not_sheets() -> None:
    triangle = np.full((1000, 800), 40, np.uint8)
    cv2.fillConvexPoly(triangle, np.array([[100, 900], [700, 900], [400, 100]], np.int32), 250)
    assert photo.find_sheet(triangle) is None
    blank_sheet = np.full((1000, 800), 40, np.uint8)
    blank_sheet[150:850, 120:680] = 240  # a blank sheet on a table: found, and warping it does not fail
    corrected = photo.correct(blank_sheet)
    assert corrected.steps[:1] == ("dewarp",) and corrected.gray.min() >= 200


def test_a_cropped_photo_is_only_flattened(rendered) -> None:
    gray = to_gray(rendered).astype(np.float32)
    ramp = np.linspace(0.55, 1.0, gray.shape[1], dtype=np.float32)  # lit from the right, no table around
    shaded = (gray * ramp).astype(np.uint8)
    corrected = photo.correct(shaded)
    assert len(corrected.steps) == 1 and corrected.steps[0].startswith("flatten-light")
    assert corrected.dpi is None and corrected.gray.shape == shaded.shape
    assert photo.unevenness(corrected.gray) < 1.05


def test_a_dark_band_along_a_scan_is_not_a_sheet_edge(rendered) -> None:
    gray = to_gray(rendered).copy()
    gray[int(0.85 * gray.shape[0]) :] = 30  # a dark footer band (or a scanner's lid shadow) across the page
    assert photo.find_sheet(gray) is None
