"""The database tables (SQLAlchemy Core); the full-text index is each backend's (corpus.backends) and
the migrations that build it all are corpus.migrations."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")
Stamp = DateTime(timezone=True)


def _fk(table: str) -> ForeignKey:
    return ForeignKey(f"{table}.id", ondelete="CASCADE")


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", Stamp, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source_path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("methods", Text),  # distinct page provenance methods, comma-separated
    Column("needs_restoration", Boolean, nullable=False),
    Column("ingested_at", Stamp, nullable=False),
    Column("updated_at", Stamp, nullable=False),
    # The current restored text and extraction (the latest saved), and search filters copied from it.
    Column("current_restored_id", Integer),
    Column("current_extraction_id", Integer),
    Column("doc_type", Text),
    Column("doc_type_key", Text, index=True),
    Column("number", Text),
    Column("issuer", Text),
    Column("issuer_key", Text),
    Column("province", Text),
    Column("province_key", Text, index=True),
    Column("issued_date", String(10), index=True),  # ISO YYYY-MM-DD, YYYY-MM or YYYY
    Column("issued_year", Integer, index=True),
    Column("title", Text),
    # Schema 4: the latest machine versions (current_* point at the reviewed copies when a person
    # corrected the document) and `seq`, the change sequence of the document's last change.
    Column("machine_restored_id", Integer),
    Column("machine_extraction_id", Integer),
    Column("seq", Integer, index=True),
    Column("attention", Integer),  # flagged edits and review items no revision has settled yet
    # Schema 5: copies of one document (a text export and a scan of the same plan) share the id of the
    # first copy stored (corpus.identity); search and counts show a logical document once.
    Column("logical_id", Integer, index=True),
    # Schema 7: the award forms' keys joined by " | " (sorted), so an award filter reads one column
    # and no match spans two forms (PostgreSQL's index row holds the same).
    Column("award_keys", Text),
)

pages = Table(
    "pages",
    metadata,
    Column("document_id", Integer, _fk("documents"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("method", String(16), nullable=False),
    Column("engine", Text),
    Column("language", Text),
    Column("mean_confidence", Float),
    Column("needs_restoration", Boolean, nullable=False),
    Column("notes", Text),
    Column("words", Json),  # [[text, left, top, width, height, confidence], ...] or null
    # Schema 6: page analysis before OCR, so a document completed from stored pages keeps it:
    # {"regions": [[kind, l, t, w, h]], "marks": [[kind, text, l, t, w, h, date]], "uncertain": [[a, b]]}
    Column("analysis", Json),
)

restored_texts = Table(
    "restored_texts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, _fk("documents"), nullable=False),
    Column("pipeline_version", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("original", Text),  # only when it differs from the document's text
    Column("edit_count", Integer, nullable=False),
    Column("flagged_count", Integer, nullable=False),
    Column("created_at", Stamp, nullable=False),
    UniqueConstraint("document_id", "pipeline_version"),
)

edits = Table(
    "edits",
    metadata,
    Column("restored_id", Integer, _fk("restored_texts"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("original", Text, nullable=False),
    Column("replacement", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("flagged", Boolean, nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, _fk("documents"), nullable=False),
    Column("restored_id", Integer, ForeignKey("restored_texts.id", ondelete="SET NULL")),
    Column("pipeline_version", String(64), nullable=False),  # of the restored text; "" without one
    Column("schema_version", String(16), nullable=False),
    Column("record", Json, nullable=False),
    Column("created_at", Stamp, nullable=False),
    UniqueConstraint("document_id", "pipeline_version"),
)


def _child(name: str, *columns: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("extraction_id", Integer, _fk("extractions"), primary_key=True),
        Column("seq", Integer, primary_key=True),
        *columns,
        Column("confidence", Float),
        Column("evidence", Json),
    )


legal_bases = _child(
    "legal_bases",
    Column("type", Text),
    Column("number", Text),
    Column("date", Text),
    Column("issuer", Text),
    Column("name", Text),
)
awards = _child(
    "awards",
    Column("form", Text),
    Column("form_key", Text),
    Column("conferred_by", Text),
    Column("count", Integer),
    Column("recipients", Text),
    Column("kind", Text),
)
Index("ix_awards_form_key", awards.c.form_key)
deadlines = _child(
    "deadlines",
    Column("date", Text),
    Column("recurring", Text),
    Column("action", Text),
    Column("recipient", Text),
)
Index("ix_deadlines_date", deadlines.c.date, deadlines.c.extraction_id)  # schema 8: deadline filters
targets = _child(
    "targets",
    Column("kind", String(16), nullable=False),  # "target" (đối tượng) or "quantitative" (chỉ tiêu)
    Column("text", Text),
    Column("value", Float),
    Column("unit", Text),
)
signers = _child(
    "signers",
    Column("name", Text),
    Column("title", Text),
    Column("capacity", Text),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, _fk("documents"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),  # "field" (a record value) or "text" (a token or line)
    Column("action", String(8), nullable=False),  # "correct" or "accept" (the machine value confirmed)
    Column("field", Text),  # kind "field": a JSON pointer into the record ("/number", "/awards/0/form")
    Column("start_offset", Integer),  # kind "text": the span of the text as the reviewer saw it
    Column("end_offset", Integer),
    Column("before", Json),  # the value (or span text) the revision replaces, as shown
    Column("after", Json),  # the value (or span text) put in its place
    Column("author", Text, nullable=False),
    Column("note", Text),
    Column("created_at", Stamp, nullable=False),
    Column("seq", Integer, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("sha256", String(64)),
    Column("failed_at", Stamp, nullable=False),
)

FLAT_TABLES = {"legal_bases": legal_bases, "awards": awards, "deadlines": deadlines}
FLAT_TABLES |= {"targets": targets, "signers": signers}
