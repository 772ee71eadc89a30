"""The review and browsing commands: `serve`, `review`, `show`, `facets` (registered on thidua.cli.app)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from thidua.cli_app import QUERY_SETTINGS, DbOption, JsonOption, QueryCommand, app, open_db
from thidua.cli_report import err, shown
from thidua.errors import UsageError


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (another host: the LAN can reach it).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Search, pages and API only: no corrections.")
    ] = False,
) -> None:
    """The review web app and JSON API (search, facets, charts, review queue, corrections, change feed)."""
    from thidua.web import serve

    store = open_db(db, must_exist=True, read_only=read_only)
    err.print(f"serving {shown(store.name)} on http://{host}:{port}/")
    serve(store, host=host, port=port, read_only=read_only)


@app.command("review")
def review_cmd(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many documents.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """The review queue: documents with open items (most first), then failed files."""
    from thidua.corpus import browse

    queue = browse.queue(open_db(db, must_exist=True, read_only=True), limit)
    if as_json:
        print(json.dumps(asdict(queue), ensure_ascii=False, indent=2))
        return
    for s in queue.documents:
        head = " · ".join(str(v) for v in (s.number, s.issuer, s.issued_date) if v) or s.source_path
        print(f"{s.attention:4d}  {s.id[:12]}  {shown(head)}")
    for f in queue.failures:
        print(f"failed  {shown(f.path)}: {shown(f.reason)}")
    if not queue.documents and not queue.failures:
        err.print("nothing to review")


@app.command("show")
def show_cmd(
    ident: Annotated[str, typer.Argument(metavar="ID", help="Document id (SHA-256) or a prefix of 8+.")],
    db: DbOption = None,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the restored text.")] = True,
    as_json: JsonOption = False,
) -> None:
    """One document: its record (corrections applied), open review items, history and text."""
    from thidua.corpus import browse

    store = open_db(db, must_exist=True, read_only=True)
    sha = browse.resolve(store, ident)
    detail = browse.detail(store, sha) if sha else None
    if detail is None:
        raise UsageError(f"{ident}: no such document (or the prefix is ambiguous)")
    if as_json:
        out = asdict(detail) | {"history": [r.as_dict() for r in detail.history]}
        out["not_applied"] = [r.as_dict() for r in detail.not_applied]
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return
    print(
        f"id: {detail.summary.id}\nfile: {shown(detail.summary.source_path)}\nversion: {detail.summary.seq}"
    )
    for key, value in (detail.record or {}).items():
        if value not in (None, [], {}) and key not in ("evidence", "review"):
            print(
                f"{key}: {shown(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))}"
            )
    for item in detail.review:
        state = "settled" if item.get("settled") else "open"
        print(f"review ({state}): {item.get('field')}: {shown(str(item.get('reason')))}")
    for rev in detail.history:
        where = rev.field or f"text {rev.start}-{rev.end}"
        print(f"revision {rev.created_at:%Y-%m-%d %H:%M} {rev.author}: {rev.action} {where}: ", end="")
        print(f"{json.dumps(rev.before, ensure_ascii=False)} → {json.dumps(rev.after, ensure_ascii=False)}")
    if text:
        print("\n" + detail.text)


@app.command("facets", cls=QueryCommand, context_settings=QUERY_SETTINGS)
def facets_cmd(
    query: Annotated[str, typer.Argument(help="Words to match (empty: every document).")] = "",
    db: DbOption = None,
    province: Annotated[str | None, typer.Option(help="Only this province.")] = None,
    year: Annotated[int | None, typer.Option(help="Only plans issued this year.")] = None,
    award: Annotated[str | None, typer.Option(help="Confers this award form.")] = None,
    deadline_month: Annotated[str | None, typer.Option("--deadline-month", help="YYYY-MM.")] = None,
    top: Annotated[int, typer.Option(min=1, help="Values per facet.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Document counts per province, year, type, issuer, award form and deadline month."""
    from thidua.corpus import browse
    from thidua.corpus.filters import SearchFilters

    wanted = SearchFilters(
        province=province, year=year, award=award, deadline_from=deadline_month, deadline_to=deadline_month
    )
    counts = browse.facets(open_db(db, must_exist=True, read_only=True), query, wanted, top)
    if as_json:
        print(json.dumps(counts, ensure_ascii=False, indent=2))
        return
    print(f"{counts.pop('total')} documents")
    for name, values in counts.items():
        print(f"\n{name}")
        for item in values:
            print(f"  {item['count']:6d}  {shown(str(item['value']))}")
