"""The `thidua` command: a thin layer over `thidua.api`; one handler turns typed errors into exit codes.

Results go to stdout, diagnostics and progress to stderr; lines are never cut to the terminal's width.
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from thidua import api
from thidua.cli_app import (
    QUERY_SETTINGS,
    DbOption,
    JobsOption,
    JsonOption,
    PathsArgument,
    ProgressOption,
    QueryCommand,
    app,
    open_db,
    read_text_input,
)
from thidua.cli_report import BatchReport, ProgressMode, err, out, shown
from thidua.errors import ExitCode, UsageError

__all__ = ["app"]


def _batch(
    paths: list[Path],
    db: str | None,
    force: bool,
    jobs: int | None,
    as_json: bool,
    progress: ProgressMode,
    ingest_only: bool,
    cluster: str | None = None,
    cluster_workers: int | None = None,
) -> None:
    """Run a batch, printing each input as it finishes and the summary line at the end."""
    if logging.getLogger("thidua").getEffectiveLevel() > logging.INFO and progress is ProgressMode.auto:
        progress = ProgressMode.none  # --quiet
    with BatchReport(progress, as_json) as report:
        summary = api.run(
            paths,
            db=db,
            force=force,
            ingest_only=ingest_only,
            jobs=jobs,
            cluster=cluster,
            cluster_workers=cluster_workers,
            on_item=report.item,
            on_total=report.total,
            on_done=report.done,
        )
    report.summary(summary, api.db_url(db))
    if summary.stopped:
        err.print(f"[red]stopped:[/red] {shown(summary.stopped)}; run again to resume")
        raise typer.Exit(int(ExitCode.storage))
    if summary.failed:
        raise typer.Exit(int(ExitCode.partial_failure))


@app.command("run")
def run_cmd(
    paths: PathsArgument,
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
    progress: ProgressOption = ProgressMode.auto,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON line per file as it finishes, then a summary line.")
    ] = False,
) -> None:
    """The main job: ingest → normalize → extract → store, a line per file, then a summary."""
    if cluster and workers:
        raise UsageError("--cluster and --workers are alternatives; give one")
    _batch(paths, db, force, jobs, as_json, progress, False, cluster, workers)


@app.command("ingest")
def ingest_cmd(
    paths: PathsArgument,
    db: DbOption = None,
    force: Annotated[bool, typer.Option(help="Re-ingest documents already stored.")] = False,
    jobs: JobsOption = None,
    progress: ProgressOption = ProgressMode.auto,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON line per file as it finishes, then a summary line.")
    ] = False,
) -> None:
    """Ingest files (OCR where needed) and store their pages; `run` also restores and extracts."""
    _batch(paths, db, force, jobs, as_json, progress, True)


@app.command("normalize")
def normalize_cmd(
    file: Annotated[str, typer.Argument(help="Text file to restore, or - for stdin.")] = "-",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here, not stdout.")] = None,
    edits: Annotated[Path | None, typer.Option("--edits", help="Write the edits as JSON here.")] = None,
) -> None:
    """Restore OCR-garbled or accent-stripped Vietnamese text."""
    restored = api.restore(read_text_input(file))
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

    report = run(pairs, split.split(","), kinds.split(","), seeds, limit)
    if not report:
        raise UsageError(f"no pairs under {pairs} (python -m thidua.training.pages)")
    print(json.dumps(report, indent=2, ensure_ascii=False))


@app.command("extract")
def extract_cmd(
    file: Annotated[str, typer.Argument(help="Plan text (raw or restored), or - for stdin.")] = "-",
    as_json: JsonOption = False,
) -> None:
    """Extract a plan's fields (number, issuer, dates, legal bases, awards, …) as JSON."""
    record = api.extract(read_text_input(file)).record
    if as_json:
        print(json.dumps(record, ensure_ascii=False))
        return
    for key, value in record.items():
        if value in (None, [], {}):
            continue
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        out.print(f"[bold]{key}[/bold]: {shown(text)}")


@app.command("search", cls=QueryCommand, context_settings=QUERY_SETTINGS)
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
    from thidua.corpus.filters import SearchFilters

    wanted = SearchFilters(
        province=province,
        year=year,
        doc_type=doc_type,
        issuer=issuer,
        award=award,
        date_from=date_from,
        date_to=date_to,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
    )
    hits = api.search(query, db=db, filters=wanted, limit=limit)
    if as_json:
        print(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        err.print("no matches")
        return
    for hit in hits:
        head = " · ".join(str(v) for v in (hit.number, hit.issuer, hit.issued_date) if v)
        copies = f"  ({hit.copies} copies stored)" if hit.copies > 1 else ""
        print(f"{hit.score:7.3f}  {head or hit.source_path}{copies}")
        print(f"         {hit.snippet}")


@app.command("export")
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="File (jsonl) or folder; - for stdout (jsonl).")
    ] = None,
    db: DbOption = None,
    since: Annotated[
        int | None, typer.Option("--since", min=0, help="jsonl: only documents changed after this seq.")
    ] = None,
) -> None:
    """Export the dataset: JSONL records (with texts), or flattened CSV/Parquet tables."""
    if since is not None and fmt != "jsonl":
        raise UsageError("--since needs --format jsonl")
    for path in api.export(fmt, output, db=db, since=since):
        err.print(f"wrote {shown(str(path))}")


@app.command("reindex")
def reindex_cmd(db: DbOption = None) -> None:
    """Rebuild the search index (after an upgrade that changes it; PostgreSQL signatures and sketches)."""
    with open_db(db, must_exist=True) as store:
        count = store.reindex()
    err.print(f"reindexed {count} documents")


from thidua import cli_review  # noqa: E402, F401  (registers serve, review, show, facets after these)
