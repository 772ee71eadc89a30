"""Exports: JSONL records for downstream systems, flattened CSV/Parquet tables for analysts."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Integer, Select, func, select
from sqlalchemy.engine import Connection

from thidua.corpus.reviewing import REVIEWED
from thidua.corpus.schema import FLAT_TABLES, documents, extractions, pages, restored_texts
from thidua.errors import StorageError
from thidua.types import PAGE_BREAK

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("jsonl", "csv", "parquet")
DEFAULT_DIR = Path("exports")
JSONL_NAME = "campaigns.jsonl"
_TRUTH = {"true": True, "false": False}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these is a formula to a spreadsheet (OWASP CSV injection)."""

_DOCUMENT_COLUMNS = [
    documents.c.sha256,
    documents.c.source_path,
    documents.c.format,
    documents.c.page_count,
    documents.c.methods,
    documents.c.needs_restoration,
    documents.c.ingested_at,
    documents.c.doc_type,
    documents.c.number,
    documents.c.issuer,
    documents.c.province,
    documents.c.issued_date,
    documents.c.issued_year,
    documents.c.title,
]
_PRIMARY = documents.alias("primary_copy")  # the first stored copy of the same document (corpus.identity)
_COPY_OF = func.coalesce(_PRIMARY.c.sha256, documents.c.sha256).label("copy_of")


def export(conn: Connection, fmt: str, output: Path | None = None, since: int | None = None) -> list[Path]:
    """Write the database in `fmt`; returns the files written. jsonl: `output` is a file or folder, and
    `since` keeps the documents changed after that sequence number (corpus.listing.changes)."""
    if fmt not in FORMATS:
        raise StorageError(f"{fmt!r}: unknown export format ({', '.join(FORMATS)})")
    try:
        if fmt == "jsonl":
            target = output or DEFAULT_DIR / JSONL_NAME
            if target.is_dir():
                target = target / JSONL_NAME
            target.parent.mkdir(parents=True, exist_ok=True)
            _jsonl(conn, target, since)
            return [target]
        folder = output or DEFAULT_DIR
        folder.mkdir(parents=True, exist_ok=True)
        return _tables(conn, folder, fmt)
    except OSError as exc:
        raise StorageError(f"{exc.filename or output}: cannot write export ({exc.strerror or exc})") from exc


def _jsonl(conn: Connection, target: Path, since: int | None = None) -> None:
    """One line per document: its identity, its current (reviewed, if corrected) extraction record
    (`extraction`, schema-valid), its current text and its pages' texts, and its change `seq`."""
    stmt = (
        select(
            documents.c.id,
            documents.c.sha256,
            documents.c.source_path,
            documents.c.format,
            documents.c.page_count,
            documents.c.seq,
            documents.c.current_extraction_id,
            documents.c.machine_extraction_id,
            restored_texts.c.pipeline_version,
            restored_texts.c.text,
            extractions.c.schema_version,
            extractions.c.record,
            _COPY_OF,
        )
        .select_from(documents)
        .outerjoin(_PRIMARY, _PRIMARY.c.id == documents.c.logical_id)
        .outerjoin(extractions, extractions.c.id == documents.c.current_extraction_id)
        .outerjoin(restored_texts, restored_texts.c.id == documents.c.current_restored_id)
        .order_by(documents.c.id)
    )
    if since is not None:
        stmt = stmt.where(documents.c.seq > since).order_by(None).order_by(documents.c.seq)
    with replacing(target) as tmp, tmp.open("w", encoding="utf-8") as out:
        rows = conn.execute(stmt).all() if since is not None else None
        for chunk in _chunked(rows if rows is not None else conn.execute(stmt).all(), 500):
            texts = _page_texts(conn, [row.id for row in chunk])
            for row in chunk:
                version = row.pipeline_version
                line = {
                    "sha256": row.sha256,
                    "copy_of": row.copy_of,  # its own sha256, or the first stored copy's
                    "source_path": row.source_path,
                    "format": row.format,
                    "pages": row.page_count,
                    "pipeline_version": version.removesuffix(REVIEWED) if version else version,
                    "schema_version": row.schema_version,
                    "seq": row.seq,
                    "reviewed": row.current_extraction_id != row.machine_extraction_id
                    or bool(version and version.endswith(REVIEWED)),
                    "extraction": row.record,
                    "text": row.text if row.text is not None else PAGE_BREAK.join(texts.get(row.id, [])),
                    "page_texts": texts.get(row.id, []),
                }
                out.write(json.dumps(line, ensure_ascii=False) + "\n")


