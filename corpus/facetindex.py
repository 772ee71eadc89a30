"""Facet counts from memory: each document's facet values as integer codes (numpy), kept current
from the change sequence, so counting 50,000 matches takes milliseconds, not six GROUP BY scans.

The first use reads every document once; later uses read only the documents whose `seq` passed
the one seen (a correction, a re-run), and rebuild the multi-valued columns when one changed.
Counts are exact for the store as of the change-sequence value read at the start of the call. Copies of
one document (corpus.identity) count once: a copy is left out when its first copy is counted too.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import text
from sqlalchemy.engine import Connection

from thidua.corpus.store import Store

SINGLE = ("province", "year", "doc_type", "issuer")
MULTI = ("award", "deadline_month")
BY_VALUE = ("year", "deadline_month")
"""Facets listed by value (newest first) rather than by count."""


@dataclass
class _Column:
    """One facet: value → code (0 is "no value"), and the values by code."""

    codes: dict[Any, int] = field(default_factory=dict)
    values: list[Any] = field(default_factory=lambda: [None])

    def code(self, value: Any) -> int:
        if value is None:
            return 0
        found = self.codes.get(value)
        if found is None:
            found = self.codes[value] = len(self.values)
            self.values.append(value)
        return found


class FacetIndex:
    """Facet codes per document row; rows in document-id order."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seq = -1
        self.ids = np.zeros(0, dtype=np.int64)
        self.logical = np.zeros(0, dtype=np.int64)  # the first copy's id (its own id when none)
        self.columns = {name: _Column() for name in SINGLE + MULTI}
        self.single = {name: np.zeros(0, dtype=np.int32) for name in SINGLE}
        self.multi: dict[str, dict[int, tuple[int, ...]]] = {name: {} for name in MULTI}
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def refresh(self, conn: Connection) -> None:
        """Read what changed since the last call (everything, the first time)."""
        state = conn.execute(text("SELECT value FROM counters WHERE name = 'changes'")).scalar() or 0
        if state == self.seq:
            return
        window = {"after": self.seq, "upto": state}
        rows = conn.execute(
            text(
                "SELECT d.id, d.province, d.issued_year, d.doc_type, d.issuer, "
                "COALESCE(d.logical_id, d.id) FROM documents d "
                "WHERE d.seq > :after AND d.seq <= :upto ORDER BY d.id"
            ),
            window,
        ).all()
        self._put_single(rows)
        changed = [row[0] for row in rows]
        lists = {
            "award": "SELECT d.id, a.form FROM awards a JOIN documents d ON a.extraction_id = "
            "d.current_extraction_id WHERE d.seq > :after AND d.seq <= :upto AND a.form IS NOT NULL",
            "deadline_month": "SELECT d.id, substr(dl.date, 1, 7) FROM deadlines dl JOIN documents d ON "
            "dl.extraction_id = d.current_extraction_id WHERE d.seq > :after AND d.seq <= :upto "
            "AND dl.date LIKE '____-__%' AND substr(dl.date, 1, 1) <> '-'",  # not a recurring --MM-DD
        }
        for name, sql in lists.items():
            found: dict[int, set[int]] = {doc_id: set() for doc_id in changed}
            column = self.columns[name]
            for doc_id, value in conn.execute(text(sql), window):
                found.setdefault(doc_id, set()).add(column.code(value))
            self.multi[name].update({doc_id: tuple(sorted(codes)) for doc_id, codes in found.items()})
        if changed:
            self._rebuild_pairs()
        self.seq = state

    def _put_single(self, rows: Sequence[Any]) -> None:
        if not rows:
            return
        ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
        codes = {
            name: np.fromiter((self.columns[name].code(row[n + 1]) for row in rows), np.int32, len(rows))
            for n, name in enumerate(SINGLE)
        }
        logical = np.fromiter((row[len(SINGLE) + 1] for row in rows), dtype=np.int64, count=len(rows))
        where = np.searchsorted(self.ids, ids)
        known = np.zeros(len(ids), dtype=bool)
        if len(self.ids):
            known = (where < len(self.ids)) & (self.ids[np.minimum(where, len(self.ids) - 1)] == ids)
        for name in SINGLE:
            self.single[name][where[known]] = codes[name][known]
        self.logical[where[known]] = logical[known]
        if (~known).any():
            merged = np.concatenate([self.ids, ids[~known]])
            order = np.argsort(merged, kind="stable")
            self.ids = merged[order]
            self.logical = np.concatenate([self.logical, logical[~known]])[order]
            for name in SINGLE:
                self.single[name] = np.concatenate([self.single[name], codes[name][~known]])[order]

    def _rebuild_pairs(self) -> None:
        """The multi-valued facets as (row, code) arrays, one pair per document and value."""
        for name in MULTI:
            items = [(doc_id, code) for doc_id, codes in self.multi[name].items() for code in codes]
            ids = np.fromiter((i for i, _ in items), dtype=np.int64, count=len(items))
            codes = np.fromiter((c for _, c in items), dtype=np.int32, count=len(items))
            self.pairs[name] = (np.searchsorted(self.ids, ids), codes)

    def mask(self, ids: list[int] | None) -> np.ndarray:
        """Rows of the documents named (all rows for None); ids not in the index are ignored."""
        if ids is None:
            return np.ones(len(self.ids), dtype=bool)
        out = np.zeros(len(self.ids), dtype=bool)
        wanted = np.asarray(ids, dtype=np.int64)
        if len(self.ids) and len(wanted):
            where = np.minimum(np.searchsorted(self.ids, wanted), len(self.ids) - 1)
            out[where[self.ids[where] == wanted]] = True
        return out

    def once(self, rows: np.ndarray) -> np.ndarray:
        """`rows` without the copies whose first copy is among them (a document counts once)."""
        copies = np.nonzero(rows & (self.logical != self.ids))[0]
        if not len(copies):
            return rows
        first = np.minimum(np.searchsorted(self.ids, self.logical[copies]), len(self.ids) - 1)
        counted = (self.ids[first] == self.logical[copies]) & rows[first]
        out = rows.copy()
        out[copies[counted]] = False
        return out

    def counts(self, rows: np.ndarray, top: int) -> dict[str, Any]:
        """Documents per value of each facet among `rows` (a mask), as {value, count} lists."""
        rows = self.once(rows)
        out: dict[str, Any] = {"total": int(rows.sum())}
        for name in SINGLE + MULTI:
            column = self.columns[name]
            if name in SINGLE:
                codes = self.single[name][rows]
            else:
                pair_rows, pair_codes = self.pairs.get(name, (np.zeros(0, int), np.zeros(0, np.int32)))
                codes = pair_codes[rows[pair_rows]] if len(pair_rows) else pair_codes
            tally = np.bincount(codes, minlength=len(column.values))
            tally[0] = 0
            found = np.nonzero(tally)[0]
            if name in BY_VALUE:
                ranked = sorted(found, key=lambda c: column.values[c], reverse=True)
            else:
                ranked = sorted(found, key=lambda c: (-tally[c], str(column.values[c])))
            out[name] = [{"value": column.values[c], "count": int(tally[c])} for c in ranked[:top]]
        return out

    def grid(self, rows: np.ndarray) -> list[tuple[str, int, int]]:
        """(province, year, documents) among `rows`, for documents with both."""
        provinces, years = self.columns["province"], self.columns["year"]
        rows = self.once(rows)
        p, y = self.single["province"][rows], self.single["year"][rows]
        keep = (p > 0) & (y > 0)
        tally = np.bincount(p[keep].astype(np.int64) * len(years.values) + y[keep])
        cells = [
            (provinces.values[c // len(years.values)], years.values[c % len(years.values)], int(n))
            for c, n in enumerate(tally)
            if n
        ]
        return sorted(cells, key=lambda cell: (cell[0], cell[1]))


def index_of(store: Store) -> FacetIndex:
    """The store's facet index (one per open store)."""
    found = store.__dict__.get("_facet_index")
    if found is None:
        found = store.__dict__.setdefault("_facet_index", FacetIndex())
    return found
