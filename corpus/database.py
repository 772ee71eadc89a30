"""Database URLs and engines: SQLite (WAL, busy timeout, immediate write transactions) or PostgreSQL."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError

from thidua.errors import StorageError

BUSY_TIMEOUT_S = 60.0
RETRY_SECONDS_ENV = "THIDUA_DB_RETRY_SECONDS"
RETRY_SECONDS = 30.0
"""How long a PostgreSQL connection is retried (with backoff) while the server is unreachable."""
_TRANSIENT = re.compile(
    r"connection refused|the database system is (starting up|shutting down|in recovery|not yet accepting)"
    r"|server closed the connection|terminating connection|connection reset|timeout expired"
    r"|could not (send|receive) data|no such file or directory|ssl syscall error",
    re.IGNORECASE,
)
_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")
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
        parsed.port  # noqa: B018  (a port that is not a number fails here, not at connect time)
    except (ArgumentError, ValueError) as exc:
        raise StorageError(f"{masked(url)}: not a database URL ({masked(str(exc))})") from exc
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        return parsed.set(drivername="sqlite+pysqlite")
    shown = parsed.render_as_string(hide_password=True)
    raise StorageError(f"{shown}: unsupported database (sqlite or postgresql)")


def masked(url: str) -> str:
    """A database URL or message with any password replaced by ***, even when it does not parse."""
    return _PASSWORD.sub(r"\1***@", url)


def display(url: URL) -> str:
    """The URL without its password, for messages."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def create(url: URL, read_only: bool = False) -> Engine:
    """An engine for `url`; SQLite files must be in an existing folder. `read_only` (SQLite) opens
    the file for reading only, so it works on a read-only file or folder (see `writable`)."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_read_only(url) if read_only else _sqlite(url)
    engine = create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)
    event.listen(engine, "do_connect", _connect_retrying)
    return engine


def retry_seconds() -> float:
    """The outage budget: $THIDUA_DB_RETRY_SECONDS, else RETRY_SECONDS."""
    try:
        return float(os.environ.get(RETRY_SECONDS_ENV) or RETRY_SECONDS)
    except ValueError:
        return RETRY_SECONDS


def unreachable(exc: BaseException) -> bool:
    """A connection error that a server coming back would cure (refused, reset, starting up), not a
    wrong password, role or database (libpq gives connection failures no SQLSTATE: read the text)."""
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03")
    return _TRANSIENT.search(str(exc)) is not None


def _connect_retrying(dialect, _record, cargs, cparams):
    """Connect, retrying with backoff while the server is unreachable, for `retry_seconds()` at most."""
    deadline = time.monotonic() + retry_seconds()
    delay = 0.2
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            if not unreachable(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def writable(url: URL) -> bool:
    """Whether a SQLite database (its file and folder) can be written; PostgreSQL: True."""
    path = url.database
    if url.get_backend_name() != "sqlite" or not path or path == ":memory:" or path.startswith("file:"):
        return True
    target = Path(path)
    folder_ok = os.access(target.parent, os.W_OK | os.X_OK)
    return folder_ok and (not target.exists() or os.access(target, os.W_OK))


def _sqlite_read_only(url: URL) -> Engine:
    """A SQLite file opened read-only: no journal-mode change, no lock or shared-memory file where
    the folder is read-only (immutable, which is safe then: nobody can have a write-ahead log)."""
    target = Path(url.database or "")
    if not target.is_file():
        raise StorageError(f"{target}: no such database file")
    uri = f"file:{quote(str(target.absolute()))}?mode=ro"
    wal = target.with_name(target.name + "-wal")
    if not os.access(target.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)

    return create_engine("sqlite+pysqlite://", creator=connect)


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
