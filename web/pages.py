"""The server-rendered pages: search with facets and charts, the review queue, a document."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Annotated

import pypdfium2 as pdfium
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from PIL import Image

from thidua.corpus import ConflictError, RevisionError, SearchQueryError, browse, revise
from thidua.corpus.export import neutralise
from thidua.web import charts, csrf, highlight, pageimage, reextract
from thidua.web.api import find, store_of
from thidua.web.params import SearchParams, search_params

Params = Annotated[SearchParams, Depends(search_params)]
REVIEWER_COOKIE = "thidua_reviewer"
FACET_LABELS = {
    "province": "Province",
    "year": "Year",
    "doc_type": "Document type",
    "issuer": "Issuer",
    "award": "Award form",
    "deadline_month": "Deadline month",
}

read = APIRouter(include_in_schema=False)
write = APIRouter(include_in_schema=False)


def render(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    context |= {"read_only": request.app.state.read_only, "csrf_token": csrf.token(request)}
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


@read.get("/", response_class=HTMLResponse)
def search_page(request: Request, params: Params) -> HTMLResponse:
    store = store_of(request)
    try:
        page = browse.documents(store, params.q, params.filters(), sort=params.sort, cursor=params.cursor)
        counts = browse.facets(store, params.q, params.filters())
        grid = browse.per_province_year(store, params.q, params.filters())
    except SearchQueryError as exc:
        return render(request, "search.html", 400, p=params, error=str(exc), page=None, facets={}, chart="")
    return render(
        request,
        "search.html",
        p=params,
        page=page,
        facets={name: counts[name] for name in FACET_LABELS},
        labels=FACET_LABELS,
        total=counts["total"],
        chart=charts.heatmap(grid),
        error=None,
    )


@read.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request, params: Params) -> HTMLResponse:
    store = store_of(request)
    counts = browse.facets(store, params.q, params.filters(), top=40)
    figures = [
        charts.heatmap(
            browse.per_province_year(store, params.q, params.filters()), "Documents per province and year"
        ),
        charts.bars(counts["award"], "Documents per award form"),
        charts.bars(
            sorted(counts["deadline_month"], key=lambda i: i["value"]), "Documents per deadline month"
        ),
        charts.bars(sorted(counts["year"], key=lambda i: i["value"]), "Documents per year of issue"),
    ]
    return render(request, "charts.html", p=params, figures=figures, total=counts["total"])


@read.get("/chart.svg")
def chart_svg(request: Request, params: Params) -> Response:
    """Documents per province and year, as a standalone SVG image."""
    grid = browse.per_province_year(store_of(request), params.q, params.filters())
    return Response(str(charts.heatmap(grid)), media_type="image/svg+xml")


@read.get("/download.{fmt}")
def download(request: Request, fmt: str, params: Params) -> Response:
    """The current result set (every match, not only the page shown) as CSV or Parquet."""
    if fmt not in ("csv", "parquet"):
        raise HTTPException(404, "csv or parquet")
    try:
        table = browse.result_table(store_of(request), params.q, params.filters())
    except SearchQueryError as exc:
        raise HTTPException(400, str(exc)) from exc
    buffer = io.BytesIO()
    if fmt == "csv":
        buffer.write(neutralise(table).to_csv(index=False).encode("utf-8-sig"))
        media = "text/csv; charset=utf-8"
    else:
        table.to_parquet(buffer, index=False, engine="pyarrow")
        media = "application/vnd.apache.parquet"
    headers = {"Content-Disposition": f'attachment; filename="thidua-documents.{fmt}"'}
    return Response(buffer.getvalue(), media_type=media, headers=headers)


@read.get("/review", response_class=HTMLResponse)
def review_page(request: Request) -> HTMLResponse:
    return render(request, "review.html", queue=browse.queue(store_of(request), 200))


def document_page(request: Request, doc_id: str, status: int = 200, **extra) -> HTMLResponse:
    sha = find(request, doc_id)
    detail = browse.detail(store_of(request), sha)
    if detail is None:
        raise HTTPException(404, "no such document")
    record = detail.record or {}
    fields = []
    for name in revise.editable_fields():
        value = record.get(name)
        simple = value is None or isinstance(value, str | int | float)
        shown = "" if value is None else value if simple else json.dumps(value, ensure_ascii=False, indent=1)
        fields.append({"name": name, "pointer": "/" + name, "value": shown, "simple": simple})
    flagged = [s for s in detail.spans if s.kind == "flagged"]
    summary = detail.summary
    return render(
        request,
        "document.html",
        status,
        d=detail,
        lines=highlight.lines(detail.text, detail.spans),
        fields=fields,
        flagged=flagged,
        source_problem=pageimage.source_problem(summary.source_path, detail.format, summary.id),
        reviewer=request.cookies.get(REVIEWER_COOKIE, ""),
        **extra,
    )


@read.get("/documents/{doc_id}/pages/{number}.svg")
def page_svg(request: Request, doc_id: str, number: int) -> Response:
    """A page's image, rendered from the stored source, with its OCR word boxes drawn over it (the
    boxes alone when the source is gone); 404 for a page with neither."""
    sha = find(request, doc_id)
    document = store_of(request).document(sha)
    page = next((p for p in document.pages if p.number == number), None) if document else None
    if document is None or page is None:
        raise HTTPException(404, "no such page")
    image = None
    if pageimage.source_problem(document.source_path, document.format, sha) is None:
        with contextlib.suppress(OSError, ValueError, pdfium.PdfiumError, Image.DecompressionBombError):
            image = pageimage.render(document.source_path, document.format, sha, number)
    if image is None and not page.words:
        raise HTTPException(404, "no page image and no OCR words for this page")
    title = f"page {number}: " + ("the page with its OCR word boxes" if image else "OCR word boxes")
    svg = charts.word_boxes(
        page.words,
        title + ", unsure words in red",
        image=image.jpeg if image else None,
        extent=image.extent if image else None,
    )
    headers = {"Cache-Control": "private, max-age=300"}
    return Response(str(svg), media_type="image/svg+xml", headers=headers)


@read.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_view(request: Request, doc_id: str) -> HTMLResponse:
    return document_page(request, doc_id)


def _save(request: Request, doc_id: str, token: str, author: str, seq: int, change: dict) -> Response:
    csrf.check_form(request, token)
    sha = find(request, doc_id)
    try:
        store_of(request).revise(sha, [change], author=author, expected_seq=seq, reextract=reextract.record)
    except ConflictError as exc:
        return document_page(request, sha, 409, conflict=str(exc), attempted=change)
    except RevisionError as exc:
        return document_page(request, sha, 422, problem=str(exc), attempted=change)
    response = RedirectResponse(f"/documents/{sha}#history", status_code=303)
    response.set_cookie(REVIEWER_COOKIE, author.strip()[:200], samesite="strict", httponly=True)
    return response


@write.post("/documents/{doc_id}/fields")
def save_field(
    request: Request,
    doc_id: str,
    csrf_token: Annotated[str, Form()],
    author: Annotated[str, Form(min_length=1, max_length=200)],
    seq: Annotated[int, Form()],
    field: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    action: Annotated[str, Form(pattern="^(correct|accept)$")] = "correct",
) -> Response:
    try:
        after = revise.parse_value(field, value) if action == "correct" else None
    except RevisionError as exc:
        return document_page(
            request, doc_id, 422, problem=str(exc), attempted={"field": field, "after": value}
        )
    return _save(request, doc_id, csrf_token, author, seq, {"field": field, "after": after, "action": action})


@write.post("/documents/{doc_id}/text")
def save_text(
    request: Request,
    doc_id: str,
    csrf_token: Annotated[str, Form()],
    author: Annotated[str, Form(min_length=1, max_length=200)],
    seq: Annotated[int, Form()],
    start: Annotated[int, Form(ge=0)],
    end: Annotated[int, Form(ge=0)],
    before: Annotated[str, Form()] = "",
    after: Annotated[str, Form()] = "",
    action: Annotated[str, Form(pattern="^(correct|accept)$")] = "correct",
) -> Response:
    change = {"start": start, "end": end, "before": before, "after": after, "action": action}
    return _save(request, doc_id, csrf_token, author, seq, change)


@write.post("/documents/{doc_id}/line")
def save_line(
    request: Request,
    doc_id: str,
    csrf_token: Annotated[str, Form()],
    author: Annotated[str, Form(min_length=1, max_length=200)],
    seq: Annotated[int, Form()],
    line: Annotated[int, Form(ge=1)],
    after: Annotated[str, Form()] = "",
    action: Annotated[str, Form(pattern="^(correct|accept)$")] = "correct",
) -> Response:
    """Correct (or confirm) a whole line, named by its number in the text as shown."""
    csrf.check_form(request, csrf_token)
    detail = browse.detail(store_of(request), find(request, doc_id))
    shown = highlight.lines(detail.text, []) if detail else []
    if not 1 <= line <= len(shown):
        raise HTTPException(422, f"line {line}: the text has {len(shown)} lines")
    target = shown[line - 1]
    change = {"start": target.start, "end": target.end, "after": after.replace("\r", "").replace("\n", " ")}
    return _save(request, doc_id, csrf_token, author, seq, change | {"action": action})
