"""Spread a batch over a Dask cluster: one task per document, results stored as they complete.

Each task runs ingest → normalize → extract on a worker and returns the result; the client writes it
through the corpus layer (with PostgreSQL the workers write it themselves), idempotent by document hash,
so a task re-run after its worker died never duplicates a document. Input errors come back as failure
values (no retry); unexpected exceptions are retried `retries` times; a task whose worker dies is re-run
elsewhere, up to the scheduler's `distributed.scheduler.allowed-failures` deaths. The CLI imports this
module only for --cluster/--workers, so the plain path never loads Dask.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import logging
import os
import resource
import socket
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from thidua.errors import ClusterError, MissingDependencyError, StorageError, ThiduaError, path_text
from thidua.pipeline import (
    Failure,
    Item,
    Processed,
    RunSummary,
    Stored,
    failure_reason,
    pending,
    process_file,
    resume,
)

try:
    from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, as_completed
    from distributed.utils import CancelledError
except ImportError as exc:  # pragma: no cover - the `cluster` extra is not installed
    raise MissingDependencyError("Dask is not installed: pip install 'thidua[cluster]'") from exc

BYTES_LIMIT = 4 << 20
"""Inputs up to this size may travel to the workers as bytes; larger ones are read from a shared path."""
RETRIES = 2
"""Re-runs of a task that raised unexpectedly (worker deaths are counted by the scheduler instead)."""
IN_FLIGHT_PER_THREAD = 4
"""Tasks submitted ahead per worker thread: keeps workers busy while bounding client and scheduler memory."""
CONNECT_TIMEOUT = 30
"""Seconds to wait for the scheduler, and for it to have at least one worker."""


@dataclass(frozen=True)
class Task:
    """One document to process on a worker."""

    source: str  # the path as given to the client: the stored source_path
    path: str  # the absolute path, read by the worker when `data` is None
    sha256: str | None
    data: bytes | None = None  # the file's bytes for small inputs; None: the worker reads `path`
    ingest_only: bool = False
    db_url: str | None = None  # set: the worker stores the result itself (PostgreSQL)


@dataclass
class Outcome:
    """What a worker made of a task: the processed document, or the reason it cannot be processed."""

    source: str
    sha256: str | None
    processed: Processed | None
    reason: str | None
    seconds: float  # time spent in the task on the worker
    worker: str  # host:pid
    stored: bool = False  # the worker already saved it to the database
    cpu_seconds: float = 0.0  # CPU time of the task, its OCR subprocesses included
    write_error: str | None = None  # why the worker could not store it (the client then does)

    @property
    def pages(self) -> int:
        """Pages in the processed document (0 for a failure)."""
        return len(self.processed.document.pages) if self.processed else 0


def process_task(task: Task) -> Outcome:
    """Run one document through the pipeline on a worker; input errors become a failure value."""
    start, cpu = time.perf_counter(), _cpu_seconds()
    worker = f"{socket.gethostname()}:{os.getpid()}"
    try:
        processed = _process(task)
    except ThiduaError as exc:
        reason = failure_reason(exc)
        if task.data is None and not Path(task.path).exists():
            reason += f" (on worker {worker}: inputs read by path must be shared by every worker)"
        seconds = time.perf_counter() - start
        return Outcome(
            task.source, task.sha256, None, reason, seconds, worker, cpu_seconds=_cpu_seconds() - cpu
        )
    stored, write_error = False, None
    if task.db_url:  # idempotent by document hash: a re-run after a worker died rewrites the same row
        try:
            _worker_store(task.db_url).save(processed.document, processed.restored, processed.extraction)
            stored = True
        except ThiduaError as exc:  # a worker that cannot reach the database leaves the saving to the client
            write_error = str(exc)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    sha256 = processed.document.sha256
    return Outcome(task.source, sha256, processed, None, seconds, worker, stored, cpu, write_error)


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (Tesseract runs)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _process(task: Task) -> Processed:
    """The pipeline on the task's file, or on its bytes written to a temporary file of the same name."""
    if task.data is None:
        processed = process_file(Path(task.path), task.ingest_only)
    else:
        with tempfile.TemporaryDirectory(prefix="thidua-") as tmp:
            local = Path(tmp) / Path(task.path).name  # same name and suffix: sniffing checks both
            local.write_bytes(task.data)
            processed = process_file(local, task.ingest_only)
    processed.document = dataclasses.replace(processed.document, source_path=task.source)
    return processed


