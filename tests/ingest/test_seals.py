"""Round seals found by shape on grayscale pages (ingest/seals.py): a black seal on a synthetic page, the
arc of a faded one on a real scan; none on pages without one."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.ingest.conftest import PLAN
from thidua.ingest import layout, pdf
from thidua.ingest.prepare import prepare
from thidua.training.synth import marks
from thidua.training.synth.render import render_text

SHARED = Path(os.environ.get("THIDUA_SHARED", Path(__file__).resolve().parents[3] / "shared"))
DOCS = SHARED / "realscans" / "nom-vn" / "docs"


def _plan(image, dpi: int = 300) -> layout.Plan:
    return layout.plan_page(np.asarray(prepare(image, dpi).image))


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over union of two boxes."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def _real(name: str) -> layout.Plan:
    path = DOCS / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"real scans not available ({path} missing)")
    image, dpi = pdf.render_page(path, 0, pdf.read_layers(path)[0].scale)
    return _plan(image, dpi)


@pytest.mark.parametrize(("at", "painted"), [(0.4, True), (0.8, False)])
def test_black_seal_found_and_painted_out_above_the_signature(at: float, painted: bool) -> None:
    header = "\n".join(PLAN.splitlines()[:7])  # the seal lands on blank paper below it
    page = render_text(header, dpi=300)[0].image.convert("RGB")
    w, h = page.size
    sealed, drawn = marks.seal(page, (int(0.7 * w), int(at * h)), int(0.09 * w), (25, 25, 25))
    plan = _plan(sealed.convert("L"))
    assert len(plan.seals) == 1 and _overlap(plan.seals[0], drawn.box) > 0.8
    left, top, bw, bh = drawn.box
    left_ink = (plan.gray[top : top + bh, left : left + bw] < 128).mean()
    assert (left_ink < 0.02) == painted  # over a signature a seal is marked, not painted out


def test_no_seal_on_a_plain_page() -> None:
    assert _plan(render_text(PLAN, dpi=300)[0].image).seals == []


def test_faded_seal_arc_over_the_title_of_a_real_scan() -> None:
    plan = _real("real_qd_707_ttg")
    assert len(plan.seals) == 1
    left, top, _w, _h = plan.seals[0]
    assert top < 0.3 * plan.gray.shape[0] and left < 0.5 * plan.gray.shape[1]  # over the header, left


@pytest.mark.parametrize(
    "name", ["real_hanoi_qd_2280_water", "real_hanoi_tb_453_flag", "real_tt_37_bca_vehicle"]
)
def test_no_seal_on_real_pages_without_one(name: str) -> None:
    assert _real(name).seals == []
