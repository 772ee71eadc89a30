"""The `thidua` command: a thin layer over the stage libraries."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from thidua import __version__
from thidua.errors import EncodingError, ExitCode, StorageError, ThiduaError

app = typer.Typer(
    help="Ingest, restore and extract Vietnamese emulation-campaign plans (kế hoạch thi đua).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

DEFAULT_DB = "campaigns.db"
DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"Database URL or SQLite path [env THIDUA_DB; default {DEFAULT_DB}]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
JobsOption = Annotated[
    int | None, typer.Option("--jobs", min=1, help="Local processes to use [default: all cores].")
]


def db_url(db: str | None) -> str:
    """The database to use: --db, else $THIDUA_DB, else campaigns.db here."""
    return db or os.environ.get("THIDUA_DB") or DEFAULT_DB


def open_db(db: str | None, must_exist: bool = False, read_only: bool = False):
    """Open the store named by --db / $THIDUA_DB; readers refuse a SQLite file that is not there,
    and `read_only` readers work on a file or folder they cannot write."""
    from thidua.corpus import open_store

    url = db_url(db)
    if must_exist and "://" not in url and not Path(url).exists():
        raise StorageError(f"{url}: no such database (run `thidua run PATH --db {url}` first)")
    return open_store(url, read_only=read_only)


def shown_url(url: str) -> str:
    """A database URL for messages: its password masked."""
    from thidua.corpus.database import masked

    return masked(url)


def shown(text: str) -> str:
    """A file name or reason for the terminal: control characters (newlines too) escaped, no markup."""
    return escape("".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text))


def read_text_input(file: str) -> str:
    """Read a text file or stdin ("-") as UTF-8, with a clear error for binary input."""
    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    name = "<stdin>" if file == "-" else file
    if b"\x00" in data:
        raise EncodingError(name, "binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(name, f"not valid UTF-8 at byte {exc.start}") from exc


def fail(exc: ThiduaError) -> None:
    """Print a typed error and exit with its code."""
    console.print(f"[red]error:[/red] {shown(str(exc))}", highlight=False)
    raise typer.Exit(int(exc.exit_code))


def version_callback(value: bool) -> None:
    if value:
        print(f"thidua {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Ingest, restore and extract Vietnamese emulation-campaign plans."""


