"""The JSON API under /api (described at /openapi.json)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from thidua.corpus import ConflictError, RevisionError, SearchQueryError, browse
from thidua.web import models, reextract
from thidua.web.csrf import check_json
from thidua.web.params import SearchParams, search_params

Params = Annotated[SearchParams, Depends(search_params)]


def store_of(request: Request):
    return request.app.state.store


def find(request: Request, doc_id: str) -> str:
    """The SHA-256 named by `doc_id` (the full id or an unambiguous prefix of 8+), else 404."""
    sha = browse.resolve(store_of(request), doc_id)
    if sha is None:
        raise HTTPException(404, f"{doc_id[:80]!r}: no such document")
    return sha


def summary(item: browse.Summary) -> dict:
    return asdict(item)


def revision(rev) -> dict:
    return rev.as_dict()


read = APIRouter(prefix="/api", tags=["read"])
write = APIRouter(prefix="/api", tags=["review"])


@read.get("/documents", response_model=models.DocumentList)
def list_documents(
    request: Request, params: Params, limit: Annotated[int, Query(ge=1, le=1000)] = 50
) -> dict:
    """Documents matching the words (`q`, with or without diacritics) and filters; page with `cursor`."""
    try:
        page = browse.documents(
            store_of(request), params.q, params.filters(), sort=params.sort, cursor=params.cursor, limit=limit
        )
    except SearchQueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    return {"items": [summary(s) for s in page.items], "total": page.total, "next_cursor": page.next_cursor}


@read.get("/documents/{doc_id}", response_model=models.DocumentFull)
def get_document(request: Request, doc_id: str) -> dict:
    """One document: current and machine record, current text, pages, review items, spans, history."""
    detail = browse.detail(store_of(request), find(request, doc_id))
    if detail is None:
        raise HTTPException(404, "no such document")
    out = asdict(detail)
    out["summary"] = summary(detail.summary)
    out["history"] = [revision(r) for r in detail.history]
    out["not_applied"] = [revision(r) for r in detail.not_applied]
    return out


@read.get("/documents/{doc_id}/revisions", response_model=list[models.RevisionOut])
def get_revisions(request: Request, doc_id: str) -> list[dict]:
    """The document's human revisions, oldest first."""
    return [revision(r) for r in store_of(request).history(find(request, doc_id))]


@read.get("/facets", response_model=models.Facets)
def get_facets(request: Request, params: Params) -> dict:
    """Counts of matching documents per province, year, type, issuer, award form and deadline month."""
    try:
        return browse.facets(store_of(request), params.q, params.filters())
    except SearchQueryError as exc:
        raise HTTPException(400, str(exc)) from exc


@read.get("/changes", response_model=models.ChangeFeed)
def get_changes(
    request: Request,
    since: Annotated[int, Query(ge=0, description="Last seq already seen (0: everything)")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    records: Annotated[bool, Query(description="Include each document's current record")] = True,
) -> dict:
    """Documents changed after `since`, in change order; poll again with `since=last_seq`."""
    store = store_of(request)
    feed = browse.changes(store, since, limit)
    found = browse.records(store, [item.id for item in feed.items]) if records else {}
    items = [summary(item) | {"record": found.get(item.id)} for item in feed.items]
    return {"items": items, "last_seq": feed.last_seq}


@read.get("/review", response_model=models.ReviewQueue)
def get_review(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict:
    """The review queue: documents by open items (most first), and failed files."""
    queue = browse.queue(store_of(request), limit)
    return {
        "documents": [summary(s) for s in queue.documents],
        "failures": [asdict(f) for f in queue.failures],
    }


@write.post("/documents/{doc_id}/revisions", response_model=models.RevisionResult, status_code=201)
def post_revisions(request: Request, doc_id: str, body: models.RevisionIn) -> dict:
    """Correct or accept fields and text spans; 409 when `seq` is not the document's seq any more."""
    check_json(request)
    changes = [c.model_dump(exclude_none=True) | {"after": c.after} for c in body.changes]
    try:
        seq = store_of(request).revise(
            find(request, doc_id),
            changes,
            author=body.author,
            expected_seq=body.seq,
            reextract=reextract.record,
        )
    except ConflictError as exc:
        raise HTTPException(409, str(exc)) from exc
    except RevisionError as exc:
        raise HTTPException(422, str(exc)) from exc
    return {"seq": seq}
