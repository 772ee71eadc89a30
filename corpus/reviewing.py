"""Human revisions in the store: recording them, the reviewed copies they produce, attention counts.

The machine's restored text and extraction stay as they were stored (`documents.machine_*_id`).
A document with corrections also has a reviewed restored text and extraction (pipeline version
"<machine version>+reviewed") rebuilt from the newest machine versions by replaying every revision
(corpus.revise); `current_*_id`, the search filters, the index, exports and the API follow them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from thidua.corpus import flatten, indexing, retext, revise, texts, writes
from thidua.corpus.backends.base import Backend
from thidua.corpus.revise import Applied, Revision
from thidua.corpus.schema import counters, documents, edits, extractions, pages, restored_texts, revisions
from thidua.errors import ConflictError, RevisionError
from thidua.types import PAGE_BREAK, Edit, Extraction, RestoredText

REVIEWED = "+reviewed"
"""Suffix of the pipeline version of a reviewed restored text and extraction."""
REEXTRACTED = "+reextracted"
"""Before REVIEWED: the version of the record read from the corrected text (corpus.retext)."""


def next_seq(conn: Connection, count: int = 1) -> int:
    """Take `count` numbers of the change sequence; returns the last. The counter row stays locked
    until commit, so sequence numbers become visible in order (a feed reader misses none)."""
    stmt = (
        update(counters)
        .where(counters.c.name == "changes")
        .values(value=counters.c.value + count)
        .returning(counters.c.value)
    )
    value = conn.execute(stmt).scalar()
    if value is None:  # a database between migrations (tests of older versions): start the counter
        top = conn.execute(select(func.coalesce(func.max(documents.c.seq), 0))).scalar_one()
        value = top + count
        conn.execute(insert(counters).values(name="changes", value=value))
    return value


def stamp(conn: Connection, doc_ids: list[int]) -> None:
    """Give each changed document the next sequence number (in the order given)."""
    unique = list(dict.fromkeys(doc_ids))
    if not unique:
        return
    last = next_seq(conn, len(unique))
    rows = [{"i": doc_id, "s": last - len(unique) + n + 1} for n, doc_id in enumerate(unique)]
    conn.execute(text("UPDATE documents SET seq = :s WHERE id = :i"), rows)


def load(conn: Connection, doc_id: int) -> list[Revision]:
    """The document's revisions, oldest first."""
    stmt = select(revisions).where(revisions.c.document_id == doc_id).order_by(revisions.c.id)
    return [
        Revision(
            kind=row.kind,
            action=row.action,
            after=row.after,
            before=row.before,
            field=row.field,
            start=row.start_offset,
            end=row.end_offset,
            author=row.author,
            note=row.note,
            created_at=row.created_at,
            seq=row.seq,
            id=row.id,
        )
        for row in conn.execute(stmt)
    ]


def flagged_spans(conn: Connection, restored_id: int | None) -> list[tuple[int, int, Edit]]:
    """The flagged edits of a machine restored text, as spans of that text."""
    if restored_id is None:
        return []
    stmt = select(edits).where(edits.c.restored_id == restored_id).order_by(edits.c.seq)
    found = [
        Edit(r.start_offset, r.end_offset, r.original, r.replacement, r.confidence, r.flagged)
        for r in conn.execute(stmt)
    ]
    restored = RestoredText("", "", found, "")
    return [(*restored.map_span(e.start, e.end), e) for e in found if e.flagged]


def machine(conn: Connection, doc_id: int) -> tuple[Any, str, dict | None, str]:
    """The document row, its machine text, machine record and the machine pipeline version."""
    doc = conn.execute(select(documents).where(documents.c.id == doc_id)).one()
    body, version = None, ""
    if doc.machine_restored_id is not None:
        found = conn.execute(
            select(restored_texts.c.text, restored_texts.c.pipeline_version).where(
                restored_texts.c.id == doc.machine_restored_id
            )
        ).first()
        if found is not None:
            body, version = found
    if body is None:
        stmt = select(pages.c.text).where(pages.c.document_id == doc_id).order_by(pages.c.number)
        body = PAGE_BREAK.join(conn.execute(stmt).scalars())
    record = None
    if doc.machine_extraction_id is not None:
        record = conn.execute(
            select(extractions.c.record).where(extractions.c.id == doc.machine_extraction_id)
        ).scalar()
    return doc, body, record if isinstance(record, dict) else None, version