def _batch(
    paths: list[Path],
    db: str | None,
    force: bool,
    workers: int | None,
    as_json: bool,
    ingest_only: bool,
    cluster: str | None = None,
    cluster_workers: int | None = None,
) -> None:
    from thidua.pipeline import run

    store = open_db(db)
    with Progress(
        TextColumn("[bold]documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages · {task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=as_json or not console.is_terminal,
    ) as progress:
        task = progress.add_task("documents", total=None, pages=0, rate="")
        started = time.monotonic()
        done_pages = [0]

        def done(pages: int) -> None:
            done_pages[0] += pages
            rate = done_pages[0] / max(time.monotonic() - started, 1e-6)
            progress.update(task, advance=1, pages=done_pages[0], rate=f"{rate:.2f} pages/s")

        on_total = lambda n: progress.update(task, total=n)  # noqa: E731
        if cluster or cluster_workers:
            summary = _cluster_run(cluster, cluster_workers)(
                paths,
                store,
                force=force,
                ingest_only=ingest_only,
                on_total=on_total,
                on_done=lambda outcome: done(outcome.pages),
            )
        else:
            summary = run(
                paths,
                store,
                force=force,
                ingest_only=ingest_only,
                workers=workers,
                on_total=on_total,
                on_done=done,
            )
    if as_json:
        print(
            json.dumps(
                {
                    "stored": [asdict(item) for item in summary.stored],
                    "skipped": summary.skipped,
                    "duplicates": [asdict(d) for d in summary.duplicates],
                    "failed": [asdict(f) for f in summary.failed],
                    "stopped": summary.stopped,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_summary(summary, db_url(db))
    if summary.stopped:
        console.print(f"[red]stopped:[/red] {shown(summary.stopped)}; run again to resume", highlight=False)
        raise typer.Exit(int(ExitCode.storage))
    if summary.failed:
        raise typer.Exit(int(ExitCode.partial_failure))


def print_summary(summary, url: str) -> None:
    """One line per input (names escaped, so a name cannot fake a line), then the counts."""

    def line(text: str) -> None:
        console.print(text, highlight=False, soft_wrap=True)

    for item in summary.stored:
        rec = item.extraction or {}
        edits = f", {item.edits} edits" if item.edits is not None else ""
        label = " · ".join(
            str(v) for v in (rec.get("number"), rec.get("issuer"), rec.get("issued_date")) if v
        )
        line(f"[green]stored[/green]  {shown(item.path)}  ({item.pages} p{edits})  {shown(label)}")
        if rec.get("review"):  # what the extraction missed or was unsure of: stored as review items too
            checks = "; ".join(f"{r['field']}: {r['reason']}" for r in rec["review"])
            line(f"  [yellow]check[/yellow]  {shown(checks)}")
    for path in summary.skipped:
        line(f"[dim]skipped[/dim] {shown(path)} (already stored; --force to re-run)")
    for dup in summary.duplicates:
        line(f"[dim]duplicate[/dim] {shown(dup.path)} (same content as {shown(dup.same_as)})")
    for f in summary.failed:
        line(f"[red]failed[/red]  {shown(f.path)}: {shown(f.reason)}")
    duplicates = f", {len(summary.duplicates)} duplicate" if summary.duplicates else ""
    line(
        f"{len(summary.stored)} stored ({summary.pages} pages), {len(summary.skipped)} skipped{duplicates}, "
        f"{len(summary.failed)} failed → {shown(shown_url(url))}"
    )


def _cluster_run(address: str | None, workers: int | None):
    """The Dask runner, bound to a scheduler address or a local cluster size (imports Dask only now)."""
    import functools

    from thidua import cluster

    return functools.partial(cluster.run, address=address, workers=workers)


@app.command("run")
def run_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to process.")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="Re-run documents already stored (keeps history).")] = False,
    jobs: JobsOption = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Submit to this Dask scheduler (tcp://HOST:8786); inputs over 4 MB must be on a path "
            "every worker can read.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Start a local Dask cluster of N worker processes."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The main job: ingest → normalize → extract → store, with a summary at the end."""
    if cluster and workers:
        console.print("[red]error:[/red] --cluster and --workers are alternatives; give one")
        raise typer.Exit(int(ExitCode.bad_args))
    try:
        _batch(paths, db, force, jobs, as_json, ingest_only=False, cluster=cluster, cluster_workers=workers)
    except ThiduaError as exc:
        fail(exc)


@app.command("ingest")
def ingest_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="Re-ingest documents already stored.")] = False,
    jobs: JobsOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest files (OCR where needed) and store their pages; `run` also restores and extracts."""
    try:
        _batch(paths, db, force, jobs, as_json, ingest_only=True)
    except ThiduaError as exc:
        fail(exc)


@app.command("normalize")
def normalize_cmd(
    file: Annotated[str, typer.Argument(help="Text file to restore, or - for stdin.")] = "-",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")] = None,
    edits: Annotated[Path | None, typer.Option("--edits", help="Write the edits as JSON here.")] = None,
) -> None:
    """Restore OCR-garbled or accent-stripped Vietnamese text."""
    from thidua.normalize import restore

    try:
        restored = restore(read_text_input(file))
    except ThiduaError as exc:
        fail(exc)
    if output:
        output.write_text(restored.text, encoding="utf-8")
    else:
        sys.stdout.write(restored.text)
    if edits:
        edits.write_text(
            json.dumps([asdict(e) for e in restored.edits], ensure_ascii=False, indent=1), encoding="utf-8"
        )


@app.command("eval")
def eval_cmd(
    pairs: Annotated[Path, typer.Argument(help="Generated pairs (python -m thidua.training.pages).")] = Path(
        "build/pairs"
    ),
    split: Annotated[
        str, typer.Option("--split", help="Comma-separated: test, dev (halves of eval), plans, heldout, …")
    ] = "test,plans2,heldout,heldout2",
    kinds: Annotated[str, typer.Option("--kinds", help="Comma-separated input kinds.")] = (
        "eng,stripped,vie,correct"
    ),
    seeds: Annotated[Path | None, typer.Option("--seeds", help="Folder of real plans without gold.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many pages per split.")] = 0,
) -> None:
    """Measure the normalizer per input kind on held-out generated pairs (syllable accuracy, speed)."""
    from thidua.training.restore_eval import run

    try:
        report = run(pairs, split.split(","), kinds.split(","), seeds, limit)
    except ThiduaError as exc:
        fail(exc)
    if not report:
        console.print(f"[red]error:[/red] no pairs under {pairs} (python -m thidua.training.pages)")
        raise typer.Exit(int(ExitCode.bad_args))
    print(json.dumps(report, indent=2, ensure_ascii=False))


@app.command("extract")
def extract_cmd(
    file: Annotated[str, typer.Argument(help="Plan text (raw or restored), or - for stdin.")] = "-",
    as_json: JsonOption = False,
) -> None:
    """Extract a plan's fields (number, issuer, dates, legal bases, awards, …) as JSON."""
    from thidua.extract import extract
    from thidua.normalize import restore

    try:
        record = extract(restore(read_text_input(file)).text, restore_first=False).record
    except ThiduaError as exc:
        fail(exc)
    if as_json:
        print(json.dumps(record, ensure_ascii=False))
        return
    for key, value in record.items():
        if value in (None, [], {}):
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        console.print(f"[bold]{key}[/bold]: {shown}", highlight=False, soft_wrap=True)


@app.command("search", context_settings={"ignore_unknown_options": True})
def search_cmd(
    query: Annotated[
        str, typer.Argument(help="Words to find, with or without diacritics (-word excludes a word).")
    ],
    db: DbOption = None,
    province: Annotated[str | None, typer.Option(help="Only this province.")] = None,
    year: Annotated[int | None, typer.Option(help="Only plans issued this year.")] = None,
    doc_type: Annotated[str | None, typer.Option("--doc-type", help="e.g. 'Kế hoạch'.")] = None,
    issuer: Annotated[str | None, typer.Option(help="Issuer name contains this.")] = None,
    award: Annotated[str | None, typer.Option(help="Confers this award form, e.g. 'Bằng khen'.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Issued on or after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Issued on or before YYYY-MM-DD.")] = None,
    deadline_from: Annotated[
        str | None, typer.Option("--deadline-from", help="Some deadline on or after YYYY-MM-DD.")
    ] = None,
    deadline_to: Annotated[
        str | None, typer.Option("--deadline-to", help="Some deadline on or before YYYY-MM-DD.")
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over stored plans, ranked, with snippets and filters."""
    try:
        from thidua.corpus import SearchFilters

        wanted = SearchFilters(
            province, year, doc_type, issuer, award, date_from, date_to, deadline_from, deadline_to
        )
        hits = open_db(db, must_exist=True, read_only=True).search(query, wanted, limit=limit)
    except ThiduaError as exc:
        fail(exc)
    if as_json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        console.print("no matches")
        return
    for hit in hits:
        head = " · ".join(str(v) for v in (hit.number, hit.issuer, hit.issued_date) if v)
        copies = f"  ({hit.copies} copies stored)" if hit.copies > 1 else ""
        print(f"{hit.score:7.3f}  {head or hit.source_path}{copies}")
        print(f"         {hit.snippet}")


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (jsonl) or folder.")] = None,
    db: DbOption = None,
    since: Annotated[
        int | None, typer.Option("--since", min=0, help="jsonl: only documents changed after this seq.")
    ] = None,
) -> None:
    """Export the dataset: JSONL records (with texts), or flattened CSV/Parquet tables."""
    if fmt not in ("jsonl", "csv", "parquet"):
        console.print(f"[red]error:[/red] unknown format {fmt!r} (jsonl, csv, parquet)")
        raise typer.Exit(int(ExitCode.bad_args))
    if since is not None and fmt != "jsonl":
        console.print("[red]error:[/red] --since needs --format jsonl")
        raise typer.Exit(int(ExitCode.bad_args))
    try:
        written = open_db(db, must_exist=True, read_only=True).export(fmt, output, since=since)
    except ThiduaError as exc:
        fail(exc)
    for path in written:
        console.print(f"wrote {path}", highlight=False)


@app.command("reindex")
def reindex_cmd(db: DbOption = None) -> None:
    """Rebuild the search index (after an upgrade that changes it; PostgreSQL signatures and sketches)."""
    try:
        count = open_db(db, must_exist=True).reindex()
    except ThiduaError as exc:
        fail(exc)
    console.print(f"reindexed {count} documents", highlight=False)


from thidua import cli_review  # noqa: E402, F401  (registers serve, review, show, facets)