def _chunked(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for first in range(0, len(rows), size):
        yield rows[first : first + size]


def _page_texts(conn: Connection, doc_ids: list[int]) -> dict[int, list[str]]:
    """Each document's page texts, in page order."""
    out: dict[int, list[str]] = {}
    stmt = select(pages.c.document_id, pages.c.text).where(pages.c.document_id.in_(doc_ids))
    for doc_id, page_text in conn.execute(stmt.order_by(pages.c.document_id, pages.c.number)):
        out.setdefault(doc_id, []).append(page_text)
    return out


def _tables(conn: Connection, folder: Path, fmt: str) -> list[Path]:
    """documents plus one table per flattened list, keyed by the document's sha256."""
    queries = {
        "documents": select(
            *_DOCUMENT_COLUMNS,
            _COPY_OF,
            restored_texts.c.pipeline_version,
            restored_texts.c.edit_count,
            restored_texts.c.flagged_count,
        )
        .select_from(documents)
        .outerjoin(_PRIMARY, _PRIMARY.c.id == documents.c.logical_id)
        .outerjoin(restored_texts, restored_texts.c.id == documents.c.current_restored_id)
        .order_by(documents.c.id)
    }
    for name, table in FLAT_TABLES.items():
        columns = [c for c in table.c if c.name not in ("extraction_id", "form_key")]
        queries[name] = (
            select(documents.c.sha256, *columns)
            .select_from(table)
            .join(documents, documents.c.current_extraction_id == table.c.extraction_id)
            .order_by(documents.c.id, table.c.seq)
        )
    written = []
    for name, stmt in queries.items():
        frame = typed(_pandas().read_sql(stmt, conn), stmt)
        if "evidence" in frame:
            frame["evidence"] = frame["evidence"].map(
                lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
            )
        path = folder / f"{name}.{fmt}"
        with replacing(path) as tmp:
            if fmt == "csv":
                neutralise(frame).to_csv(tmp, index=False)
            else:
                frame.to_parquet(tmp, index=False, engine="pyarrow")
        written.append(path)
    return written


def _pandas():
    """pandas, imported on first use: it takes a second, and only the tables need it (not `thidua
    search`, which imports this stage)."""
    import pandas

    return pandas


def typed(frame: pd.DataFrame, stmt: Select) -> pd.DataFrame:
    """The columns as the schema types them, missing values kept: integers as nullable Int64 (not
    floats because of a null), booleans as nullable booleans, and `recurring` ("true"/"false"
    text in the table) as a boolean."""
    for column in stmt.selected_columns:
        if column.name not in frame:
            continue
        if isinstance(column.type, Integer):
            frame[column.name] = frame[column.name].astype("Int64")
        elif isinstance(column.type, Boolean):
            frame[column.name] = frame[column.name].astype("boolean")
    if "recurring" in frame:
        frame["recurring"] = frame["recurring"].map(_TRUTH, na_action="ignore").astype("boolean")
    return frame


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside `target` that replaces it atomically once written, and never otherwise.

    A failed export (disk full, file-size limit, error) leaves the previous file whole.
    """
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def neutral(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ' so it shows as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame, cell: Callable[[object], object] = neutral) -> pd.DataFrame:
    """The frame with every text cell neutralised (numbers and dates are left as they are)."""
    strings = _pandas().api.types.is_string_dtype
    text = [c for c in frame.columns if frame[c].dtype == object or strings(frame[c])]
    return frame.assign(**{c: frame[c].map(cell) for c in text}) if text else frame
