"""The `thidua` command group: its error handler, global options and the options its commands share."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from thidua import __version__, api
from thidua.cli_report import ProgressMode, err, shown
from thidua.errors import EncodingError, InputFileError, ThiduaError, UsageError


class Commands(TyperGroup):
    """The command group; the one place a typed error becomes a message and its exit status."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # narrows click.Context
        try:
            return super().invoke(ctx)
        except ThiduaError as exc:
            err.print(f"[red]error:[/red] {shown(str(exc))}")
            raise typer.Exit(int(exc.exit_code)) from None
        finally:
            set_verbosity(None)


class QueryCommand(TyperCommand):
    """A command whose query may start with a dash (`-khen` excludes a word): only a lone `-h` asks for
    help, since a query like `-khen` would otherwise read as the short options -k -h -e -n."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, ["--help" if arg == "-h" else arg for arg in args])


QUERY_SETTINGS = {"ignore_unknown_options": True, "help_option_names": ["--help"]}

app = typer.Typer(
    cls=Commands,
    help="Ingest, restore and extract Vietnamese emulation-campaign plans (kế hoạch thi đua).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help text is plain: rich markup would eat "[default: …]"
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help=f"Database URL or SQLite path [env THIDUA_DB; default {api.DEFAULT_DB}]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs", min=1, help="Local processes to use [default: 1 for a handful of files, else all cores]."
    ),
]
ProgressOption = Annotated[
    ProgressMode,
    typer.Option("--progress", help="bar, plain (a log line per document), none; auto: bar on a terminal."),
]
PathsArgument = Annotated[list[Path], typer.Argument(metavar="PATH", help="Files or folders.")]


def open_db(db: str | None, must_exist: bool = False, read_only: bool = False):
    """The store named by --db / $THIDUA_DB (see `thidua.api.open_store`)."""
    return api.open_store(db, must_exist=must_exist, read_only=read_only)


def read_text_input(file: str) -> str:
    """Read a text file or stdin ("-") as UTF-8, with a clear error for binary input."""
    name = "<stdin>" if file == "-" else file
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        raise InputFileError(name, f"cannot read: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise EncodingError(name, "binary data (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(name, f"not valid UTF-8 at byte {exc.start}") from exc


def version_callback(value: bool) -> None:
    if value:
        print(f"thidua {__version__}")
        raise typer.Exit()


def set_verbosity(level: int | None) -> None:
    """Log thidua's records (progress lines too) to stderr from `level` up, one flushed line each;
    None: stop (the command is over)."""
    logger = logging.getLogger("thidua")
    for handler in [h for h in logger.handlers if getattr(h, "thidua_cli", False)]:
        logger.removeHandler(handler)
    logger.setLevel(level or logging.NOTSET)
    if level is None:
        return
    handler = logging.StreamHandler(sys.stderr)  # the stderr of this invocation (tests swap it)
    handler.thidua_cli = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Log debugging detail to stderr.")] = False,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Only warnings and errors on stderr (no progress).")
    ] = False,
) -> None:
    """Ingest, restore and extract Vietnamese emulation-campaign plans."""
    if verbose and quiet:
        raise UsageError("--verbose and --quiet are alternatives; give one")
    set_verbosity(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)
