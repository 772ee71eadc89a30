"""Real scans: plain `tesseract -l vie` vs the pipeline (ingest + restore), measured in one run.

For each page of ../shared/realscans with a transcription (nom-vn: docs/*.pdf page 1 and gt/*_p1.txt;
danang: *.jpg and *_gt.txt, machine-made) prints whitespace-normalised CER, bag-of-syllables F1, line-matched
CER, and seconds per page for both; per folder, the syllable-error ratio (pipeline / plain, lower is better)
and the time ratio, of wall time and of CPU time (this process's and its children's: steadier on a shared
machine). Page images are cached under build/realscan/ (the plain baseline OCRs the same pixels the pipeline
reads). Usage:
    OMP_THREAD_LIMIT=1 python bench/realscan_eval.py [--folder nom-vn] [--show] [--run-all]
--run-all also runs `thidua run` over every realscans file (a temporary database) and lists failures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from thidua._exec import tesseract
from thidua.ingest import images, ingest_file, pdf
from thidua.normalize import restore

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("THIDUA_SHARED", REPO.parent / "shared"))
REALSCANS = SHARED / "realscans"
CACHE = REPO / "build" / "realscan"


def _metrics():
    spec = importlib.util.spec_from_file_location(
        "realscan_metrics", Path(__file__).with_name("realscan_metrics.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["realscan_metrics"] = module
    spec.loader.exec_module(module)
    return module


M = _metrics()


@dataclass(frozen=True)
class Sample:
    """One transcribed page: its folder, source file (page 1) and transcription."""

    folder: str
    source: Path
    gold: Path

    @property
    def name(self) -> str:
        return self.source.stem


def samples(root: Path = REALSCANS) -> list[Sample]:
    """Every realscans page that has a transcription."""
    found = []
    for gold in sorted((root / "nom-vn" / "gt").glob("*_p1.txt")):
        source = root / "nom-vn" / "docs" / (gold.name.removesuffix("_p1.txt") + ".pdf")
        if source.exists():
            found.append(Sample("nom-vn", source, gold))
    for gold in sorted((root / "danang").glob("*_gt.txt")):
        source = gold.with_name(gold.name.removesuffix("_gt.txt") + ".jpg")
        if source.exists():
            found.append(Sample("danang", source, gold))
    return found


def page_image(sample: Sample) -> Path:
    """Page 1 as the pipeline reads it, cached as PNG for the plain baseline."""
    path = CACHE / sample.folder / f"{sample.name}.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        if sample.source.suffix == ".pdf":
            info = pdf.read_layers(sample.source)[0]
            image, dpi = pdf.render_page(sample.source, 0, info.scale)
        else:
            image, dpi = images.load_frame(sample.source, 0)
        image.save(path, dpi=(dpi, dpi))
    return path


@dataclass(frozen=True)
class Row:
    """One page's figures for one system."""

    cer: float
    line_cer: float
    bag: object  # realscan_metrics.BagScore
    seconds: float
    cpu: float


def measure(gold: str, out: str, seconds: float, cpu: float) -> Row:
    """All the measures of one output."""
    return Row(M.cer(gold, out), M.line_cer(gold, out), M.bag_score(gold, out), seconds, cpu)