def settled(item_field: str, revs: list[Revision]) -> bool:
    """Whether some revision (a correction or an acceptance) covers a review item's field."""
    pointer = "/" + item_field.strip("/").replace(".", "/")
    return any(
        r.kind == "field" and (r.field == pointer or (r.field or "").startswith(pointer + "/")) for r in revs
    )


def open_flags(
    flags: list[tuple[int, int, Edit]], applied: Applied, revs: list[Revision]
) -> list[tuple[int, int, Edit]]:
    """The flagged edits (mapped into the reviewed text) that no text revision touched."""
    covered = list(applied.spans)
    covered += [(r.start or 0, r.end or 0) for r in revs if r.kind == "text" and r.action == "accept"]
    out = []
    for start, end, edit in flags:
        start, end = applied.map_offset(start), applied.map_offset(end)
        if not any(s < max(end, start + 1) and e > start for s, e in covered):
            out.append((start, end, edit))
    return out


def attention(record: dict | None, flags: list, revs: list[Revision], applied: Applied, orphans: int) -> int:
    """What still needs a reviewer: open review items, open flagged edits, revisions not applied."""
    items = (record or {}).get("review") or []
    open_items = [i for i in items if isinstance(i, dict) and not settled(str(i.get("field", "")), revs)]
    return len(open_items) + len(open_flags(flags, applied, revs)) + orphans


def refresh(
    conn: Connection, doc_id: int, now: datetime, reextract: retext.Reextract | None = None
) -> str | None:
    """Rebuild the document's reviewed copies from its machine versions and revisions, and its
    attention count; returns its current text when that changed by it (for the index), else None.

    With text corrections the machine fields come from the corrected text (corpus.retext: read anew
    with `reextract`, or kept from an earlier rebuild of the same text); field revisions, corrections
    and acceptances alike, then apply over them."""
    revs = load(conn, doc_id)
    if not revs:
        _unrevised(conn, doc_id)
        return None  # the text is the machine's: unchanged
    doc, body, record, version = machine(conn, doc_id)
    flags = flagged_spans(conn, doc.machine_restored_id)
    applied = revise.apply_text(body, revs)
    reviewed, rebased = version + REVIEWED, version + REEXTRACTED + REVIEWED
    base = None
    if record is not None and applied.spans and any(r.action == "correct" for r in revs):
        previous = _reviewed_body(conn, doc_id, reviewed)
        unchanged = previous == applied.text
        base = retext.base(conn, doc_id, rebased, applied, doc.machine_restored_id, reextract, unchanged, now)
    revised: dict[str, Any] | None
    if base is not None:
        revised, field_orphans = revise.apply_fields(base, revs, accepted=True)
    else:
        revised, field_orphans = revise.apply_fields(record, revs) if record is not None else (None, [])
    orphans = len(applied.orphans) + len(field_orphans)
    values: dict[str, Any] = {"attention": attention(revised, flags, revs, applied, orphans)}
    if not any(r.action == "correct" for r in revs):  # acceptances only: the machine copies stand
        _drop_reviewed(conn, doc_id)
        values |= _machine_current(doc, record)
        conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))
        return body if "current_restored_id" in values else None
    _drop_reviewed(conn, doc_id, keep=(reviewed, rebased) if base is not None else (reviewed,))
    restored_id = _reviewed_text(conn, doc_id, reviewed, applied.text, len(flags), now)
    values["current_restored_id"] = restored_id
    if revised is not None:
        schema = str(revised.get("schema_version") or "1.0")
        values["current_extraction_id"] = writes.save_extraction(
            conn, doc_id, restored_id, reviewed, Extraction(revised, schema), now
        )
        values |= flatten.filters(revised)
    conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))
    return applied.text


