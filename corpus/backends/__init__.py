"""The store's database backends: what differs between SQLite and PostgreSQL, one module each.

Everything else in the corpus stage is written once over SQLAlchemy Core and asks the backend of its
connection (`of`) for the rest: engines and connection settings, the full-text index (its schema,
its rows, its candidates, its ranking), locks, and the schema's per-database steps. The interface is
`base.Backend`.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, Connection, Engine

from thidua.corpus.backends import postgresql, sqlite
from thidua.corpus.backends.base import WRITE, Backend

__all__ = ["BACKENDS", "WRITE", "Backend", "for_url", "of"]

BACKENDS: dict[str, Backend] = {backend.name: backend for backend in (sqlite.BACKEND, postgresql.BACKEND)}


def for_url(url: URL) -> Backend | None:
    """The backend of a URL's driver, None when no backend takes it."""
    return next((b for b in BACKENDS.values() if url.drivername in b.drivers), None)


def of(bind: Engine | Connection) -> Backend:
    """The backend of an engine or connection."""
    return BACKENDS[bind.dialect.name]
