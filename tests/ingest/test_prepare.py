"""Page preparation: skew estimation, DPI handling, and the degradations that test it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from thidua.ingest.prepare import PrepOptions, estimate_skew, prepare, rescale, to_gray
from thidua.training.synth import marks
from thidua.training.synth.degrade import Scan, degrade
from thidua.training.synth.render import render_text


@pytest.fixture(scope="module")
def page_image() -> Image.Image:
    text = "\n".join(["Phong trào thi đua yêu nước của cán bộ, chiến sĩ và nhân dân toàn tỉnh."] * 25)
    return render_text(text)[0].image


@pytest.mark.parametrize("skew", [-2.0, -1.2, 0.0, 1.5, 3.0])
def test_estimate_skew_recovers_the_angle(page_image, skew):
    scanned = degrade(page_image, Scan(dpi=200, skew=skew, noise=10, seed=3))
    assert estimate_skew(to_gray(scanned)) == pytest.approx(-skew, abs=0.15)


def test_blank_page_has_no_skew():
    assert estimate_skew(np.full((800, 600), 255, np.uint8)) == 0.0


def test_prepare_deskews_and_keeps_resolution(page_image):
    scanned = degrade(page_image, Scan(dpi=150, skew=1.5, seed=1))
    prepared = prepare(scanned, 150)
    assert prepared.dpi == 150 and prepared.image.size == scanned.size
    assert prepared.skew == pytest.approx(-1.5, abs=0.15)
    assert any(step.startswith("deskew") for step in prepared.steps)


def test_optional_steps(page_image):
    prepared = prepare(page_image, 150, PrepOptions(normalise_dpi=True, deskew=False, binarise=True))
    assert prepared.dpi == 300 and prepared.image.width == page_image.width * 2
    assert set(np.unique(np.asarray(prepared.image))) <= {0, 255}


def test_rescale_leaves_300_dpi_alone():
    gray = np.zeros((10, 10), np.uint8)
    assert rescale(gray, 300)[0] is gray


def test_to_gray_flattens_alpha_on_white():
    rgba = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    assert to_gray(rgba).min() == 255


def test_degrade_sets_resolution_and_rotation(page_image):
    scanned = degrade(page_image, Scan(dpi=150, rotation=90))
    assert scanned.info["dpi"] == (150, 150)
    assert scanned.width > scanned.height  # turned on its side
    again = degrade(page_image, Scan(dpi=150, rotation=90))
    assert np.array_equal(np.asarray(scanned), np.asarray(again))  # seeded: reproducible


def test_prepare_dewarps_a_photo_and_says_so(page_image):
    photographed = marks.photo(page_image, seed=1)
    prepared = prepare(photographed, 96)
    assert prepared.steps[:2] == ("gray", "dewarp")
    assert 250 <= prepared.dpi <= 350  # the sheet's own resolution, not the file header's
    off = prepare(photographed, 96, PrepOptions(dewarp=False, flatten_light=False))
    assert not any(step.startswith(("dewarp", "flatten")) for step in off.steps)
    assert off.image.size == photographed.size and off.dpi == 96