def has_revisions(conn: Connection, doc_id: int) -> bool:
    """Whether a person revised this document."""
    return (
        conn.execute(select(revisions.c.id).where(revisions.c.document_id == doc_id).limit(1)).first()
        is not None
    )


def machine_attention(record: Any, flagged: int) -> int:
    """What needs a reviewer in an unrevised document: its review items and flagged edits."""
    items = record.get("review") if isinstance(record, dict) else None
    return len(items or []) + flagged


def _unrevised(conn: Connection, doc_id: int) -> None:
    """A document nobody revised: its attention is its review items and flagged edits."""
    row = conn.execute(
        select(extractions.c.record, restored_texts.c.flagged_count)
        .select_from(documents)
        .outerjoin(extractions, extractions.c.id == documents.c.machine_extraction_id)
        .outerjoin(restored_texts, restored_texts.c.id == documents.c.machine_restored_id)
        .where(documents.c.id == doc_id)
    ).one()
    count = machine_attention(row.record, row.flagged_count or 0)
    conn.execute(update(documents).where(documents.c.id == doc_id).values(attention=count))


def _machine_current(doc: Any, record: dict | None) -> dict[str, Any]:
    """The documents-row values that make the machine copies current again (none if they are)."""
    if (doc.current_restored_id, doc.current_extraction_id) == (
        doc.machine_restored_id,
        doc.machine_extraction_id,
    ):
        return {}
    values = {
        "current_restored_id": doc.machine_restored_id,
        "current_extraction_id": doc.machine_extraction_id,
    }
    return values | (flatten.filters(record) if record is not None else {})


def _drop_reviewed(conn: Connection, doc_id: int, keep: tuple[str, ...] = ()) -> None:
    """Delete the document's reviewed copies (but those of the versions in `keep`)."""
    for table in (extractions, restored_texts):
        where = (table.c.document_id == doc_id) & table.c.pipeline_version.like("%" + REVIEWED)
        if keep:
            where &= table.c.pipeline_version.not_in(keep)
        conn.execute(delete(table).where(where))


def _reviewed_body(conn: Connection, doc_id: int, version: str) -> str | None:
    """The text of the document's reviewed restored text of `version`, as the last rebuild left it."""
    stmt = select(restored_texts.c.text).where(
        restored_texts.c.document_id == doc_id, restored_texts.c.pipeline_version == version
    )
    return conn.execute(stmt).scalar()


def reextracted(conn: Connection, doc_id: int, machine_version: str) -> bool:
    """Whether the current record's machine values were read from the corrected text (its evidence
    offsets are then into that text)."""
    return retext.stored(conn, doc_id, machine_version + REEXTRACTED + REVIEWED) is not None


def _reviewed_text(
    conn: Connection, doc_id: int, version: str, body: str, flagged: int, now: datetime
) -> int:
    values = {"text": body, "original": None, "edit_count": 0, "flagged_count": flagged, "created_at": now}
    found = conn.execute(
        select(restored_texts.c.id).where(
            restored_texts.c.document_id == doc_id, restored_texts.c.pipeline_version == version
        )
    ).scalar()
    if found is not None:
        conn.execute(update(restored_texts).where(restored_texts.c.id == found).values(**values))
        return found
    stmt = insert(restored_texts).values(document_id=doc_id, pipeline_version=version, **values)
    return conn.execute(stmt.returning(restored_texts.c.id)).scalar_one()


