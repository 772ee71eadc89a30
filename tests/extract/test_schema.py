"""The published JSON Schema: well-formed, enforced on every output, and rejecting bad records."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from jsonschema import Draft202012Validator

from thidua.extract import SCHEMA_VERSION, extract, validate
from thidua.extract.validate import schema

AUTHORED = Path(__file__).resolve().parent / "fixtures" / "authored"


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"].endswith("2020-12/schema")
    assert SCHEMA_VERSION in schema()["properties"]["schema_version"]["enum"]  # 1.0 records stay valid


@pytest.mark.parametrize(
    "text", ["", "\f\f", "Không có gì.", "KẾ HOẠCH\n\nNơi nhận:\n- Lưu: VT.", "Số: /KH-\n" * 3]
)
def test_degenerate_inputs_still_give_a_valid_record(text: str) -> None:
    record = extract(text).record
    Draft202012Validator(schema()).validate(record)
    assert record["legal_bases"] == [] and record["awards"] == [] and record["campaign"] is None


def test_every_authored_output_validates_against_the_published_schema() -> None:
    validator = Draft202012Validator(schema())
    for path in sorted(AUTHORED.glob("*.txt")):
        validator.validate(extract(path.read_text(encoding="utf-8")).record)


def test_bad_records_are_rejected() -> None:
    record = extract((AUTHORED / "ubnd-quang-ninh.txt").read_text(encoding="utf-8")).record
    for mutate in (
        lambda r: r.pop("awards"),
        lambda r: r.update(issued_date="05/03/2025"),
        lambda r: r["awards"][0].update(kind="monthly"),
        lambda r: r["legal_bases"][0].pop("evidence"),
        lambda r: r.update(extra_field=1),
        lambda r: r["evidence"].update(
            nonsense={"start": 0, "end": 1, "page": 1, "text": "x", "confidence": 1}
        ),
    ):
        bad = json.loads(json.dumps(record))
        mutate(bad)
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)


def test_seed_outputs_validate(seed_texts: dict[str, str]) -> None:
    validator = Draft202012Validator(schema())
    for text in seed_texts.values():
        validator.validate(extract(text).record)


def test_compiled_and_reference_validators_agree() -> None:
    """The fast compiled validator accepts and rejects exactly what jsonschema's 2020-12 validator does."""
    from thidua.extract.validate import _compiled

    reference = Draft202012Validator(schema())
    record = extract((AUTHORED / "army-lang-son.txt").read_text(encoding="utf-8")).record
    variants = [record]
    for mutate in (
        lambda r: r.update(number=5),
        lambda r: r["deadlines"][0].update(date="2025/11/30"),
        lambda r: r["signer"].update(capacity=["TM."]),
        lambda r: r.update(campaign={"name": "x"}),
    ):
        bad = json.loads(json.dumps(record))
        mutate(bad)
        variants.append(bad)
    for variant in variants:
        reference_ok = reference.is_valid(variant)
        try:
            _compiled()(variant)
            compiled_ok = True
        except Exception:
            compiled_ok = False
        assert reference_ok == compiled_ok
