"""The interface every database backend implements (corpus.backends)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.engine import URL, Connection, Engine

from thidua.corpus.filters import Filters, SearchFilters
from thidua.corpus.query import Query

WRITE_OPTION = "thidua_write"
WRITE = {WRITE_OPTION: True}
"""Execution options of a connection that writes (SQLite then takes the write lock at BEGIN)."""
FILTER_KEYS = ("province_key", "issuer_key", "doc_type_key", "issued_year", "issued_date")
"""The documents' folded filter columns (PostgreSQL copies them into its index row)."""


@dataclass
class Entry:
    """One document's index entry: its folded words, its meta tokens and its filter keys."""

    id: int
    words: list[str]
    meta: str
    keys: dict[str, Any] = field(default_factory=dict)  # FILTER_KEYS and `forms`, the award forms' keys


class Backend(Protocol):
    """One database's side of the store."""

    name: str
    drivers: tuple[str, ...]
    """URL driver names this backend accepts; the first is the one it connects with."""
    json_type: str
    """The column type of JSON values in DDL."""

    def engine(self, url: URL, read_only: bool = False) -> Engine:
        """An engine with this database's connection settings; `read_only` where supported."""
        ...

    def writable(self, url: URL) -> bool:
        """Whether the database at `url` can be written (a read-only file, say, cannot)."""
        ...

    def display(self, url: URL) -> str:
        """The URL as shown in messages (no password)."""
        ...

    def has_table(self, conn: Connection, name: str) -> bool:
        """Whether the store's own schema has this table."""
        ...

    def upgrade(self, conn: Connection, version: int) -> None:
        """This database's own part of migration `version` (the full-text index, column types)."""
        ...

    def lock_schema(self, conn: Connection) -> None:
        """Let one process migrate at a time (held until the transaction ends)."""
        ...

    def lock_document(self, conn: Connection, sha256: str) -> None:
        """Serialise the writers of one document (held until the transaction ends)."""
        ...

    def write_index(self, conn: Connection, rows: Sequence[Entry]) -> None:
        """Replace the full-text index entries of these documents."""
        ...

    def matching(self, conn: Connection, parsed: Query, wanted: SearchFilters) -> list[int]:
        """Ids of the documents holding the words (or, for an empty query, the filters' index
        tokens) that meet the filters exactly."""
        ...

    def ids(self, conn: Connection, sql: str, params: dict[str, Any]) -> list[int]:
        """The ids a query selects (one column), fetched as one aggregate rather than row by row."""
        ...

    def id_list(self, ids: list[int]) -> tuple[str, Any]:
        """A condition on `documents d` true for these ids, and the value of its parameter `match_ids`."""
        ...

    def filter_table(self) -> str:
        """The table alias ranked search tests the filters on ("d": documents; "": the index row)."""
        ...

    def rank(
        self, conn: Connection, parsed: Query, f: Filters, limit: int, window: int | None
    ) -> list[tuple[int, float]]:
        """The ids and scores of the best `limit` matches, best first, among the newest `window`
        matches (None: all)."""
        ...
