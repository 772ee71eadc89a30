"""One document, many copies: the same plan stored as a text export, a scan and a born-digital PDF.

Copies are one logical document when their issue dates agree, their numbers agree (the digits exactly: a
body issues `168/KH-UBND` and `169/KH-UBND` the same day; the code up to one misread letter, `KH-UBNÐ`), and
their issuers agree once folded (or one of them lost its issuer). A document without a number and a full
date stands alone: too little to tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from thidua.corpus.fold import fold

_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# characters OCR confuses in symbols, folded to one form before comparing
_OCR_SAME = str.maketrans({"o": "0", "i": "1", "l": "1"})


@dataclass(frozen=True)
class Identity:
    """What identifies a document across copies: its number, issue date and issuer, folded."""

    number: str
    issued_date: str
    issuer: str


def identity(number: str | None, issued_date: str | None, issuer: str | None) -> Identity | None:
    """The identity of a stored document, or None when it has no number or no full issue date."""
    if not number or not issued_date or not _FULL_DATE.match(issued_date):
        return None
    digits = re.match(r"\s*(\d+)", number)
    if not digits:
        return None
    code = re.sub(r"[^0-9a-z]", "", fold(number[digits.end() :]).lower()).translate(_OCR_SAME)
    return Identity(
        f"{int(digits.group(1))}/{code}", issued_date, " ".join(fold(issuer or "").lower().split())
    )


def same_document(a: Identity, b: Identity) -> bool:
    """Whether two identities name one document (OCR noise in the number and issuer forgiven)."""
    a_digits, a_code = a.number.split("/", 1)
    b_digits, b_code = b.number.split("/", 1)
    if a.issued_date != b.issued_date or a_digits != b_digits or Levenshtein.distance(a_code, b_code) > 1:
        return False
    return not a.issuer or not b.issuer or fuzz.ratio(a.issuer, b.issuer) >= 85


def logical_id(doc_id: int, own: Identity | None, others: Iterable[Any]) -> int:
    """The logical id of document `doc_id`: that of the first other copy it matches, else its own id.

    `others` are rows (id, number, issued_date, issuer, logical_id) of documents issued the same day."""
    if own is None:
        return doc_id
    for row in sorted(others, key=lambda r: r[0]):
        theirs = identity(row[1], row[2], row[3])
        if row[0] != doc_id and theirs is not None and same_document(own, theirs):
            return row[4] or row[0]
    return doc_id


def group(rows: Iterable[Any]) -> dict[int, int]:
    """Logical ids for stored documents, rows (id, number, issued_date, issuer), the first copy first."""
    out: dict[int, int] = {}
    by_date: dict[str, list[tuple[int, Identity]]] = {}
    for doc_id, number, issued_date, issuer in sorted(rows, key=lambda r: r[0]):
        own = identity(number, issued_date, issuer)
        out[doc_id] = doc_id
        if own is None:
            continue
        for other_id, other in by_date.get(own.issued_date, []):
            if same_document(own, other):
                out[doc_id] = out[other_id]
                break
        by_date.setdefault(own.issued_date, []).append((doc_id, own))
    return out
