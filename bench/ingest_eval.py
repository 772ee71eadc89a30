"""CER of ingest + normalize vs plain `tesseract -l vie`, on clean renders and simulated scans.

Pages are rendered from held-out laws (every 10th file of ../shared/corpora/legal in sorted order,
the files the normalizer does not train on). Usage:
    python bench/ingest_eval.py [--pages 8] [--steps] [--workers 2]
--steps also measures each page-preparation step on the degraded pages (ablation).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import tempfile
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from thidua._exec import tesseract
from thidua.ingest import PrepOptions, TesseractEngine, ingest_file
from thidua.normalize import restore
from thidua.training.synth.degrade import Scan, degrade
from thidua.training.synth.render import render_text

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("THIDUA_SHARED", REPO.parent / "shared"))
NONE = PrepOptions(normalise_dpi=False, deskew=False)
TESS = TesseractEngine(thresholding=None)
VARIANTS = {  # label: (preparation, engine)
    "default": (PrepOptions(), TesseractEngine()),
    "none": (NONE, TESS),
    "dpi (upsample to 300)": (replace(NONE, normalise_dpi=True), TESS),
    "deskew": (replace(NONE, deskew=True), TESS),
    "denoise (median 3)": (replace(NONE, denoise=True), TESS),
    "binarise (Otsu)": (replace(NONE, binarise=True), TESS),
    "tesseract Sauvola": (NONE, TesseractEngine(thresholding=2)),
    "deskew + tesseract Sauvola": (replace(NONE, deskew=True), TesseractEngine(thresholding=2)),
}


def load_score():
    """The reference metric, ../shared/tools/score.py."""
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def held_out_pages(n: int) -> list[str]:
    """One page of gold text from each of `n` held-out laws, taken from a seeded offset."""
    files = sorted((SHARED / "corpora" / "legal").glob("*.txt"))[9::10]
    rng = random.Random(4)
    golds = []
    for path in files[:n]:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        start = rng.randrange(0, max(1, len(lines) - 60))
        golds.append(render_text("\n".join(lines[start : start + 60]))[0].text)
    return golds


def scan_for(i: int, harsh: bool = False) -> Scan:
    """Degradations spanning the target range: 150-200 dpi, blur, noise, 1-2 degree skew.

    `harsh`: beyond it, 150 dpi, 3-4.5 degree skew, heavier blur, noise and dust.
    """
    if harsh:
        rng = random.Random(500 + i)
        return Scan(
            dpi=150, skew=rng.choice((-1, 1)) * rng.uniform(3, 4.5), blur=1.0, noise=16, speckle=0.001, seed=i
        )
    rng = random.Random(100 + i)
    return Scan(
        dpi=rng.choice((150, 175, 200)),
        skew=rng.choice((-1, 1)) * rng.uniform(1.0, 2.0),
        blur=rng.uniform(0.5, 1.0),
        noise=rng.uniform(8.0, 16.0),
        seed=i,
    )


def make_pages(golds: list[str], folder: Path) -> list[tuple[str, Path, Path, Path]]:
    """(gold, clean png, degraded png, harshly degraded png) per page."""
    out = []
    for i, gold in enumerate(golds):
        page = render_text(gold)[0]
        clean, scanned, harsh = folder / f"clean-{i}.png", folder / f"scan-{i}.png", folder / f"harsh-{i}.png"
        page.image.save(clean, dpi=(300, 300))
        for path, scan in ((scanned, scan_for(i)), (harsh, scan_for(i, harsh=True))):
            degrade(page.image, scan).save(path, dpi=(scan.dpi, scan.dpi))
        out.append((page.text, clean, scanned, harsh))
    return out


def strip_marks(text: str) -> str:
    """Lower-case text without diacritics (đ folded)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def tone_oracle(gold: str, ocr: str) -> str:
    """The OCR text with every token that matches the gold up to diacritics replaced by the gold token:
    the best a perfect diacritic (tone) corrector could do, as a diagnostic."""
    g, o = gold.split(), ocr.split()
    out = list(o)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes([strip_marks(t) for t in g], [strip_marks(t) for t in o]):
        if tag == "equal":
            out[j1:j2] = g[i1:i2]
    return " ".join(out)


def pipeline_text(path: Path, prep: PrepOptions | None = None, engine=None) -> tuple[str, str]:
    """Ingest alone, and ingest + normalize."""
    text = ingest_file(path, prep=prep, engine=engine).text
    return text, restore(text).text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--steps", action="store_true", help="ablation of each preparation step")
    parser.add_argument("--harsh", action="store_true", help="also 150-dpi scans with 3-4.5 degree skew")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", type=Path, help="write gold, tesseract and pipeline texts here")
    args = parser.parse_args()
    if not (SHARED / "corpora" / "legal").is_dir():
        print(f"{SHARED}/corpora/legal not present", file=sys.stderr)
        return 1
    os.environ["OMP_THREAD_LIMIT"] = "1"
    score = load_score()
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(args.workers) as pool:
        pages = make_pages(held_out_pages(args.pages), Path(tmp))
        golds = [p[0] for p in pages]

        def cer(outputs) -> float:
            gold_all = "\n".join(golds)
            return score(gold_all, "\n".join(outputs))["cer"]

        sets = [("clean 300 dpi", 1), ("degraded scans", 2)] + [("harsh scans", 3)] * args.harsh
        for label, column in sets:
            paths = [str(p[column]) for p in pages]
            base = list(pool.map(tesseract.cli_text, paths))
            runs = list(pool.map(pipeline_text, map(Path, paths)))
            c_base, c_ing, c_norm = cer(base), cer([r[0] for r in runs]), cer([r[1] for r in runs])
            c_tone = cer([tone_oracle(g, r[0]) for g, r in zip(golds, runs, strict=True)])
            print(
                f"{label:15s} pages={len(paths)}  tesseract -l vie CER={c_base:.4f}  "
                f"ingest CER={c_ing:.4f}  ingest+normalize CER={c_norm:.4f}  "
                f"reduction vs tesseract={1 - c_norm / c_base if c_base else 0:.1%}  "
                f"(ingest with tone-only errors fixed: CER={c_tone:.4f})"
            )
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                kind = label.split()[0]
                for i, (gold, plain, (ingested, restored)) in enumerate(zip(golds, base, runs, strict=True)):
                    for name, text in (
                        ("gold", gold),
                        ("tesseract", plain),
                        ("ingest", ingested),
                        ("restored", restored),
                    ):
                        (args.save / f"{kind}-{i:02d}.{name}.txt").write_text(text, encoding="utf-8")
        if args.steps:
            paths = [p[2] for p in pages]
            for name, (prep, engine) in VARIANTS.items():
                runs = list(pool.map(pipeline_text, paths, [prep] * len(paths), [engine] * len(paths)))
                print(f"  prep {name:30s} ingest CER={cer([r[0] for r in runs]):.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
