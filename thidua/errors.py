"""Typed errors; the CLI maps each class to an exit code."""

from __future__ import annotations

import os
from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit statuses of the `thidua` command."""

    ok = 0
    other_error = 1
    bad_args = 2
    input_file = 3  # unreadable, corrupt, unsupported or encrypted input
    missing_dependency = 4  # e.g. tesseract or its `vie` model not installed
    ocr_failed = 5
    storage = 6
    partial_failure = 7  # a batch finished but some inputs failed


def path_text(path: str | os.PathLike) -> str:
    """A file name as text: itself when valid UTF-8, else with its stray bytes as \\xNN escapes."""
    name = os.fspath(path)
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no file system byte decoded to
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


class ThiduaError(Exception):
    """Base of every error the pipeline raises on purpose."""

    exit_code = ExitCode.other_error


class UsageError(ThiduaError):
    """A call's arguments are invalid or contradict each other (the CLI's bad-arguments status)."""

    exit_code = ExitCode.bad_args


class InputFileError(ThiduaError):
    """An input file cannot be turned into a document; the message names the file and reason."""

    exit_code = ExitCode.input_file

    def __init__(self, path: str | os.PathLike, reason: str) -> None:
        path, reason = path_text(path), path_text(reason)  # a reason may quote part of the name
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):
        # Rebuild from (path, reason) so the error crosses process boundaries intact.
        return (type(self), (self.path, self.reason))


class UnsupportedFormatError(InputFileError):
    """The file's format is not one thidua reads."""


class EncryptedFileError(InputFileError):
    """The file is password-protected."""


class EncodingError(InputFileError):
    """Text input that is binary or in no encoding we can detect."""


class LimitError(InputFileError):
    """The file is over a resource limit (size, pages, pixels); the reason names the limit."""


class MissingDependencyError(ThiduaError):
    """An external program or model is not installed."""

    exit_code = ExitCode.missing_dependency


class OcrError(ThiduaError):
    """The OCR engine failed on a page."""

    exit_code = ExitCode.ocr_failed


class StorageError(ThiduaError):
    """The database rejected or could not complete a write or query."""

    exit_code = ExitCode.storage


class ClusterError(ThiduaError):
    """The Dask scheduler cannot be reached or the local cluster cannot start."""


class SearchQueryError(ThiduaError):
    """A search argument is malformed (e.g. a date that is not YYYY-MM-DD)."""

    exit_code = ExitCode.bad_args


class RevisionError(ThiduaError):
    """A revision that cannot be stored: unknown field, a value the schema refuses, a stale span."""

    exit_code = ExitCode.bad_args


class ConflictError(ThiduaError):
    """The document changed since the reviewer loaded it (another reviewer, or a machine re-run)."""

    exit_code = ExitCode.bad_args
