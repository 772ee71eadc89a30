"""The Python API: what the `thidua` command does, as calls (`import thidua; thidua.run(...)`).

Every stage is imported on first call, so importing this module (or `thidua`) stays cheap. `db` is a
SQLite path, a database URL (postgresql://…) or an open `Store`; None means $THIDUA_DB, else
campaigns.db in the working directory. Failures raise the typed errors of `thidua.errors`.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from thidua.errors import InputFileError, StorageError, UsageError

if TYPE_CHECKING:
    from thidua.corpus import SearchHit, Store
    from thidua.corpus.filters import SearchFilters
    from thidua.ingest import OcrEngine, PrepOptions
    from thidua.normalize.restorer import Settings
    from thidua.outcomes import Item, RunSummary
    from thidua.types import Extraction, Processed, RestoredText

DEFAULT_DB = "campaigns.db"
EXPORT_FORMATS = ("jsonl", "csv", "parquet")

PathArg = str | os.PathLike[str]


def db_url(db: str | os.PathLike[str] | None = None) -> str:
    """The database a call uses: `db`, else $THIDUA_DB, else campaigns.db here."""
    return os.fspath(db) if db else os.environ.get("THIDUA_DB") or DEFAULT_DB


def open_store(
    db: str | os.PathLike[str] | None = None, *, read_only: bool = False, must_exist: bool = False
) -> Store:
    """Open (creating on first use) the store at a SQLite path or database URL; close it when done.

    `must_exist` refuses a SQLite file that is not there; `read_only` works on one it cannot write."""
    from thidua.corpus import open_store as open_url

    url = db_url(db)
    if must_exist and "://" not in url and not Path(url).exists():
        raise StorageError(f"{url}: no such database (run `thidua run PATH --db {url}` first)")
    return open_url(url, read_only=read_only)


@contextlib.contextmanager
def _using(db: Store | PathArg | None, **how: bool) -> Iterator[Store]:
    """The store `db` names, closed afterwards when opened here (an open Store is left open)."""
    if db is not None and not isinstance(db, str | os.PathLike):
        yield db
        return
    store = open_store(db, **how)
    try:
        yield store
    finally:
        store.close()


def _options(engine: OcrEngine | None, prep: PrepOptions | None, settings: Settings | None):
    from thidua.pipeline import Options

    return Options(engine=engine, prep=prep, restore=settings)


def run(
    paths: PathArg | Iterable[PathArg],
    *,
    db: Store | PathArg | None = None,
    force: bool = False,
    ingest_only: bool = False,
    jobs: int | None = None,
    engine: OcrEngine | None = None,
    prep: PrepOptions | None = None,
    settings: Settings | None = None,
    cluster: str | None = None,
    cluster_workers: int | None = None,
    on_item: Callable[[Item], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> RunSummary:
    """The main job (`thidua run`): ingest → restore → extract → store every file under `paths`.

    Stored documents are skipped unless `force`; `ingest_only` stores pages only (`thidua ingest`).
    `jobs`: local processes (default: by batch size). `cluster` (a Dask scheduler address) or
    `cluster_workers` (a local Dask cluster) run it on Dask. A named path that does not exist raises
    InputFileError before the database is touched; a bad file inside is recorded and the batch goes on.
    `on_item` hears of each input as it is stored, skipped or failed, `on_total` of the number to
    process, `on_done` of each processed file's pages.
    """
    named = [Path(paths)] if isinstance(paths, str | os.PathLike) else [Path(p) for p in paths]
    missing = [p for p in named if not p.exists() and not p.is_symlink()]
    if missing:
        raise InputFileError(", ".join(map(str, missing)), "no such file or folder")
    if cluster and cluster_workers:
        raise UsageError("a cluster address and a local cluster size are alternatives; give one")
    distributed = bool(cluster or cluster_workers)
    if distributed and (engine or prep or settings or jobs):
        raise UsageError("engine, prep, settings and jobs apply to local runs, not to a cluster")
    with _using(db) as store:
        if distributed:
            from thidua import cluster as dask_run

            return dask_run.run(
                named,
                store,
                address=cluster,
                workers=cluster_workers,
                force=force,
                ingest_only=ingest_only,
                on_total=on_total,
                on_done=(lambda outcome: on_done(outcome.pages)) if on_done else None,
                on_item=on_item,
            )
        from thidua import pipeline

        return pipeline.run(
            named,
            store,
            force=force,
            ingest_only=ingest_only,
            workers=jobs,
            options=_options(engine, prep, settings),
            on_done=on_done,
            on_total=on_total,
            on_item=on_item,
        )


def process(
    path: PathArg,
    *,
    ingest_only: bool = False,
    jobs: int = 1,
    engine: OcrEngine | None = None,
    prep: PrepOptions | None = None,
    settings: Settings | None = None,
) -> Processed:
    """One file through ingest → restore → extract, nothing stored: `.document`, `.restored`, `.extraction`.

    `jobs` processes OCR its pages. Raises an InputFileError subclass for a file it cannot read."""
    from thidua import pipeline

    return pipeline.process_file(Path(path), ingest_only, jobs, _options(engine, prep, settings))


def restore(text: str, settings: Settings | None = None) -> RestoredText:
    """Restore OCR-garbled or accent-stripped Vietnamese (`thidua normalize`); lines and page breaks kept."""
    from thidua.normalize import restore as restore_text

    return restore_text(text, settings)


def extract(text: str, *, restored: bool = False, settings: Settings | None = None) -> Extraction:
    """A plan's fields (`thidua extract`): `.record`, valid against extract/schema.json.

    The text is restored first unless `restored` says it already is."""
    from thidua.extract import extract as extract_fields

    if not restored:
        text = restore(text, settings).text
    return extract_fields(text)


def search(
    query: str,
    *,
    db: Store | PathArg | None = None,
    filters: SearchFilters | None = None,
    limit: int = 20,
    **by: Any,
) -> list[SearchHit]:
    """Ranked full-text search (`thidua search`), with or without diacritics; `-word` excludes a word.

    Narrow it with `filters` or the same fields as keywords (province=…, year=…, award=…, …)."""
    from dataclasses import replace

    from thidua.corpus.filters import SearchFilters

    try:
        wanted = replace(filters or SearchFilters(), **by)
    except TypeError as exc:
        raise UsageError(f"search filters: {exc}") from exc
    with _using(db, must_exist=True, read_only=True) as store:
        return store.search(query, wanted, limit=limit)


def export(
    fmt: str = "jsonl",
    output: PathArg | IO[bytes] | None = None,
    *,
    db: Store | PathArg | None = None,
    since: int | None = None,
) -> list[Path]:
    """Write the dataset (`thidua export`): JSONL records, or CSV/Parquet tables in a folder.

    `output`: a file or folder (default: build/export), "-" for stdout, or a binary stream (jsonl
    only). `since` (jsonl only) keeps the documents changed after that sequence number. Returns the
    files written (none for a stream)."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r} ({', '.join(EXPORT_FORMATS)})")
    if since is not None and fmt != "jsonl":
        raise UsageError("`since` needs the jsonl format")
    stream = sys.stdout.buffer if output == "-" else output
    if stream is not None and not isinstance(stream, str | os.PathLike):
        if fmt != "jsonl":
            raise UsageError(f"{fmt} is a folder of tables; only jsonl can go to a stream")
        _export_to(stream, db, since)
        return []
    with _using(db, must_exist=True, read_only=True) as store:
        return store.export(fmt, Path(stream) if stream is not None else None, since=since)


def _export_to(stream: IO[bytes], db: Store | PathArg | None, since: int | None) -> None:
    """JSONL into `stream`: written to a private file first (the export is atomic), then copied."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="thidua-export-") as tmp:
        with _using(db, must_exist=True, read_only=True) as store:
            [written] = store.export("jsonl", Path(tmp) / "records.jsonl", since=since)
        with written.open("rb") as source:
            shutil.copyfileobj(source, stream)
        stream.flush()
