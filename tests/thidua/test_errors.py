"""Typed errors keep their fields across process boundaries (worker pools pickle them)."""

from __future__ import annotations

import pickle

import pytest

from thidua.errors import EncodingError, EncryptedFileError, InputFileError, UnsupportedFormatError


@pytest.mark.parametrize("cls", [InputFileError, UnsupportedFormatError, EncryptedFileError, EncodingError])
def test_input_errors_survive_pickling(cls: type[InputFileError]) -> None:
    error = pickle.loads(pickle.dumps(cls("a/b.pdf", "corrupt PDF")))
    assert type(error) is cls
    assert (error.path, error.reason, str(error)) == ("a/b.pdf", "corrupt PDF", "a/b.pdf: corrupt PDF")
