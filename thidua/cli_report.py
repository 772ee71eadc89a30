"""What a batch command prints as it goes: each input's line on stdout as it finishes (text or JSON),
progress on stderr (a bar, plain log lines, or nothing), then the summary line."""

from __future__ import annotations

import enum
import json
import logging
import time
from dataclasses import asdict
from types import TracebackType

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from thidua.outcomes import Duplicate, Failure, Item, RunSummary, Skipped, Stored

# Consoles find sys.stdout / sys.stderr when they print (a test runner swaps them); soft_wrap: a line
# is never cut at the terminal's (or, in a pipe, 80) columns.
out = Console(soft_wrap=True, highlight=False)
err = Console(stderr=True, soft_wrap=True, highlight=False)
progress_log = logging.getLogger("thidua.progress")


class ProgressMode(enum.StrEnum):
    """How a batch shows its progress on stderr."""

    auto = "auto"  # bar on a terminal, plain otherwise
    bar = "bar"
    plain = "plain"  # one log line per finished document
    none = "none"


def shown(text: str) -> str:
    """A file name or reason for the terminal: control characters (newlines too) escaped, no markup."""
    return escape("".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text))


def item_lines(item: Item) -> list[str]:
    """The text lines (rich markup) of one input's outcome; names escaped, so a name cannot fake a line."""
    match item:
        case Stored():
            rec = item.extraction or {}
            edits = f", {item.edits} edits, {item.flagged} flagged" if item.edits is not None else ""
            label = " · ".join(
                str(v) for v in (rec.get("number"), rec.get("issuer"), rec.get("issued_date")) if v
            )
            lines = [f"[green]stored[/green]  {shown(item.path)}  ({item.pages} p{edits})  {shown(label)}"]
            if rec.get("review"):  # what the extraction missed or was unsure of: stored as review items too
                checks = "; ".join(f"{r['field']}: {r['reason']}" for r in rec["review"])
                lines.append(f"  [yellow]check[/yellow]  {shown(checks)}")
            return lines
        case Skipped():
            return [f"[dim]skipped[/dim] {shown(item.path)} (already stored; --force to re-run)"]
        case Duplicate():
            return [f"[dim]duplicate[/dim] {shown(item.path)} (same content as {shown(item.same_as)})"]
        case Failure():
            return [f"[red]failed[/red]  {shown(item.path)}: {shown(item.reason)}"]
    raise TypeError(item)


def item_json(item: Item) -> dict:
    """One input's outcome as a JSON object: `event` (stored, skipped, duplicate, failed) and its fields."""
    event = {Stored: "stored", Skipped: "skipped", Duplicate: "duplicate", Failure: "failed"}[type(item)]
    return {"event": event, **asdict(item)}


def masked(url: str) -> str:
    """A database URL for messages: its password masked."""
    from thidua.corpus.database import masked as mask

    return mask(url)


def summary_line(summary: RunSummary, db: str) -> str:
    """The counts of a batch, and where it was stored (`db`'s password masked)."""
    restored = any(item.edits is not None for item in summary.stored)
    flagged = f"; {summary.flagged} edits flagged for review" if restored else ""
    duplicates = f", {len(summary.duplicates)} duplicate" if summary.duplicates else ""
    return (
        f"{len(summary.stored)} stored ({summary.pages} pages{flagged}), {len(summary.skipped)} skipped"
        f"{duplicates}, {len(summary.failed)} failed → {shown(masked(db))}"
    )


def summary_json(summary: RunSummary, db: str) -> dict:
    """The last JSON line of a batch: its counts, and the database (password masked)."""
    return {
        "event": "summary",
        "stored": len(summary.stored),
        "pages": summary.pages,
        "flagged": summary.flagged,
        "skipped": len(summary.skipped),
        "duplicates": len(summary.duplicates),
        "failed": len(summary.failed),
        "stopped": summary.stopped,
        "db": masked(db),
    }


class BatchReport:
    """Prints a batch as it runs: `item` for each input, `total` and `done` for the progress."""

    def __init__(self, mode: ProgressMode, as_json: bool) -> None:
        if mode is ProgressMode.auto:
            mode = ProgressMode.bar if err.is_terminal else ProgressMode.plain
        self.mode = mode
        self.as_json = as_json
        self.started = time.monotonic()
        self.count = self.pages = 0
        self.expected: int | None = None
        self.bar = Progress(
            TextColumn("[bold]documents"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[pages]} pages · {task.fields[rate]}"),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=mode is not ProgressMode.bar,
        )
        self.task = self.bar.add_task("documents", total=None, pages=0, rate="")

    def __enter__(self) -> BatchReport:
        self.bar.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.bar.stop()

    def item(self, item: Item) -> None:
        """Print one input's outcome now (stdout; rich flushes after each print)."""
        if self.as_json:
            print(json.dumps(item_json(item), ensure_ascii=False), flush=True)
            return
        for line in item_lines(item):
            out.print(line)

    def total(self, count: int) -> None:
        """The number of documents to process."""
        self.expected = count
        self.bar.update(self.task, total=count)

    def done(self, pages: int) -> None:
        """One document processed (pages: 0 when it failed)."""
        self.count += 1
        self.pages += pages
        elapsed = time.monotonic() - self.started
        rate = f"{self.pages / max(elapsed, 1e-6):.2f} pages/s"
        self.bar.update(self.task, advance=1, pages=self.pages, rate=rate)
        if self.mode is ProgressMode.plain:
            of = f"/{self.expected}" if self.expected is not None else ""
            progress_log.info(f"{self.count}{of} documents, {self.pages} pages, {rate}, {elapsed:.0f} s")

    def summary(self, summary: RunSummary, db: str) -> None:
        """The last line: the counts (a JSON object with `as_json`)."""
        if self.as_json:
            print(json.dumps(summary_json(summary, db), ensure_ascii=False), flush=True)
        else:
            out.print(summary_line(summary, db))
