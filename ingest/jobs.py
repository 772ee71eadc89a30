"""Pages that need OCR, described so a worker process can load and recognise them on its own."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from thidua import lifeline
from thidua.ingest import images, pdf
from thidua.ingest.ocr import ocr_page
from thidua.ingest.ocr_engine import OcrEngine
from thidua.ingest.prepare import PrepOptions
from thidua.ingest.quality import measure
from thidua.types import Page


@dataclass(frozen=True)
class OcrJob:
    """One page to rasterise (PDF) or load (image frame) and OCR."""

    number: int  # 1-based page number in the document
    path: Path
    kind: str  # "pdf" or "image"
    index: int  # 0-based page or frame
    scale: float = 300 / 72  # PDF only: pixels per point
    fallback: Page | None = None  # the text layer's page, kept if OCR finds far less text
    notes: str | None = None


def run_job(job: OcrJob, engine: OcrEngine, options: PrepOptions) -> Page:
    """Load, prepare and OCR one page."""
    if job.kind == "pdf":
        image, dpi = pdf.render_page(job.path, job.index, job.scale)
    else:
        image, dpi = images.load_frame(job.path, job.index)
    page = ocr_page(job.number, image, dpi, engine, options, notes=job.notes)
    if job.fallback is not None and measure(page.text).tokens < 0.5 * measure(job.fallback.text).tokens:
        note = "re-OCR found far less text than the text layer; kept the layer"
        return replace(job.fallback, provenance=replace(job.fallback.provenance, notes=note))
    return page


def _context() -> multiprocessing.context.BaseContext:
    """forkserver, as the pipeline uses: forking a parent that holds PDFium or OpenMP state is unsafe.

    The server preloads this module once, so each worker starts as a cheap fork of it.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def _init_worker(owner: int) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per process; processes use the cores
    lifeline.bind(owner)  # never outlive the process that started the pool


def run_pages(
    slots: Sequence[Page | OcrJob],
    engine: OcrEngine,
    options: PrepOptions,
    workers: int = 1,
    on_page: Callable[[Page], None] | None = None,
) -> list[Page]:
    """Resolve every slot to a Page, OCR jobs in `workers` processes; keeps page order."""
    jobs = [s for s in slots if isinstance(s, OcrJob)]
    done: dict[int, Page] = {}
    if workers > 1 and len(jobs) > 1:
        n = min(workers, len(jobs))
        with ProcessPoolExecutor(
            max_workers=n, mp_context=_context(), initializer=_init_worker, initargs=(os.getpid(),)
        ) as pool:
            futures = [pool.submit(run_job, job, engine, options) for job in jobs]
            try:
                for job, future in zip(jobs, futures, strict=True):
                    done[job.number] = future.result()
                    if on_page:
                        on_page(done[job.number])
            except BaseException:
                lifeline.stop(pool)  # one failed page fails the document: stop the rest now
                raise
    else:
        for job in jobs:
            done[job.number] = run_job(job, engine, options)
            if on_page:
                on_page(done[job.number])
    pages = []
    for slot in slots:
        if isinstance(slot, OcrJob):
            pages.append(done[slot.number])
        else:
            pages.append(slot)
            if on_page:
                on_page(slot)
    return pages
