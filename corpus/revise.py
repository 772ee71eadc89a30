"""Human revisions over machine output: record fields by JSON pointer, text spans replayed in order.

A machine re-run never changes a revision: the reviewed record and text are rebuilt by applying every
revision, oldest first, to the newest machine version. A text revision finds the span it replaced
(`before`) at its offsets, else at the nearest place that text occurs; when it occurs nowhere the
revision is reported as not applied (kept, shown, counted in the review queue).
"""

from __future__ import annotations

import copy
import functools
import importlib.util
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from thidua.errors import RevisionError


@dataclass(frozen=True)
class Revision:
    """One human revision: `kind` "field" (a record value at pointer `field`) or "text" (a span)."""

    kind: str
    action: str  # "correct" or "accept"
    after: Any
    before: Any = None
    field: str | None = None
    start: int | None = None
    end: int | None = None
    author: str = ""
    note: str | None = None
    created_at: datetime | None = None
    seq: int | None = None
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (for the API and `thidua show`)."""
        out = {k: getattr(self, k) for k in ("id", "kind", "action", "field", "start", "end")}
        out |= {k: getattr(self, k) for k in ("before", "after", "author", "note", "seq")}
        out["created_at"] = self.created_at.isoformat() if self.created_at else None
        return out


@dataclass
class Applied:
    """A text with text revisions applied: `shifts` (position, old length, new length) map offsets."""

    text: str
    shifts: list[tuple[int, int, int]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # the revised spans in `text`
    orphans: list[Revision] = field(default_factory=list)

    def map_offset(self, offset: int) -> int:
        """Where an offset of the machine text lands in the revised text."""
        for position, old, new in self.shifts:
            if position + old <= offset:
                offset += new - old
            elif position < offset:
                offset = position + min(new, offset - position)
        return offset


def parts(pointer: str) -> list[str]:
    """A JSON pointer's reference tokens ("/awards/0/form" → ["awards", "0", "form"])."""
    if not pointer.startswith("/") or pointer == "/":
        raise RevisionError(f"{pointer!r}: not a field (a JSON pointer such as /number)")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def get(record: Any, pointer: str) -> Any:
    """The value at `pointer`; KeyError when it is not there."""
    node = record
    for part in parts(pointer):
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise KeyError(pointer)
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise KeyError(pointer)
    return node


def put(record: dict, pointer: str, value: Any) -> dict:
    """A copy of `record` with `value` at `pointer` (its parent must exist); KeyError otherwise."""
    out = copy.deepcopy(record)
    *path, last = parts(pointer)
    parent = get(out, "/" + "/".join(path)) if path else out
    if isinstance(parent, list):
        if not last.isdigit() or int(last) >= len(parent):
            raise KeyError(pointer)
        parent[int(last)] = value
    elif isinstance(parent, dict):
        parent[last] = value
    else:
        raise KeyError(pointer)
    return out


def apply_fields(
    record: dict, revisions: list[Revision], accepted: bool = False
) -> tuple[dict, list[Revision]]:
    """The record with the field corrections applied in order, and those whose field is gone.
    `accepted`: acceptances apply too (their value as confirmed), over a record read anew."""
    out, orphans = record, []
    kinds = ("correct", "accept") if accepted else ("correct",)
    for revision in revisions:
        if revision.kind != "field" or revision.action not in kinds:
            continue
        try:
            out = put(out, revision.field or "", revision.after)
        except KeyError:
            orphans.append(revision)
    return out, orphans


def locate(text: str, before: str, start: int) -> int | None:
    """Where `before` is in `text`: at `start` if it is there, else its occurrence nearest `start`."""
    if text[start : start + len(before)] == before:
        return start
    best = None
    found = text.find(before)
    while found >= 0 and before:
        if best is None or abs(found - start) < abs(best - start):
            best = found
        found = text.find(before, found + 1)
    return best


def apply_text(text: str, revisions: list[Revision]) -> Applied:
    """The text with the text corrections replayed in order (each located by `locate`)."""
    out = Applied(text)
    for revision in revisions:
        if revision.kind != "text" or revision.action != "correct":
            continue
        before, after = str(revision.before or ""), str(revision.after or "")
        at = locate(out.text, before, revision.start or 0)
        if at is None:
            out.orphans.append(revision)
            continue
        out.text = out.text[:at] + after + out.text[at + len(before) :]
        out.shifts.append((at, len(before), len(after)))
        out.spans = [_shift(span, at, len(before), len(after)) for span in out.spans]
        out.spans.append((at, at + len(after)))
    return out


def _shift(span: tuple[int, int], at: int, old: int, new: int) -> tuple[int, int]:
    start, end = span
    if start >= at + old:
        return start + new - old, end + new - old
    return start, end if end <= at else max(at + new, end + new - old)


@functools.cache
def _schema() -> dict[str, Any]:
    """The extraction record's JSON Schema, read without importing the extraction pipeline (spaCy)."""
    spec = importlib.util.find_spec("thidua.extract")
    folder = Path(next(iter(spec.submodule_search_locations or []))) if spec else Path()
    return json.loads((folder / "schema.json").read_text(encoding="utf-8"))


def editable_fields() -> list[str]:
    """The record's top-level fields, as the schema lists them (bookkeeping ones left out)."""
    return [name for name in _schema()["properties"] if name not in ("schema_version", "evidence", "review")]


def field_schema(pointer: str) -> dict[str, Any]:
    """The sub-schema at `pointer` ({} when the schema says nothing about it)."""
    node: Any = _schema()
    for part in parts(pointer):
        node = _branch(_resolve(node), part)
        if "properties" in node and part in node["properties"]:
            node = node["properties"][part]
        elif "items" in node and part.isdigit():
            node = node["items"]
        else:
            return {}
    return _resolve(node)


def _branch(node: dict[str, Any], part: str) -> dict[str, Any]:
    """The alternative of a oneOf/anyOf that has `part` (a nullable object's object), else `node`."""
    for option in node.get("oneOf", node.get("anyOf", [])):
        option = _resolve(option)
        if part in option.get("properties", {}) or ("items" in option and part.isdigit()):
            return option
    return node


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _schema()["$defs"][ref.removeprefix("#/$defs/")]
    return node


def parse_value(pointer: str, raw: str) -> Any:
    """A reviewer's input for `pointer`: text for a text field ("" is null where null is allowed),
    JSON for numbers, lists and objects."""
    kinds = field_schema(pointer).get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if "string" in kinds and not set(kinds) & {"array", "object", "integer", "number"}:
        return None if raw.strip() == "" and "null" in kinds else raw.strip()
    try:
        return json.loads(raw) if raw.strip() else None
    except json.JSONDecodeError as exc:
        raise RevisionError(f"{pointer}: not JSON ({exc.msg})") from exc


def check(pointer: str, value: Any) -> None:
    """Raise RevisionError when `value` is not what the schema allows at `pointer` (records stored
    under older schemas are not re-judged as a whole: only the revised value is)."""
    from jsonschema import Draft202012Validator

    sub = field_schema(pointer)
    if not sub:
        raise RevisionError(f"{pointer}: the record schema has no such field")
    error = next(
        iter(Draft202012Validator({"$defs": _schema().get("$defs", {}), **sub}).iter_errors(value)), None
    )
    if error is not None:
        where = pointer + "".join(f"/{p}" for p in error.absolute_path)
        raise RevisionError(f"{where}: {error.message}")
