"""The JSON API's shapes (they make the OpenAPI description at /openapi.json)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class DocumentSummary(BaseModel):
    """A document in a listing; `id` is its SHA-256, stable across databases and re-runs."""

    id: str
    source_path: str
    number: str | None
    issuer: str | None
    province: str | None
    issued_date: str | None
    doc_type: str | None
    title: str | None
    seq: int | None = Field(description="Change sequence number of the document's latest change")
    attention: int = Field(description="Flagged edits, review items and unapplied revisions still open")
    reviewed: bool = Field(description="A person corrected the record or the text")
    updated_at: str | None
    score: float | None = None
    snippet: str | None = None


class DocumentList(BaseModel):
    items: list[DocumentSummary]
    total: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")


class ChangeItem(DocumentSummary):
    record: dict[str, Any] | None = None


class ChangeFeed(BaseModel):
    items: list[ChangeItem]
    last_seq: int = Field(description="Pass as `since` to get only what changes after these")


class FacetValue(BaseModel):
    value: str | int
    count: int


class Facets(BaseModel):
    total: int
    province: list[FacetValue]
    year: list[FacetValue]
    doc_type: list[FacetValue]
    issuer: list[FacetValue]
    award: list[FacetValue]
    deadline_month: list[FacetValue]


class RevisionOut(BaseModel):
    id: int | None
    kind: str
    action: str
    field: str | None
    start: int | None
    end: int | None
    before: Any
    after: Any
    author: str
    note: str | None
    seq: int | None
    created_at: str | None


class Change(BaseModel):
    """A field (`field`: JSON pointer such as /number) or a span of the current text (`start`, `end`)."""

    action: str = Field("correct", pattern="^(correct|accept)$")
    field: str | None = None
    start: int | None = None
    end: int | None = None
    before: str | None = Field(None, description="The span's text as shown (checked, for text changes)")
    after: Any = None
    note: str | None = None


class RevisionIn(BaseModel):
    author: str = Field(min_length=1, max_length=200)
    seq: int | None = Field(
        None, description="The document's seq as loaded: another one now is a 409 conflict"
    )
    changes: list[Change] = Field(min_length=1, max_length=200)


class RevisionResult(BaseModel):
    seq: int


class Page(BaseModel):
    number: int
    text: str
    method: str
    mean_confidence: float | None
    words: int


class HighlightSpan(BaseModel):
    start: int
    end: int
    kind: str
    label: str
    settled: bool


class DocumentFull(BaseModel):
    summary: DocumentSummary
    format: str
    pipeline_version: str | None
    record: dict[str, Any] | None = Field(
        description="Current record: the machine's with corrections applied"
    )
    machine_record: dict[str, Any] | None
    text: str = Field(description="Current restored text, corrections applied; pages split by form feed")
    pages: list[Page]
    review: list[dict[str, Any]]
    spans: list[HighlightSpan]
    history: list[RevisionOut]
    not_applied: list[RevisionOut]


class Failure(BaseModel):
    path: str
    reason: str
    sha256: str | None
    failed_at: str


class ReviewQueue(BaseModel):
    documents: list[DocumentSummary]
    failures: list[Failure]
