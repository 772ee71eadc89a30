"""The API's listing shape stays in step with the corpus listing it serialises (models ↔ listing)."""

from __future__ import annotations

import dataclasses
import typing

from thidua.corpus.listing import Summary
from thidua.web.models import ChangeItem, DocumentSummary


def _dataclass_fields() -> dict[str, object]:
    hints = typing.get_type_hints(Summary)
    return {f.name: hints[f.name] for f in dataclasses.fields(Summary)}


def _model_fields(model: type[DocumentSummary]) -> dict[str, object]:
    return {name: field.annotation for name, field in model.model_fields.items()}


def test_summary_and_document_summary_have_the_same_fields_in_order() -> None:
    assert list(_model_fields(DocumentSummary)) == list(_dataclass_fields())


def test_summary_and_document_summary_have_the_same_types() -> None:
    assert _model_fields(DocumentSummary) == _dataclass_fields()


def test_summary_and_document_summary_default_the_same_fields() -> None:
    dataclass_defaults = {
        f.name: f.default for f in dataclasses.fields(Summary) if f.default is not dataclasses.MISSING
    }
    model_defaults = {
        name: field.default for name, field in DocumentSummary.model_fields.items() if not field.is_required()
    }
    assert model_defaults == dataclass_defaults


def test_change_item_extends_the_summary_with_the_record_only() -> None:
    assert set(_model_fields(ChangeItem)) - set(_dataclass_fields()) == {"record"}
