"""Ingest throughput: a scanned PDF through `ingest_file` vs the `tesseract` CLI on the same page images.

Renders N pages (default 20) of held-out law text at 300 dpi, writes them as PNG files and as one
image-only PDF, then times, in this one run:
  baseline   `tesseract PAGE.png - -l vie` on each page, one after another (OMP_THREAD_LIMIT=1,
             Tesseract's fastest single-process setting here; --openmp-baseline also times the default)
  ingest w=1 ingest_file(pdf, workers=1): the same OCR plus the pipeline's own work (overhead)
  ingest w=N ingest_file(pdf, workers=N): pages in N processes
Usage: python bench/ingest_bench.py [--pages 20] [--workers 2] [--openmp-baseline]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from thidua._exec import tesseract
from thidua.ingest import ingest_file
from thidua.ingest.pdf import render_page
from thidua.training.synth.render import render_text, save_image_pdf

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("THIDUA_SHARED", REPO.parent / "shared"))
FALLBACK_TEXT = (
    "Ủy ban nhân dân tỉnh phát động phong trào thi đua hoàn thành thắng lợi nhiệm vụ phát triển "
    "kinh tế - xã hội, bảo đảm quốc phòng, an ninh năm 2025; các cơ quan, đơn vị, địa phương tổ chức "
    "thực hiện, định kỳ sơ kết, tổng kết và đề nghị khen thưởng kịp thời."
)


def page_images(n: int) -> list[Image.Image]:
    """n rendered pages of held-out laws (every 10th file) when ../shared is present."""
    files = sorted((SHARED / "corpora" / "legal").glob("*.txt"))[9::10]
    text = "\n".join(p.read_text(encoding="utf-8") for p in files[:3]) if files else FALLBACK_TEXT * 400
    return [page.image for page in render_text(text)[:n]]


def cpu_seconds() -> float:
    """CPU time of this process and of every finished child (Tesseract runs, pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(fn) -> tuple[float, float]:
    """Wall and CPU seconds of fn()."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    fn()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def cli_sequential(paths: list[Path], env: dict[str, str]) -> None:
    """The baseline: the tesseract command line on each page image in turn."""
    tesseract.require_language("vie")
    for path in paths:
        subprocess.run(["tesseract", str(path), "-", "-l", "vie"], env=env, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--openmp-baseline", action="store_true", help="also time tesseract's default")
    args = parser.parse_args()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    default_env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    runs = {
        "tesseract CLI, sequential": lambda pngs, pdf: cli_sequential(pngs, env),
        "ingest_file workers=1": lambda pngs, pdf: ingest_file(pdf, workers=1),
        f"ingest_file workers={args.workers}": lambda pngs, pdf: ingest_file(pdf, workers=args.workers),
    }
    if args.openmp_baseline:
        runs["tesseract CLI, sequential, OpenMP"] = lambda pngs, pdf: cli_sequential(pngs, default_env)
    totals = {label: [0.0, 0.0] for label in runs}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        images = page_images(args.pages)
        n = len(images)
        print(f"{n}-page scanned PDF, tesseract {tesseract.version()}, {os.cpu_count()} CPUs", flush=True)
        # Two halves, methods in opposite order: load from other processes drifts, this balances it.
        halves = [images[: n // 2], images[n // 2 :]]
        for h, half in enumerate(halves):
            pdf = folder / f"scan-{h}.pdf"
            save_image_pdf(half, pdf)
            pngs = []
            for i in range(len(half)):  # the very pixels the PDF holds (it stores JPEG)
                image, dpi = render_page(pdf, i, 300 / 72)
                pngs.append(folder / f"page-{h}-{i:02d}.png")
                image.save(pngs[-1], dpi=(dpi, dpi))
            for label in list(runs)[:: 1 if h == 0 else -1]:
                wall, cpu = measure(lambda fn=runs[label], p=pngs, d=pdf: fn(p, d))
                totals[label][0] += wall
                totals[label][1] += cpu
    for label, (wall, cpu) in totals.items():
        # Pool workers are children of the forkserver, not of this process: their CPU is not counted.
        shown = f"cpu {cpu:6.1f} s" if "workers=1" in label or "CLI" in label else "cpu   n/a"
        print(f"{label:36s} wall {wall:6.1f} s  {60 * n / wall:6.1f} pages/min   {shown}")
    base_wall, base_cpu = totals["tesseract CLI, sequential"]
    one_wall, one_cpu = totals["ingest_file workers=1"]
    many_wall = totals[f"ingest_file workers={args.workers}"][0]
    print(
        f"pipeline overhead, workers=1 vs CLI: wall {one_wall / base_wall - 1:+.1%}, "
        f"cpu {one_cpu / base_cpu - 1:+.1%}  (target < 10%)"
    )
    print(f"speed-up workers={args.workers} vs CLI: {base_wall / many_wall:.2f}x  (target >= 1.7x)")
    load = os.getloadavg()
    print(
        f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs "
        "(wall-clock ratios only mean something on an otherwise idle machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