@functools.cache
def _worker_store(url: str):
    """One store (connection pool) per worker process."""
    from thidua.corpus import open_store

    return open_store(url)


def warm_up(ingest_only: bool = False) -> float:
    """Load the per-process models (normalizer language model, extractor lexicons); returns the seconds."""
    start = time.perf_counter()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per worker thread
    if not ingest_only:
        from thidua.extract import extract
        from thidua.normalize import restore

        extract(restore("Số: 1/KH-UBND\nKẾ HOẠCH").text)
    return time.perf_counter() - start


def worker_status(dask_worker) -> dict:
    """For `client.run`: this worker's pid, the keys it is executing and its model warm-up seconds."""
    return {
        "pid": os.getpid(),
        "executing": [ts.key for ts in dask_worker.state.executing],
        "warm_up_seconds": getattr(dask_worker, "thidua_warm_up_seconds", None),
    }


class WarmUp(WorkerPlugin):
    """Worker plugin: load the models once when a worker starts (or restarts), not inside a task."""

    name = "thidua-warm-up"
    idempotent = True

    def __init__(self, ingest_only: bool = False) -> None:
        self.ingest_only = ingest_only

    def setup(self, worker) -> None:
        worker.thidua_warm_up_seconds = warm_up(self.ingest_only)


@contextlib.contextmanager
def connect(address: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a new loopback cluster of `workers` processes."""
    cluster = None
    try:
        if address:
            client = Client(address, timeout=CONNECT_TIMEOUT)
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError as exc:
                client.close()
                raise ClusterError(
                    f"{address}: the scheduler has no workers (waited {CONNECT_TIMEOUT} s)"
                ) from exc
        else:
            cluster = LocalCluster(
                n_workers=workers or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",  # the HTTP endpoints (health, metrics): loopback, any port
                silence_logs=logging.ERROR,  # e.g. the nanny's notes when an interrupt stops a busy worker
                env={"OMP_THREAD_LIMIT": "1"},
            )
            client = Client(cluster, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, RuntimeError) as exc:  # RuntimeError: a local worker failed to start
        if cluster is not None:
            cluster.close()
        where = address or f"a local cluster of {workers} workers"
        raise ClusterError(f"cannot connect to {where}: {exc}") from exc
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def make_task(
    path: Path, sha256: str | None, ingest_only: bool, bytes_limit: int, db_url: str | None = None
) -> Task:
    """The task for one input: with its bytes when at most `bytes_limit`, else by (absolute) path."""
    absolute = path.absolute()
    data = absolute.read_bytes() if bytes_limit > 0 and absolute.stat().st_size <= bytes_limit else None
    return Task(path_text(path), str(absolute), sha256, data, ingest_only, db_url)


def run(
    paths: Iterable[Path],
    store,
    *,
    address: str | None = None,
    workers: int | None = None,
    client: Client | None = None,
    force: bool = False,
    ingest_only: bool = False,
    bytes_limit: int | None = None,
    worker_writes: bool | None = None,
    retries: int = RETRIES,
    on_total: Callable[[int], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    on_item: Callable[[Item], None] | None = None,
) -> RunSummary:
    """Process every input on a cluster and store the results as they complete; skips stored documents.

    Uses `client` if given, else connects to `address`, else starts a loopback cluster of `workers`
    processes. `bytes_limit` (default BYTES_LIMIT with `address`, 0 otherwise) sends inputs up to that
    size as bytes; larger ones must be readable at the same absolute path on every worker.
    `worker_writes` (default: when the store is PostgreSQL) has workers save results themselves, so
    the database URL must then reach the database from every worker. `on_item` hears of each input as
    soon as it is stored, skipped or failed.
    """
    summary = RunSummary(on_item=on_item)
    todo = pending(paths, store, summary, force=force, ingest_only=ingest_only)
    if not ingest_only and not force:  # documents an earlier `ingest` stored: completed here, no OCR
        todo = resume(todo, store, summary)
    if on_total:
        on_total(len(todo))
    if not todo:
        return summary
    if bytes_limit is None:
        bytes_limit = BYTES_LIMIT if address and client is None else 0
    if worker_writes is None:
        worker_writes = store.backend.name == "postgresql"  # a server every worker can reach itself
    db_url = store.engine.url.render_as_string(hide_password=False) if worker_writes else None
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(connect(address, workers))
        client.register_plugin(WarmUp(ingest_only))
        try:
            for path, outcome in _drive(client, todo, ingest_only, bytes_limit, db_url, retries):
                _finish(store, summary, path, outcome)
                if on_done:
                    on_done(outcome)
        except StorageError as exc:  # the database cannot even record a failure: stop, a re-run resumes
            summary.stopped = str(exc)
    return summary


def _drive(
    client: Client,
    todo: list[tuple[Path, str | None]],
    ingest_only: bool,
    bytes_limit: int,
    db_url: str | None,
    retries: int,
) -> Iterator[tuple[Path, Outcome]]:
    """Submit tasks in a bounded window and yield each outcome as it completes (in completion order)."""
    queue = iter(todo)
    inputs: dict[str, tuple[Path, str | None]] = {}
    done = as_completed()
    run_id = uuid.uuid4().hex[:12]  # fresh keys: never pick up another run's result
    numbers = itertools.count()

    def top_up() -> Iterator[tuple[Path, Outcome]]:
        """Submit inputs until the window (which grows as workers join) is full; unreadable ones fail here."""
        window = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        while len(inputs) < window:
            item = next(queue, None)
            if item is None:
                return
            path, sha256 = item
            try:
                task = make_task(path, sha256, ingest_only, bytes_limit, db_url)
            except OSError as exc:
                yield path, Outcome(str(path), sha256, None, f"cannot read: {exc.strerror or exc}", 0.0, "")
                continue
            key = f"thidua-{run_id}-{next(numbers)}-{(sha256 or '')[:16]}"
            future = client.submit(process_task, task, key=key, retries=retries)
            inputs[key] = (path, sha256)
            done.add(future)

    try:
        yield from top_up()
        for future in done:
            path, sha256 = inputs.pop(future.key)
            yield path, _outcome(future, path, sha256)
            future.release()
            yield from top_up()
    except BaseException:  # interrupted: cancel what is left; stored documents are skipped on re-run
        client.cancel(list(done.futures))
        raise


def _outcome(future: Future, path: Path, sha256: str | None) -> Outcome:
    """The task's outcome, or a failure for a task that raised after its retries or kept killing workers."""
    try:
        return future.result()
    except CancelledError as exc:  # the scheduler was lost or restarted: stop; a re-run resumes
        raise ClusterError(f"the cluster cancelled the run ({exc}); run again to resume") from exc
    except KilledWorker as exc:
        reason = f"its worker died {exc.allowed_failures + 1} times while processing it"
    except Exception as exc:
        reason = failure_reason(exc)
    return Outcome(str(path), sha256, None, reason, 0.0, "")


def _finish(store, summary: RunSummary, path: Path, outcome: Outcome) -> None:
    """Store a processed document, or record the failure; a storage error fails that document only,
    unless the failure cannot be recorded either (StorageError: the database is gone)."""
    if outcome.processed is not None:
        processed = outcome.processed
        try:
            if not outcome.stored:
                store.save(processed.document, processed.restored, processed.extraction)
            summary.add(Stored.of(processed))
            return
        except ThiduaError as exc:
            outcome.reason = str(exc)
    failure = Failure(str(path), outcome.reason or "unknown failure", outcome.sha256)
    store.record_failure(failure.path, failure.reason, failure.sha256)
    summary.add(failure)
