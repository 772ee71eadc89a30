"""Flatten an extraction record into search-filter columns and rows of the analyst tables.

Records come from another stage and may be partial: every key is read with `.get`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from thidua.corpus.fold import key

_ISO = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def text(value: Any) -> str | None:
    """A value as text: strings as they are, numbers and lists as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return json.dumps(value, ensure_ascii=False)


def integer(value: Any) -> int | None:
    """An integer, or None when the value is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def number(value: Any) -> float | None:
    """A float, or None when the value is not numeric."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return None
    return None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def filters(record: dict) -> dict[str, Any]:
    """The documents-table columns the search filters use."""
    issued = text(record.get("issued_date"))
    iso = _ISO.match(issued.strip()) if issued else None  # anything else cannot be compared as a date
    return {
        "doc_type": text(record.get("doc_type")),
        "doc_type_key": key(text(record.get("doc_type"))),
        "number": text(record.get("number")),
        "issuer": text(record.get("issuer")),
        "issuer_key": key(" ".join(filter(None, [text(record.get(f)) for f in ("parent_issuer", "issuer")]))),
        "province": text(record.get("province")),
        "province_key": key(text(record.get("province"))),
        "issued_date": iso.group(0) if iso else None,
        "issued_year": int(iso.group(1)) if iso else None,
        "title": text(record.get("title")),
        "award_keys": award_keys(record),
    }


def award_keys(record: dict) -> str | None:
    """The award forms' keys, sorted and joined by " | " ("bang khen | giay khen"), None without any."""
    forms = sorted(
        {k for item in _list(record.get("awards")) if (k := key(text(item.get("form")))) is not None}
    )
    return " | ".join(forms) or None


def _common(item: dict) -> dict[str, Any]:
    return {"confidence": number(item.get("confidence")), "evidence": item.get("evidence")}


def rows(record: dict) -> dict[str, list[dict[str, Any]]]:
    """Rows (without extraction_id) for legal_bases, awards, deadlines, targets and signers."""
    out: dict[str, list[dict[str, Any]]] = {
        "legal_bases": [
            {f: text(item.get(f)) for f in ("type", "number", "date", "issuer", "name")} | _common(item)
            for item in _list(record.get("legal_bases"))
        ],
        "awards": [
            {
                "form": text(item.get("form")),
                "form_key": key(text(item.get("form"))),
                "conferred_by": text(item.get("conferred_by")),
                "count": integer(item.get("count")),
                "recipients": text(item.get("recipients")),
                "kind": text(item.get("kind")),
            }
            | _common(item)
            for item in _list(record.get("awards"))
        ],
        "deadlines": [
            {f: text(item.get(f)) for f in ("date", "recurring", "action", "recipient")} | _common(item)
            for item in _list(record.get("deadlines"))
        ],
        "targets": [
            {"kind": "target", "text": text(item.get("text")), "value": None, "unit": None} | _common(item)
            for item in _list(record.get("targets"))
        ]
        + [
            {
                "kind": "quantitative",
                "text": text(item.get("text")),
                "value": number(item.get("value")),
                "unit": text(item.get("unit")),
            }
            | _common(item)
            for item in _list(record.get("quantitative_targets"))
        ],
        "signers": [],
    }
    signer = _dict(record.get("signer"))
    if signer:
        row: dict[str, Any] = {f: text(signer.get(f)) for f in ("name", "title", "capacity")}
        out["signers"].append(row | _common(signer))
    for table in out.values():
        for seq, row in enumerate(table):
            row["seq"] = seq
    return out
