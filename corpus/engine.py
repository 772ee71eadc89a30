"""Database URLs and engines: SQLite (WAL, busy timeout, immediate write transactions) or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from thidua.errors import StorageError

BUSY_TIMEOUT_S = 60.0
WRITE = {"thidua_write": True}
"""Execution options of a connection that writes: SQLite then takes the write lock at BEGIN."""


def parse_url(url: str) -> URL:
    """A SQLAlchemy URL for a SQLite path, `sqlite:///…`, or `postgresql[+psycopg]://…` (psycopg 3)."""
    if "://" not in url:
        if not url or url.endswith(("/", "\\")):
            raise StorageError(f"{url!r}: not a database path")
        return URL.create("sqlite", database=url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"{url}: not a database URL ({exc})") from exc
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        return parsed.set(drivername="sqlite+pysqlite")
    shown = parsed.render_as_string(hide_password=True)
    raise StorageError(f"{shown}: unsupported database (sqlite or postgresql)")


def display(url: URL) -> str:
    """The URL without its password, for messages."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def create(url: URL) -> Engine:
    """An engine for `url`; SQLite files must be in an existing folder."""
    if url.get_backend_name() == "sqlite":
        return _sqlite(url)
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)


def _sqlite(url: URL) -> Engine:
    path = url.database
    if path and path != ":memory:" and not path.startswith("file:"):
        target = Path(path)
        if target.is_dir():
            raise StorageError(f"{path}: is a folder, not a database file")
        if not target.parent.is_dir():
            raise StorageError(f"{path}: folder {target.parent} does not exist")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's events issue BEGIN, so writers can take the lock up front (BEGIN IMMEDIATE):
        # two writers upgrading read locks at once would otherwise fail with "database is locked".
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if path != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        write = conn.get_execution_options().get("thidua_write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine
