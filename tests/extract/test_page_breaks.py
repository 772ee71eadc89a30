"""Page breaks never lose a field: a `\\f` at any line boundary of a fixture gives the same record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thidua.extract import extract

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "authored").glob("*.txt"))


def _key(record: dict) -> dict:
    """The values a reader compares: header fields, counts and dates of the lists, the signer."""
    camp = record["campaign"] or {}
    return {
        **{k: record[k] for k in ("doc_type", "number", "issuer", "province", "place", "issued_date")},
        "bases": [(b["type"], b["number"], b["date"]) for b in record["legal_bases"]],
        "awards": sorted((a["form"], a["count"]) for a in record["awards"]),
        "deadlines": sorted(d["date"] for d in record["deadlines"]),
        "period": json.dumps(camp.get("period")),
        "signer": (record["signer"] or {}).get("name"),
    }


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_a_page_break_at_any_line_boundary_keeps_every_field(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = _key(extract(text).record)
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    lost = []
    for i in breaks:
        broken = text[:i] + "\f" + text[i + 1 :]
        got = _key(extract(broken).record)
        if got != expected:
            lost.append(
                (text.count("\n", 0, i) + 1, {k: (expected[k], got[k]) for k in got if got[k] != expected[k]})
            )
    assert not lost, f"{len(lost)} of {len(breaks)} boundaries change the record, first: {lost[:2]}"
