"""Search parameters shared by the pages, the downloads and the API (one reading, one meaning)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from fastapi import HTTPException, Query

from thidua.corpus import SearchFilters

_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass
class SearchParams:
    """What the user asked for: words, filters, sort, page."""

    q: str = ""
    province: str | None = None
    year: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    award: str | None = None
    deadline_month: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    deadline_from: str | None = None
    deadline_to: str | None = None
    sort: str = ""  # "": relevance for words, else issue date
    cursor: str | None = None

    def filters(self) -> SearchFilters:
        """The corpus filters (a deadline month is a deadline range of one month)."""
        deadline_from, deadline_to = self.deadline_from, self.deadline_to
        if self.deadline_month:
            if not _MONTH.match(self.deadline_month):
                raise HTTPException(400, f"{self.deadline_month!r}: not a month (YYYY-MM)")
            deadline_from = deadline_to = self.deadline_month
        return SearchFilters(
            self.province,
            self.year,
            self.doc_type,
            self.issuer,
            self.award,
            self.date_from,
            self.date_to,
            deadline_from,
            deadline_to,
        )

    def url(self, path: str = "/", **changes: object) -> str:
        """This search with some parameters changed (None drops one); the cursor is dropped."""
        values = asdict(self) | {"cursor": None} | changes
        kept = {
            k: v for k, v in values.items() if v not in (None, "") and not (k == "sort" and v == "issued")
        }
        return path + ("?" + urlencode(kept) if kept else "")

    @property
    def active(self) -> list[tuple[str, str]]:
        """The filters in force, (name, value), for the page's "remove" links."""
        skip = ("q", "sort", "cursor")
        return [(k, str(v)) for k, v in asdict(self).items() if k not in skip and v not in (None, "")]


def search_params(
    q: str = "",
    province: str | None = None,
    year: str | None = None,
    doc_type: str | None = None,
    issuer: str | None = None,
    award: str | None = None,
    deadline_month: str | None = None,
    date_from: str | None = Query(None, description="Issued on or after (YYYY-MM-DD, YYYY-MM or YYYY)"),
    date_to: str | None = Query(None, description="Issued on or before"),
    deadline_from: str | None = Query(None, description="Some deadline on or after"),
    deadline_to: str | None = Query(None, description="Some deadline on or before"),
    sort: str = Query("", pattern="^(|issued|newest|relevance)$", description="Default: relevance for words"),
    cursor: str | None = None,
) -> SearchParams:
    """FastAPI dependency: the search parameters of a request (empty strings are no filter)."""

    def blank(v: str | None) -> str | None:
        return v if v not in ("", None) else None

    year_text = blank(year)
    if year_text is not None and not year_text.strip().isdigit():
        raise HTTPException(400, f"{year!r}: not a year")
    return SearchParams(
        q=q,
        province=blank(province),
        year=int(year_text) if year_text is not None else None,
        doc_type=blank(doc_type),
        issuer=blank(issuer),
        award=blank(award),
        deadline_month=blank(deadline_month),
        date_from=blank(date_from),
        date_to=blank(date_to),
        deadline_from=blank(deadline_from),
        deadline_to=blank(deadline_to),
        sort=sort,
        cursor=blank(cursor),
    )
