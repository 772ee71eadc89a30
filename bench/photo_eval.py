"""Phone-photo correction (ingest/photo.py): Tesseract on synthetic photographed pages with it off and on,
and what it does to the real scans (nothing, and how little time that costs).

Synthetic pages: the repo's own sample plans and the ingest tests' plan, page 1 of each, "plain" (as
rendered) or "marked" (training/synth/marked.py: a handwritten number, a received stamp, a seal and an
e-signature overlay), photographed by training/synth/marks.photo (dark table, perspective, a lighting
ramp, blur) in three conditions: "default" (its defaults), "low" (the same photo at half size, about
150 dpi once the sheet is found) and "harsh" (steeper perspective, deeper shadow). Marked pages, whose
errors are mostly the marks' handling rather than the photo's, are measured in "default" only. "flat" is
the page not photographed: what the correction can at best get back to. Dev seeds tuned the detector's
thresholds; held-out seeds were only measured. Each page goes through `ocr_page` (layout, stamps,
seals) with Tesseract `vie`; figures are the order-insensitive syllable errors / bag F1 and the
whitespace-folded CER of bench/realscan_metrics.py.

Real scans (../shared/realscans pages with a transcription, as bench/realscan_eval.py caches them):
the detector's verdict, whether the prepared page is pixel-identical with the correction off and on,
and the detection's time against the same page's OCR time, measured in the same run; then the detector
over every page of every realscans file. Usage:
    OMP_THREAD_LIMIT=1 python bench/photo_eval.py [--seeds 1] [--kinds plain,marked] [--skip-real]
        [--skip-synthetic]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image

from thidua.ingest import TesseractEngine, images, pdf, photo
from thidua.ingest.ocr import ocr_page
from thidua.ingest.prepare import PrepOptions, prepare, to_gray
from thidua.training.synth import marks
from thidua.training.synth.marked import marked_page
from thidua.training.synth.render import render_text
from thidua.training.synth.samples import authored_plans

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
from tests.ingest.conftest import PLAN  # noqa: E402  (the ingest tests' own plan text)

OFF = PrepOptions(dewarp=False, flatten_light=False)
VARIANTS = {
    "off": OFF,
    "dewarp": replace(OFF, dewarp=True),
    "dewarp+flatten": replace(OFF, dewarp=True, flatten_light=True),
    "dewarp+flatten+dpi": replace(OFF, dewarp=True, flatten_light=True, normalise_dpi=True),
}
DEV_SEEDS = 0
HELD_OUT_SEEDS = 100


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


M = _load("realscan_metrics")


@dataclass(frozen=True)
class Score:
    """One OCR output against its gold text."""

    errors: int
    f1: float
    cer: float
    seconds: float
    steps: str


def texts() -> dict[str, str]:
    """The texts photographed: the repo's sample plans and the ingest tests' plan (blank number)."""
    found = dict(authored_plans())
    found["tests-plan"] = PLAN.replace("Số: 12/KH-UBND", "Số: /KH-UBND")
    return found


# (page kind, photo condition, variants measured): marked pages carry stamps, a seal and an overlay,
# whose handling (not the photo's) makes most of their errors, so they are measured in one condition.
RUNS = (
    ("plain", "default", ("off", "dewarp", "dewarp+flatten")),
    ("plain", "low", ("off", "dewarp+flatten", "dewarp+flatten+dpi")),
    ("plain", "harsh", ("off", "dewarp", "dewarp+flatten")),
    ("marked", "default", ("off", "dewarp", "dewarp+flatten")),
)


def flat_page(text: str, seed: int, kind: str) -> tuple[Image.Image, str]:
    """The page before it is photographed, and its gold text: page 1 as rendered, or with its marks."""
    if kind == "marked":
        made = marked_page(text, number="37", seed=seed, finish="gray")
        return made.image, made.text
    page = render_text(text)[0]
    return page.image, page.text


def photographed(flat: Image.Image, seed: int, condition: str) -> Image.Image:
    """The page photographed: marks.photo's defaults, at half size ("low"), or steeper and darker."""
    tilt, shadow = (0.1, 0.7) if condition == "harsh" else (0.06, 0.45)  # harsh, or marks.photo's defaults
    image = marks.photo(flat, seed, tilt, shadow)
    if condition == "low":
        image = image.resize((image.width // 2, image.height // 2), Image.Resampling.LANCZOS)
    image.info.pop("dpi", None)  # a phone photo's header says nothing about the page's resolution
    return image


def score(image: Image.Image, gold: str, options: PrepOptions, engine: TesseractEngine) -> Score:
    """OCR the page as ingest would (the file's resolution estimated) and measure it."""
    start = time.perf_counter()
    page = ocr_page(1, image, images.frame_dpi(image), engine, options)
    seconds = time.perf_counter() - start
    bag = M.bag_score(gold, page.text)
    steps = page.provenance.notes.split("prep: ")[-1]
    return Score(bag.errors, bag.f1, M.cer(gold, page.text), seconds, steps)


def _summary(label: str, totals: dict[str, list[Score]]) -> None:
    for variant, rows in totals.items():
        n = len(rows)
        print(
            f"{label}: {variant:20} {n:2d} pages  syllable errors {sum(r.errors for r in rows):5d}  "
            f"bag F1 {sum(r.f1 for r in rows) / n:.3f}  CER {sum(r.cer for r in rows) / n:.3f}  "
            f"s/page {sum(r.seconds for r in rows) / n:.2f}"
        )


def synthetic(seeds: int, kinds: tuple[str, ...]) -> None:
    """Per split, page kind and photo condition: syllable errors, bag F1 and CER of each variant, and of
    the flat page it was photographed from."""
    engine = TesseractEngine()
    for split, first in (("dev", DEV_SEEDS), ("held-out", HELD_OUT_SEEDS)):
        for kind in kinds:
            flats = {
                (name, seed): flat_page(text, seed, kind)
                for name, text in texts().items()
                for seed in range(first, first + seeds)
            }
            flat_scores = {key: score(image, gold, OFF, engine) for key, (image, gold) in flats.items()}
            for run_kind, condition, variants in RUNS:
                if run_kind != kind:
                    continue
                label = f"{split} {kind} {condition}"
                print(f"-- {label}")
                totals: dict[str, list[Score]] = {"flat": list(flat_scores.values())}
                for (name, seed), (flat, gold) in flats.items():
                    image = photographed(flat, seed, condition)
                    row = [f"flat {flat_scores[name, seed].errors:4d}"]
                    for variant in variants:
                        result = score(image, gold, VARIANTS[variant], engine)
                        totals.setdefault(variant, []).append(result)
                        row.append(f"{variant} {result.errors:4d} {result.cer:.3f}")
                    steps = totals["dewarp+flatten"][-1].steps
                    print(f"{name[:28]:28} s{seed:<3d} " + " | ".join(row) + f"   [{steps}]", flush=True)
                _summary(label, totals)


def real(realscan) -> None:
    """The real scans (`realscan`: bench/realscan_eval.py): verdict, pixel identity with the correction
    off, detection time / OCR time."""
    engine = TesseractEngine()
    print(f"{'page':30} {'verdict':18} {'same pixels':>11} {'detect ms':>9} {'OCR s':>6} {'ratio':>7}")
    detect_total, ocr_total = 0.0, 0.0
    for sample in realscan.samples():
        image, dpi = images.load_frame(realscan.page_image(sample), 0)
        gray = to_gray(image)
        start = time.perf_counter()
        corrected = photo.correct(gray)
        detect = time.perf_counter() - start
        same = np.array_equal(
            np.asarray(prepare(image, dpi).image), np.asarray(prepare(image, dpi, OFF).image)
        )
        start = time.perf_counter()
        ocr_page(1, image, dpi, engine, OFF)
        ocr = time.perf_counter() - start
        detect_total, ocr_total = detect_total + detect, ocr_total + ocr
        verdict = " ".join(corrected.steps) or "not a photo"
        print(
            f"{sample.folder + '/' + sample.name:30.30} {verdict:18} {same!s:>11} {detect * 1000:9.1f} "
            f"{ocr:6.2f} {detect / ocr:7.2%}"
        )
    ratio = detect_total / ocr_total
    print(f"real scans: detection {detect_total * 1000:.0f} ms for {ocr_total:.1f} s of OCR ({ratio:.2%})")
    every_page(realscan.REALSCANS)


def every_page(root: Path) -> None:
    """The detector over every page of every realscans file (no OCR): pages it would change."""
    pages, changed, worst = 0, [], 1.0
    for path in sorted(root.rglob("*")):
        if path.suffix == ".pdf":
            frames = [pdf.render_page(path, i, info.scale)[0] for i, info in enumerate(pdf.read_layers(path))]
        elif path.suffix in (".jpg", ".png", ".tif", ".tiff"):
            frames = [images.load_frame(path, 0)[0]]
        else:
            continue
        for i, frame in enumerate(frames):
            gray = to_gray(frame)
            pages += 1
            worst = max(worst, photo.unevenness(gray))
            if steps := photo.correct(gray).steps:
                changed.append(f"{path.relative_to(root)} p{i + 1}: {' '.join(steps)}")
    print(
        f"every realscans page: {pages} pages, {len(changed)} taken for photos, "
        f"highest unevenness {worst:.3f}"
    )
    for line in changed:
        print("  ", line)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=1, help="photos per text and split")
    parser.add_argument("--skip-real", action="store_true", help="only the synthetic photos")
    parser.add_argument("--skip-synthetic", action="store_true", help="only the real scans")
    parser.add_argument("--kinds", default="plain,marked", help="synthetic page kinds: plain, marked")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if not args.skip_synthetic:
        synthetic(args.seeds, tuple(args.kinds.split(",")))
    if not args.skip_real:
        realscan = _load("realscan_eval")
        if realscan.REALSCANS.is_dir():
            real(realscan)
        else:
            print("no real scans found (THIDUA_SHARED)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
