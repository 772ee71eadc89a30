"""The main job: ingest → normalize → extract → store, for a batch of files."""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from thidua import lifeline
from thidua.errors import StorageError, ThiduaError, path_text
from thidua.extract import extract
from thidua.ingest import ingest_file, input_problem, iter_input_files, sha256_file
from thidua.ingest.limits import time_limit
from thidua.normalize import restore
from thidua.outcomes import Duplicate, Failure, Item, RunSummary, Skipped, Stored
from thidua.types import Document, Processed, RestoredText

__all__ = [
    "Duplicate",
    "Failure",
    "Item",
    "Options",
    "Processed",
    "RunSummary",
    "Skipped",
    "Stored",
    "complete",
    "process_file",
    "run",
]

if TYPE_CHECKING:
    from thidua.ingest import OcrEngine, PrepOptions
    from thidua.normalize.restorer import Settings

log = logging.getLogger(__name__)

SMALL_BATCH = 8
"""Batches of fewer documents run in this process: a worker's start-up (imports and models, ~3 s of
CPU) cost more than it saved (3 to 6 sample files on 2 cores: slower than one process)."""


@dataclass(frozen=True)
class Options:
    """How the stages run: the OCR engine, page preparation and the restorer's knobs (None: defaults).

    Picklable, since documents run in worker processes."""

    engine: OcrEngine | None = None
    prep: PrepOptions | None = None
    restore: Settings | None = None
    lexicon: tuple[str, ...] | None = None  # confirmed names and places; None: the store's (run reads it)


def failure_reason(exc: Exception) -> str:
    """What a failure record says: a typed error's reason, else the unexpected exception named."""
    if isinstance(exc, ThiduaError):
        return getattr(exc, "reason", None) or str(exc)
    return f"unexpected {type(exc).__name__}: {exc}"


def process_file(
    path: Path, ingest_only: bool = False, page_workers: int = 1, options: Options | None = None
) -> Processed:
    """Carry one file through ingest, then normalize and extract unless `ingest_only` (no storage);
    within the per-document wall-time limit (THIDUA_MAX_DOCUMENT_SECONDS)."""
    options = options or Options()
    name = path_text(path)
    with time_limit(name):
        started = time.monotonic()
        document = ingest_file(path, engine=options.engine, prep=options.prep, workers=page_workers)
        log.debug("%s: ingested (%d p) in %.1f s", name, len(document.pages), time.monotonic() - started)
        if ingest_only:
            return Processed(document)
        started = time.monotonic()
        processed = complete(document, options)
        log.debug("%s: restored and extracted in %.1f s", name, time.monotonic() - started)
        return processed


def restore_document(
    document: Document, settings: Settings | None = None, lexicon: Sequence[str] = ()
) -> tuple[RestoredText, list[tuple[int, int]]]:
    """A document's text restored page by page as ingest judged each page, and the spans OCR was unsure
    of, mapped into the restored text."""
    kinds = [page.provenance.text_kind for page in document.pages]
    restored = restore(document.text, settings, kinds, lexicon)
    return restored, [restored.map_span(start, end) for start, end in document.uncertain_spans()]


def complete(document: Document, options: Options | None = None) -> Processed:
    """Normalize and extract an ingested document; text OCR was unsure of is passed on as uncertain spans."""
    options = options or Options()
    restored, uncertain = restore_document(document, options.restore, options.lexicon or ())
    return Processed(document, restored, extract(restored.text, uncertain=uncertain))


def store_result(
    store, summary: RunSummary, path: Path, digest: str | None, get: Callable[[], Processed]
) -> int:
    """Store what `get` produces, or record why it failed; returns the pages stored (0 on failure).

    Raises StorageError when the database cannot even record the failure: the run must stop.
    """
    try:
        processed = get()
        store.save(processed.document, processed.restored, processed.extraction)
    except Exception as exc:  # one bad file must never stop the batch
        if isinstance(exc, BrokenProcessPool):
            reason = "the worker process crashed while reading this file"
        else:
            reason = failure_reason(exc)
        failure = Failure(str(path), reason, digest)
        store.record_failure(failure.path, failure.reason, failure.sha256)
        summary.add(failure)
        return 0
    summary.add(Stored.of(processed))
    return len(processed.document.pages)


def resume(
    todo: list[tuple[Path, str | None]],
    store,
    summary: RunSummary,
    on_done: Callable[[int], None] | None = None,
    options: Options | None = None,
) -> list[tuple[Path, str | None]]:
    """Complete the documents an earlier `ingest` stored from their stored pages (no second OCR);
    returns the files that still need ingesting."""
    rest = []
    for path, digest in todo:
        document = store.document(digest) if digest else None
        if document is None:
            rest.append((path, digest))
            continue
        pages = store_result(store, summary, path, digest, functools.partial(complete, document, options))
        if on_done:
            on_done(pages)
    return rest


