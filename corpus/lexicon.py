"""The user lexicon: names and places that reviewers confirmed (corrected or accepted), as plain data.

Restoration can read it to prefer these spellings; the store only collects them. A later revision of
the same field of the same document replaces an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from thidua.corpus.schema import revisions

KINDS = {
    "/issuer": "organisations",
    "/parent_issuer": "organisations",
    "/signer/name": "people",
    "/signer": "people",
    "/place": "places",
    "/province": "places",
}
"""The record fields whose confirmed values enter the lexicon, and the list each goes to."""


@dataclass(frozen=True)
class UserLexicon:
    """Confirmed spellings, each list sorted and without repeats."""

    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    def entries(self) -> list[str]:
        """Every confirmed string, sorted, once."""
        return sorted({*self.organisations, *self.people, *self.places})


def _value(pointer: str, after: object) -> str | None:
    """The confirmed string of a revision's value (a signer object gives its name)."""
    if pointer == "/signer":
        after = after.get("name") if isinstance(after, dict) else None
    if not isinstance(after, str):
        return None
    return " ".join(after.split()) or None


def user_lexicon(conn: Connection) -> UserLexicon:
    """The names and places confirmed by the latest field revision of each document and field."""
    stmt = (
        select(revisions.c.document_id, revisions.c.field, revisions.c.after)
        .where(revisions.c.kind == "field", revisions.c.field.in_(list(KINDS)))
        .order_by(revisions.c.id)
    )
    latest = {(doc_id, pointer): after for doc_id, pointer, after in conn.execute(stmt)}
    found: dict[str, set[str]] = {"organisations": set(), "people": set(), "places": set()}
    for (_doc_id, pointer), after in latest.items():
        value = _value(pointer, after)
        if value is not None:
            found[KINDS[pointer]].add(value)
    return UserLexicon(**{kind: tuple(sorted(values)) for kind, values in found.items()})
