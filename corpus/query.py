"""Search queries: parse the user's words once, render them for SQLite FTS5 and PostgreSQL tsquery.

Syntax: words are ANDed; "quoted words" must be adjacent; `OR` between two items makes them
alternatives; a leading `-` excludes an item. Everything matches with or without diacritics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from thidua.corpus.fold import tokens

_ITEM = re.compile(r'(-?)"([^"]*)"?|(\S+)')

Phrase = tuple[str, ...]
Clause = list[Phrase]  # alternatives


@dataclass
class Query:
    """A parsed query: every clause must match (any of its phrases); no excluded phrase may."""

    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing positive is asked for (a filter-only listing)."""
        return not self.clauses

    @property
    def terms(self) -> set[str]:
        """Every positive token, for highlighting."""
        return {t for clause in self.clauses for phrase in clause for t in phrase}

    def fts5(self) -> str:
        """The query as an SQLite FTS5 MATCH expression."""

        def phrase(p: Phrase) -> str:
            return '"' + " ".join(p) + '"'

        def clause(c: Clause) -> str:
            return phrase(c[0]) if len(c) == 1 else "(" + " OR ".join(phrase(p) for p in c) + ")"

        expr = " AND ".join(clause(c) for c in self.clauses)
        for p in self.excluded:
            expr += f" NOT {phrase(p)}"
        return expr

    @property
    def adjacency(self) -> bool:
        """True when some phrase has several words (their adjacency needs the positions, not the index)."""
        return any(len(p) > 1 for c in self.clauses for p in c) or any(len(p) > 1 for p in self.excluded)

    def rank_tsquery(self) -> str:
        """Every positive word as alternatives: what PostgreSQL ranks by.

        `ts_rank` of an AND query scores every pair of the words' positions, quadratic in their
        counts (30 µs a row for two words frequent in a 10 KB plan); of an OR query it sums each
        word's saturating frequency, linear in them, like SQLite's bm25 (which ignores proximity too).
        """
        return " | ".join(f"'{t}'" for t in sorted(self.terms))

    def tsquery(self, adjacent: bool = True) -> str:
        """The query as PostgreSQL `to_tsquery` input.

        `adjacent=False` gives a superset a GIN index answers exactly: phrases become their words
        ANDed and excluded multi-word phrases are dropped.
        """
        joiner = " <-> " if adjacent else " & "

        def phrase(p: Phrase) -> str:
            inner = joiner.join(f"'{t}'" for t in p)
            return f"({inner})" if len(p) > 1 else inner

        def clause(c: Clause) -> str:
            return phrase(c[0]) if len(c) == 1 else "(" + " | ".join(phrase(p) for p in c) + ")"

        excluded = [p for p in self.excluded if adjacent or len(p) == 1]
        parts = [clause(c) for c in self.clauses] + [f"!{phrase(p)}" for p in excluded]
        return " & ".join(parts)


def parse(text: str) -> Query:
    """Parse a user query; punctuation splits words, so `169/KH-UBND` is the phrase `169 kh ubnd`."""
    query = Query()
    pending_or = False
    for match in _ITEM.finditer(text):
        negate, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            pending_or = bool(query.clauses)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negate, bare = "-", bare[1:]
        words = tokens(quoted if quoted is not None else bare)
        if not words:
            continue
        phrase = tuple(words)
        if negate:
            query.excluded.append(phrase)
        elif pending_or:
            query.clauses[-1].append(phrase)
        elif [phrase] not in query.clauses:  # "chay ... chay": one clause is enough
            query.clauses.append([phrase])
        pending_or = False
    return query