def record_revisions(
    conn: Connection,
    backend: Backend,
    sha256: str,
    changes: list[dict[str, Any]],
    author: str,
    expected_seq: int | None,
    reextract: retext.Reextract | None = None,
) -> int:
    """Store a reviewer's revisions of one document atomically; returns the document's new seq.

    Each change: {"field": "/number", "after": value} or {"start", "end", "before", "after"} for a
    span of the current text; "action": "accept" confirms the value shown. `expected_seq` is the
    document's seq when the reviewer loaded it: a different one now raises ConflictError.
    """
    if not author.strip():
        raise RevisionError("a revision needs its author")
    backend.lock_document(conn, sha256)
    doc = conn.execute(select(documents).where(documents.c.sha256 == sha256)).first()
    if doc is None:
        raise RevisionError(f"{sha256}: no such document")
    if expected_seq is not None and doc.seq != expected_seq:
        raise ConflictError(
            f"{sha256[:12]}: changed since it was loaded (version {expected_seq}, now {doc.seq}); "
            "reload it and apply the change again"
        )
    body = texts.current(conn, [doc.id])[doc.id]
    record = None
    if doc.current_extraction_id is not None:
        record = conn.execute(
            select(extractions.c.record).where(extractions.c.id == doc.current_extraction_id)
        ).scalar()
    rows: list[dict[str, Any]] = []
    for change in changes:
        action = change.get("action", "correct")
        if action not in ("correct", "accept"):
            raise RevisionError(f"{action!r}: not an action (correct, accept)")
        if change.get("field"):
            if not isinstance(record, dict):
                raise RevisionError(f"{sha256[:12]}: no extracted record to revise")
            pointer = str(change["field"])
            try:
                before = revise.get(record, pointer)
            except KeyError:
                before = None
            after = change.get("after") if action == "correct" else before
            try:
                record = revise.put(record, pointer, after)
            except KeyError as exc:
                raise RevisionError(f"{pointer}: no such field in this record") from exc
            revise.check(pointer, after)
            rows.append({"kind": "field", "field": pointer, "before": before, "after": after})
        else:
            start, end = int(change.get("start", -1)), int(change.get("end", -1))
            if not 0 <= start <= end <= len(body):
                raise RevisionError(f"{start}-{end}: not a span of the text (0-{len(body)})")
            before = body[start:end]
            if "before" in change and change["before"] != before:
                raise ConflictError(
                    f"{start}-{end}: the text there is now {before!r}, not {change['before']!r}"
                )
            after = str(change.get("after", "")) if action == "correct" else before
            body = body[:start] + after + body[end:]
            rows.append(
                {"kind": "text", "start_offset": start, "end_offset": end, "before": before, "after": after}
            )
        rows[-1] |= {"action": action, "note": change.get("note")}
    if not rows:
        raise RevisionError("no change given")
    now = datetime.now(UTC)
    seq = next_seq(conn)
    shared = {"document_id": doc.id, "author": author.strip(), "created_at": now, "seq": seq}
    full = [{"field": None, "start_offset": None, "end_offset": None} | row | shared for row in rows]
    conn.execute(insert(revisions), full)
    current = refresh(conn, doc.id, now, reextract)
    conn.execute(update(documents).where(documents.c.id == doc.id).values(seq=seq, updated_at=now))
    if current is not None:
        indexing.index(conn, backend, {doc.id: current})
    return seq


def backfill_attention(conn: Connection) -> None:
    """Attention counts for documents stored before schema 4: review items plus flagged edits."""
    stmt = (
        select(documents.c.id, extractions.c.record, restored_texts.c.flagged_count)
        .select_from(documents)
        .outerjoin(extractions, extractions.c.id == documents.c.current_extraction_id)
        .outerjoin(restored_texts, restored_texts.c.id == documents.c.current_restored_id)
        .where(documents.c.attention.is_(None))
    )
    rows = []
    for doc_id, record, flagged in conn.execute(stmt).all():
        rows.append({"i": doc_id, "a": machine_attention(record, flagged or 0)})
    if rows:
        conn.execute(text("UPDATE documents SET attention = :a WHERE id = :i"), rows)
