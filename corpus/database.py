"""Database URLs and SQLAlchemy engines: a SQLite path or URL, or a PostgreSQL URL (psycopg 3); each
database's connection settings are its backend's (corpus.backends)."""

from __future__ import annotations

import re

from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from thidua.corpus import backends
from thidua.errors import StorageError

WRITE = backends.WRITE
"""Execution options of a connection that writes."""
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL for a SQLite path, `sqlite:///…`, or `postgresql[+psycopg]://…` (psycopg 3)."""
    if "://" not in url:
        if not url or url.endswith(("/", "\\")):
            raise StorageError(f"{url!r}: not a database path")
        return URL.create(backends.BACKENDS["sqlite"].drivers[0], database=url)
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018  (a port that is not a number fails here, not at connect time)
    except (ArgumentError, ValueError) as exc:
        raise StorageError(f"{masked(url)}: not a database URL ({masked(str(exc))})") from exc
    backend = backends.for_url(parsed)
    if backend is None:
        shown = parsed.render_as_string(hide_password=True)
        raise StorageError(f"{shown}: unsupported database ({' or '.join(backends.BACKENDS)})")
    return parsed.set(drivername=backend.drivers[0])


def masked(url: str) -> str:
    """A database URL or message with any password replaced by ***, even when it does not parse."""
    return _PASSWORD.sub(r"\1***@", url)


def display(url: URL) -> str:
    """The URL without its password, for messages."""
    return _backend(url).display(url)


def create(url: URL, read_only: bool = False) -> Engine:
    """An engine for `url` with its database's settings (SQLite: `read_only` opens the file for
    reading only, so it works on a read-only file or folder; see `writable`)."""
    return _backend(url).engine(url, read_only)


def writable(url: URL) -> bool:
    """Whether the database can be written (a SQLite file and its folder); PostgreSQL: True."""
    return _backend(url).writable(url)


def _backend(url: URL) -> backends.Backend:
    found = backends.for_url(url)
    if found is None:
        raise StorageError(f"{url.render_as_string(hide_password=True)}: unsupported database")
    return found
