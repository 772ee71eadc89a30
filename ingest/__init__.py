"""Ingest stage: turn PDFs, images, DOCX and legacy OCR text into Documents.

Public API: `ingest_file(path) -> Document`, `iter_input_files(paths)`, `sha256_file(path)`,
the `OcrEngine` protocol and its `TesseractEngine` implementation, `PrepOptions`.
"""

from __future__ import annotations

import errno
import hashlib
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from thidua.errors import InputFileError, LimitError, path_text
from thidua.ingest import images, pdf, plaintext, wordfile
from thidua.ingest.formats import SUFFIXES, sniff
from thidua.ingest.jobs import OcrJob, run_pages
from thidua.ingest.limits import Limits, env_name, size
from thidua.ingest.ocr_engine import OcrEngine, OcrResult, TesseractEngine
from thidua.ingest.prepare import PrepOptions
from thidua.ingest.quality import TextQuality, Verdict, judge, measure
from thidua.types import Document, Page, Provenance

__all__ = [
    "SUFFIXES",
    "Limits",
    "OcrEngine",
    "OcrResult",
    "PrepOptions",
    "TesseractEngine",
    "ingest_file",
    "input_problem",
    "iter_input_files",
    "sha256_file",
]


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes: the document's identity."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every entry below the folders named, in a stable order.

    Hidden entries are left out and links to folders are not followed; broken or looping links and
    special files are yielded too, so that the caller records them (see `input_problem`).
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if not p.name.startswith(".") and not p.is_dir())
        else:
            yield path


def input_problem(path: Path) -> str | None:
    """Why `path` cannot be read as an input file (missing, a broken or looping link, not a regular
    file), or None; checked before opening it, since opening a FIFO would wait forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "broken symbolic link (its target does not exist)" if path.is_symlink() else "no such file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "a folder"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, FIFO or socket)"
    return None


def ingest_file(
    path: Path,
    *,
    engine: OcrEngine | None = None,
    workers: int = 1,
    prep: PrepOptions | None = None,
    on_page: Callable[[Page], None] | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read one file into a Document with the best text per page and how it was obtained.

    Raises an InputFileError subclass naming the file and the reason for corrupt, encrypted,
    empty or unsupported input. `workers` > 1 OCRs the pages in that many processes;
    `on_page` is called as each page is finished (for progress bars). A file over one of the
    `limits` (default: `Limits.from_env()`) raises LimitError before the expensive step.
    """
    path = Path(path)
    limits = limits or Limits.from_env()
    fmt = sniff(path)
    engine = engine or TesseractEngine()
    if fmt == "txt":
        texts, encoding = plaintext.read_pages(path, limits.max_text_bytes)
        slots: list[Page | OcrJob] = [
            _text_page(i + 1, t, "legacy-text", notes=f"encoding {encoding}") for i, t in enumerate(texts)
        ]
    elif fmt == "docx":
        slots = [_text_page(i + 1, t, "docx") for i, t in enumerate(wordfile.read_pages(path, limits))]
    elif fmt == "pdf":
        slots = _pdf_slots(path, limits)
    else:
        slots = [OcrJob(i + 1, path, "image", i) for i in range(images.count_frames(path))]
    if len(slots) > limits.max_pages:
        raise LimitError(
            path_text(path),
            f"{len(slots)} pages, over the limit of {limits.max_pages} ({env_name('max_pages')})",
        )
    text_bytes = sum(len(s.text.encode()) for s in slots if isinstance(s, Page))
    if text_bytes > limits.max_text_bytes:
        raise LimitError(
            path_text(path),
            f"text of {size(text_bytes)}, over the limit of {size(limits.max_text_bytes)} "
            f"({env_name('max_text_bytes')})",
        )
    if any(isinstance(s, OcrJob) for s in slots):
        engine.version()  # a missing engine or model fails here, once, not per page
    pages = run_pages(slots, engine, prep or PrepOptions(), workers=workers, on_page=on_page)
    if not pages:
        raise InputFileError(path_text(path), "no pages")
    return Document(sha256=sha256_file(path), source_path=path_text(path), format=fmt, pages=pages)


def _text_page(
    number: int, text: str, method: str, notes: str | None = None, quality: TextQuality | None = None
) -> Page:
    quality = quality or measure(text)
    verdict = judge(quality)
    provenance = Provenance(
        method=method,  # type: ignore[arg-type]
        needs_restoration=verdict in (Verdict.garbled, Verdict.stripped),
        text_kind=quality.kind,
        notes="; ".join(n for n in (notes, f"text judged {verdict.value}") if n),
    )
    return Page(number=number, text=text, provenance=provenance)


def _pdf_slots(path: Path, limits: Limits) -> list[Page | OcrJob]:
    """Per page: keep a good text layer, re-OCR a garbled one over a scan, OCR a page without one."""
    slots: list[Page | OcrJob] = []
    for info in pdf.read_layers(path, max_pages=limits.max_pages):
        number = info.index + 1
        if not info.has_text:
            slots.append(OcrJob(number, path, "pdf", info.index, info.scale, notes="no text layer"))
            continue
        quality = measure(info.text)  # once: it decides the page and goes into its provenance
        verdict = judge(quality)
        layer = _text_page(number, info.text, "text-layer", quality=quality)
        layer.words = info.words
        if not info.has_image or (verdict in (Verdict.good, Verdict.empty) and not info.invisible_text):
            slots.append(layer)  # good as it is, or no scan to re-read: the normalizer restores it
        else:
            # Another program's OCR layer has no word confidences and reads handwriting as text:
            # re-read, the header's handwritten fields can then be flagged.
            source = " (another program's OCR over the scan)" if info.invisible_text else ""
            note = f"{verdict.value} text layer{source} replaced by OCR"
            slots.append(OcrJob(number, path, "pdf", info.index, info.scale, fallback=layer, notes=note))
    return slots