def default_workers(files: int | None = None) -> int:
    """Processes to use: every core the process may run on, but one for a batch of fewer than
    SMALL_BATCH `files` (the pages of a single document are still spread over the cores)."""
    cores = max(1, len(os.sched_getaffinity(0)))
    return 1 if files is not None and 1 < files < SMALL_BATCH else cores


def pending(
    paths: Iterable[Path], store, summary: RunSummary, *, force: bool = False, ingest_only: bool = False
) -> list[tuple[Path, str | None]]:
    """Input files still to process, with their SHA-256; skipped and unreadable ones go in `summary`.

    A full run also takes documents that an earlier `ingest` stored without an extraction (see `resume`).
    """
    done = store.has_document if ingest_only else store.has_extraction
    todo: list[tuple[Path, str | None]] = []
    seen: dict[str, str] = {}
    for path in iter_input_files(paths):
        problem = input_problem(path)
        if problem is None:
            try:
                digest = sha256_file(path)
            except OSError as exc:
                problem = f"cannot read: {exc.strerror or exc}"
        if problem is not None:
            failure = Failure(str(path), problem)
            store.record_failure(failure.path, failure.reason)
            summary.add(failure)
            continue
        if digest in seen:
            summary.add(Duplicate(path_text(path), seen[digest]))
            continue
        seen[digest] = path_text(path)
        if not force and done(digest):
            summary.add(Skipped(path_text(path)))
            continue
        todo.append((path, digest))
    return todo


def run(
    paths: Iterable[Path],
    store,
    *,
    force: bool = False,
    ingest_only: bool = False,
    workers: int | None = None,
    options: Options | None = None,
    on_done: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_item: Callable[[Item], None] | None = None,
) -> RunSummary:
    """Process every input file and store the results; one bad file never stops the batch.

    Files whose SHA-256 is already stored are skipped unless `force` is set. `workers` (default: see
    `default_workers`) processes run the documents. `on_item` hears of each input as soon as it is
    stored, skipped or failed; `on_done` gets the number of pages of each finished file (0 when it
    failed). When the database stays unreachable past its retries, the run stops and
    `summary.stopped` says why (a re-run resumes).
    """
    summary = RunSummary(on_item=on_item)
    options = options or Options()
    try:
        if options.lexicon is None and not ingest_only:  # restoration prefers what reviewers confirmed
            options = replace(options, lexicon=tuple(store.user_lexicon().entries()))
        _run(paths, store, summary, force, ingest_only, workers, options, on_done, on_total)
    except StorageError as exc:
        summary.stopped = str(exc)
    return summary


def _run(
    paths: Iterable[Path],
    store,
    summary: RunSummary,
    force: bool,
    ingest_only: bool,
    workers: int | None,
    options: Options,
    on_done: Callable[[int], None] | None,
    on_total: Callable[[int], None] | None,
) -> None:
    todo = pending(paths, store, summary, force=force, ingest_only=ingest_only)
    if on_total:
        on_total(len(todo))
    if not ingest_only and not force:
        todo = resume(todo, store, summary, on_done, options)

    def finish(path: Path, digest: str | None, get: Callable[[], Processed]) -> None:
        pages = store_result(store, summary, path, digest, get)
        if on_done:
            on_done(pages)

    n_workers = workers or default_workers(len(todo))
    if len(todo) <= 1 or n_workers <= 1:
        # One document: its pages are spread over the processes instead.
        page_workers = workers or default_workers()
        for path, digest in todo:
            finish(path, digest, functools.partial(process_file, path, ingest_only, page_workers, options))
        return
    crashed = _run_pool(todo, ingest_only, options, min(n_workers, len(todo)), finish)
    for path, digest in crashed:
        # A crash takes down every task in flight; re-run each alone to find the file that caused it.
        _run_pool([(path, digest)], ingest_only, options, 1, finish, retry=False)


def _run_pool(
    todo: list[tuple[Path, str | None]],
    ingest_only: bool,
    options: Options,
    n_workers: int,
    finish: Callable[[Path, str | None, Callable[[], Processed]], None],
    retry: bool = True,
) -> list[tuple[Path, str | None]]:
    """Process files in worker processes; returns those lost to a worker crash when `retry` is set."""
    crashed: list[tuple[Path, str | None]] = []
    # forkserver: forking a parent that already holds PDFium or OpenMP threads can crash the child.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        max_workers=n_workers, mp_context=context, initializer=lifeline.bind, initargs=(os.getpid(),)
    ) as pool:
        futures = {
            pool.submit(process_file, path, ingest_only, 1, options): (path, digest) for path, digest in todo
        }
        try:
            for future in as_completed(futures):
                path, digest = futures[future]
                if retry and isinstance(future.exception(), BrokenProcessPool):
                    crashed.append((path, digest))
                else:
                    finish(path, digest, future.result)
        except BaseException:  # stopping (database gone, interrupted): end the workers, do not wait
            lifeline.stop(pool)
            raise
    return crashed
