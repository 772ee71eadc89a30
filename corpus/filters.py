"""Search filters: what a search or listing is narrowed to (`SearchFilters`, the one definition the
store, the CLI and the web app share), as SQL conditions and as index tokens (`conditions`).

Text filters (province, issuer, award) match whole folded words in order: `dong thap` and `Đồng Tháp`
match "Tỉnh Đồng Tháp"; `thap` does too, `tha` does not. A province may be named with its level
(`Tỉnh Đồng Tháp`, `Thành phố Hà Nội`, `TP. Hồ Chí Minh`): stored provinces carry none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from thidua.corpus.fold import key, meta_tokens, month_token, pg_mark
from thidua.errors import SearchQueryError

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PROVINCE_LEVELS = (("tinh",), ("thanh", "pho"), ("tp",), ("t", "p"))
"""Folded words naming a province's level, dropped from the front of a province filter."""


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to, from the extraction's fields (None: no restriction)."""

    province: str | None = None
    year: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    award: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_to: str | None = None
    deadline_from: str | None = None  # some deadline on or after (same forms)
    deadline_to: str | None = None


@dataclass
class Filters:
    """SQL conditions (see `conditions`), and the same filters as meta-token groups for the text index.

    Each group is ("phrase", tokens) or ("any", tokens). The index narrows (a superset: PostgreSQL
    drops the adjacency of a phrase); the SQL conditions decide.
    """

    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    dates: bool = False  # date ranges cannot be expressed in FTS5: the match must join documents
    loose: bool = False  # some condition is wider as index tokens (see `decided_by_phrases`)

    @property
    def decided_by_phrases(self) -> bool:
        """Whether the groups, matched as phrases, select exactly what the SQL conditions do: true
        for the province, issuer and year (a key's words, contiguous, among tokens of its own
        field), not for a document type (contained, not equal), award forms (a phrase may span two
        forms) or dates (months and years, wider than a range)."""
        return not self.loose

    @property
    def sql(self) -> str:
        return "".join(" AND " + w for w in self.where)

    def meta(self, name: str, folded: str) -> None:
        """The filter as a phrase of meta tokens; a value with no words matches nothing."""
        if folded:
            self.groups.append(("phrase", meta_tokens(name, folded).split()))
        else:
            self.where.append("1 = 0")
            self.loose = True

    def fts5(self) -> list[str]:
        """The groups as FTS5 expressions."""
        return [
            f'"{" ".join(tokens)}"' if kind == "phrase" else "(" + " OR ".join(f'"{t}"' for t in tokens) + ")"
            for kind, tokens in self.groups
        ]

    def tsquery(self) -> str:
        """The groups as a PostgreSQL tsquery over the tsvector's marks (fold.pg_mark)."""
        parts = [
            (" & " if kind == "phrase" else " | ").join(f"'{pg_mark(t)}'" for t in tokens)
            for kind, tokens in self.groups
        ]
        return " & ".join(f"({p})" for p in parts)

    def words(self, name: str, column: str, folded: str) -> None:
        """`column` (a folded key) contains the words `folded`, contiguous and whole."""
        # Keys are folded words separated by single spaces: no LIKE wildcards can sneak in.
        self.where.append(f"(' ' || {column} || ' ') LIKE :{name}")
        self.params[name] = f"% {folded} %"
        self.meta(name, folded)


def province_key(value: str) -> str:
    """A province filter's folded words without a leading level ("Tỉnh Đồng Tháp" → "dong thap")."""
    words = (key(value) or "").split()
    for level in PROVINCE_LEVELS:
        if tuple(words[: len(level)]) == level and len(words) > len(level):
            return " ".join(words[len(level) :])
    return " ".join(words)


