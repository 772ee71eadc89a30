"""What became of each input of a batch (stored, skipped, duplicate, failed), and the batch's summary.

Plain records, cheap to import: the CLI prints them without loading the stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from thidua.errors import path_text

if TYPE_CHECKING:
    from thidua.types import Processed


@dataclass
class Failure:
    """An input that could not be processed, and why."""

    path: str
    reason: str
    sha256: str | None = None

    def __post_init__(self) -> None:
        self.path = path_text(self.path)  # names are data: any bytes, stored and shown as text
        self.reason = path_text(self.reason)


@dataclass(frozen=True)
class Duplicate:
    """An input whose content is the same as an earlier input of the same batch (stored once)."""

    path: str
    same_as: str


@dataclass(frozen=True)
class Stored:
    """What the summary keeps of a stored document (not its pages, so long batches stay small)."""

    path: str
    sha256: str
    pages: int
    edits: int | None
    extraction: dict | None  # the extraction record
    flagged: int | None = None  # edits flagged for review (low confidence)

    @classmethod
    def of(cls, processed: Processed) -> Stored:
        """The summary line of a processed document."""
        doc = processed.document
        return cls(
            path=doc.source_path,
            sha256=doc.sha256,
            pages=len(doc.pages),
            edits=len(processed.restored.edits) if processed.restored else None,
            extraction=processed.extraction.record if processed.extraction else None,
            flagged=len(processed.restored.flagged) if processed.restored else None,
        )


@dataclass(frozen=True)
class Skipped:
    """An input already stored (a re-run skips it unless forced)."""

    path: str


Item = Stored | Failure | Duplicate | Skipped
"""What became of one input."""


@dataclass
class RunSummary:
    """What a batch did."""

    stored: list[Stored] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the database
    failed: list[Failure] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped early (the database became unreachable)
    on_item: Callable[[Item], None] | None = field(default=None, repr=False, compare=False)

    @property
    def pages(self) -> int:
        """Pages processed in this run."""
        return sum(item.pages for item in self.stored)

    @property
    def flagged(self) -> int:
        """Edits flagged for review in this run."""
        return sum(item.flagged or 0 for item in self.stored)

    def add(self, item: Item) -> None:
        """Record what became of one input, and tell `on_item` at once."""
        match item:
            case Stored():
                self.stored.append(item)
            case Failure():
                self.failed.append(item)
            case Duplicate():
                self.duplicates.append(item)
            case Skipped():
                self.skipped.append(item.path)
        if self.on_item:
            self.on_item(item)