def cpu_seconds() -> float:
    """CPU time so far of this process and its finished children (Tesseract runs in either)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_plain(sample: Sample) -> tuple[str, float, float]:
    """`tesseract PAGE.png - -l vie`, its wall time and CPU time."""
    image = page_image(sample)
    start, cpu = time.perf_counter(), cpu_seconds()
    text = tesseract.cli_text(str(image))
    return text, time.perf_counter() - start, cpu_seconds() - cpu


def run_pipeline(sample: Sample) -> tuple[str, float, float]:
    """ingest_file + restore of the source, page 1, the wall time and CPU time."""
    start, cpu = time.perf_counter(), cpu_seconds()
    document = ingest_file(sample.source)
    text = restore(document.pages[0].text).text
    return text, time.perf_counter() - start, cpu_seconds() - cpu


def _cer(row: Row) -> float:
    return row.cer


def _line_cer(row: Row) -> float:
    return row.line_cer


def _f1(row: Row) -> float:
    return row.bag.f1


def _means(items: list[tuple[str, Row, Row]], key) -> tuple[float, float]:
    """Mean of `key` over the plain and the pipeline rows."""
    n = max(1, len(items))
    return sum(key(p) for _, p, _ in items) / n, sum(key(q) for _, _, q in items) / n


def report(rows: dict[str, list[tuple[str, Row, Row]]]) -> None:
    """Per page and per folder figures."""
    print(f"{'page':32} {'CER':>13} {'lineCER':>13} {'bagF1':>11} {'syl err':>9} {'sec':>11}")
    for folder, items in rows.items():
        print(f"-- {folder}  (plain → pipeline)")
        for name, plain, pipe in items:
            print(
                f"{name[:32]:32} {plain.cer:6.3f}→{pipe.cer:6.3f} {plain.line_cer:6.3f}→{pipe.line_cer:6.3f} "
                f"{plain.bag.f1:5.3f}→{pipe.bag.f1:5.3f} {plain.bag.errors:4d}→{pipe.bag.errors:4d} "
                f"{plain.seconds:5.2f}→{pipe.seconds:5.2f}"
            )
        n = len(items)
        c, lc, f1 = (_means(items, key) for key in (_cer, _line_cer, _f1))
        err = (sum(p.bag.errors for _, p, _ in items), sum(q.bag.errors for _, _, q in items))
        sec = (sum(p.seconds for _, p, _ in items), sum(q.seconds for _, _, q in items))
        cpu = (sum(p.cpu for _, p, _ in items), sum(q.cpu for _, _, q in items))
        print(
            f"{folder}: {n} pages  CER {c[0]:.3f}→{c[1]:.3f}  line CER {lc[0]:.3f}→{lc[1]:.3f}  "
            f"bag F1 {f1[0]:.3f}→{f1[1]:.3f}  syllable errors {err[0]}→{err[1]} "
            f"(ratio {err[1] / max(1, err[0]):.2f})  s/page {sec[0] / n:.2f}→{sec[1] / n:.2f} "
            f"(ratio {sec[1] / max(1e-9, sec[0]):.2f})  CPU s/page {cpu[0] / n:.2f}→{cpu[1] / n:.2f} "
            f"(ratio {cpu[1] / max(1e-9, cpu[0]):.2f})"
        )


def run_all(root: Path) -> int:
    """`thidua run` over every realscans file into a throw-away database; prints failures."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [
            str(Path(sys.executable).with_name("thidua")),
            "run",
            str(root),
            "--db",
            f"{tmp}/r.db",
            "--jobs",
            "1",
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    failed = [ln for ln in done.stdout.splitlines() if ln.startswith("failed")]
    print(done.stdout[-4000:], done.stderr[-2000:], "every failure:", *failed, sep="\n")
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folder", help="only this realscans folder (nom-vn or danang)")
    parser.add_argument("--show", action="store_true", help="write both outputs under build/realscan/out/")
    parser.add_argument("--run-all", action="store_true", help="also `thidua run` every realscans file")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if not REALSCANS.is_dir():
        print(f"no real scans at {REALSCANS}", file=sys.stderr)
        return 2
    rows: dict[str, list[tuple[str, Row, Row]]] = {}
    for sample in samples():
        if args.folder and sample.folder != args.folder:
            continue
        gold = sample.gold.read_text(encoding="utf-8")
        plain, plain_s, plain_cpu = run_plain(sample)
        pipe, pipe_s, pipe_cpu = run_pipeline(sample)
        if args.show:
            out = CACHE / "out"
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{sample.name}.plain.txt").write_text(plain, encoding="utf-8")
            (out / f"{sample.name}.pipeline.txt").write_text(pipe, encoding="utf-8")
        rows.setdefault(sample.folder, []).append(
            (sample.name, measure(gold, plain, plain_s, plain_cpu), measure(gold, pipe, pipe_s, pipe_cpu))
        )
    report(rows)
    return run_all(REALSCANS) if args.run_all else 0


if __name__ == "__main__":
    sys.exit(main())