def conditions(wanted: SearchFilters, table: str) -> Filters:
    """The filters as conditions on `documents d` ("d") or on PostgreSQL's `search_index` row (""),
    which holds copies of the filter keys so candidates are filtered as the index scan reads them."""
    f = Filters()
    col = f"{table}." if table else ""
    if wanted.province is not None:
        f.words("province", f"{col}province_key", province_key(wanted.province))
    if wanted.issuer is not None:
        f.words("issuer", f"{col}issuer_key", key(wanted.issuer) or "")
    if wanted.doc_type is not None:
        folded = key(wanted.doc_type) or ""
        f.where.append(f"{col}doc_type_key = :doc_type")
        f.params["doc_type"] = folded
        f.meta("doc_type", folded)
        f.loose = True
    if wanted.year is not None:
        f.where.append(f"{col}issued_year = :year")
        f.params["year"] = int(wanted.year)
        f.meta("year", str(int(wanted.year)))
    if wanted.award is not None:
        folded = key(wanted.award) or ""
        # award_keys: the forms' keys joined by " | ", so no match spans two forms.
        f.where.append(f"(' ' || {col}award_keys || ' ') LIKE :award")
        f.params["award"] = f"% {folded} %"
        f.meta("award", folded)
        f.loose = True
    for name, op, value in (("date_from", ">=", wanted.date_from), ("date_to", "<=", wanted.date_to)):
        if value is not None:
            f.where.append(f"{col}issued_date {op} :{name}")
            # ISO dates compare as strings; "--to 2025" must admit "2025-12-31", so pad the upper bound.
            f.params[name] = _checked(value) if name == "date_from" else (_checked(value) + "-99-99")[:10]
            f.dates = f.loose = True
    deadline = _deadline(wanted, table, f)
    if deadline:
        f.where.append(deadline)
    if wanted.date_from and wanted.date_to:
        narrowing = _date_tokens(wanted.date_from, f.params["date_to"])
        if narrowing:
            f.groups.append(("any", narrowing))
    return f


def _checked(value: str) -> str:
    if not _DATE.match(value):
        raise SearchQueryError(f"{value!r}: not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return value


def _deadline(wanted: SearchFilters, table: str, f: Filters) -> str:
    """A condition: some deadline of the document's current record falls in the range ('' if none).
    On `documents d`, the deadlines in range are found once (their date index) rather than probed
    per document."""
    tests = []
    if wanted.deadline_from is not None:
        tests.append("dl.date >= :deadline_from")
        f.params["deadline_from"] = _checked(wanted.deadline_from)
    if wanted.deadline_to is not None:
        tests.append("dl.date <= :deadline_to")
        f.params["deadline_to"] = (_checked(wanted.deadline_to) + "-99-99")[:10]
    if not tests:
        return ""
    f.dates = f.loose = True  # SQLite: the match must join documents
    in_range = " AND ".join(tests)
    if table:
        return f"{table}.current_extraction_id IN (SELECT extraction_id FROM deadlines dl WHERE {in_range})"
    return (
        "EXISTS (SELECT 1 FROM deadlines dl JOIN documents dd ON dd.current_extraction_id = dl.extraction_id "
        f"WHERE dd.id = search_index.document_id AND {in_range})"
    )


def _date_tokens(date_from: str, date_to: str) -> list[str]:
    """Index tokens covering every date the SQL range admits (a superset), or [] when too many.

    `date_to` is the padded upper bound ("2025-06-99").
    """
    first, last = int(date_from[:4]), int(date_to[:4])
    if not 0 <= last - first <= 20:
        return []
    months = [(y, m) for y in range(first, last + 1) for m in range(1, 13)]
    months = [(y, m) for y, m in months if date_from[:7] <= f"{y}-{m:02d}" <= date_to]
    bare_years = [y for y in range(first, last + 1) if date_from <= str(y) <= date_to]
    if len(months) <= 48:
        return [month_token(f"{y}-{m:02d}") for y, m in months] + [month_token(str(y)) for y in bare_years]
    return [meta_tokens("year", str(y)) for y in range(first, last + 1)]
