"""The parts the engine reads (questionnaire/shapes.py): a validated model is one, and the
cache's tagged data gives back an equal part, with the same plain data (so the same record
hashes), without the pydantic models."""

from __future__ import annotations

import json
from typing import Any

from outsource_cli.questionnaire import models, shapes
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from outsource_cli.questionnaire.record import fingerprint
from outsource_cli.questionnaire.shapes import plain, tagged, untagged


def dumped(catalog: Catalog) -> dict[str, Any]:
    return {
        "sets": [s.model_dump(mode="json", by_alias=True) for s in catalog.sets],
        "policy": catalog.policy.model_dump(mode="json", by_alias=True),
    }


def round_trip(value: Any) -> Any:
    return untagged(json.loads(json.dumps(tagged(value))))


def test_every_model_is_the_part_of_its_name() -> None:
    for name, kind in shapes.KINDS.items():
        model = getattr(models, name)
        assert issubclass(model, kind) and model.__name__ == kind.__name__
    assert {
        n
        for n, v in vars(models).items()
        if isinstance(v, type) and issubclass(v, models.Model) and v is not models.Model
    } == set(shapes.KINDS)


def test_plain_data_is_what_the_models_dump() -> None:
    catalog = load_catalog(use_cache=False)
    assert catalog.content == dumped(catalog)


def test_tagged_data_gives_back_equal_parts_with_the_same_hashes() -> None:
    catalog = load_catalog(use_cache=False)
    sets = [round_trip(s) for s in catalog.sets]
    policy = round_trip(catalog.policy)
    assert all(type(s) is shapes.QuestionSet for s in sets)  # plain parts, not models
    assert type(policy.gates[0].when).__module__ == shapes.__name__
    assert sets == list(catalog.sets) and policy == catalog.policy
    assert list(catalog.sets) == sets  # both ways round
    again = Catalog.build(sets, policy, catalog.directory)
    assert again.content == catalog.content
    assert fingerprint(again) == fingerprint(catalog)
    assert hash(again.sets[0]) == hash(catalog.sets[0])


def test_parts_differ_by_kind_and_by_any_field() -> None:
    a = shapes.answered_test("core.x")
    assert a == models.QuestionCondition(question="core.x", answered=True)
    assert a != shapes.answered_test("core.y")
    assert a != models.DimensionCondition(dimension="core")
    assert a != "core.x"
    cond = models.QuestionCondition.model_validate({"question": "core.x", "in": ["a"]})
    back = round_trip(cond)
    assert back.in_ == ("a",) and plain(back) == cond.model_dump(mode="json", by_alias=True)


def test_untagged_refuses_data_it_did_not_write() -> None:
    import pytest

    for bad in ({"id": "x"}, {"~": "Nothing"}, {"~": 3}):
        with pytest.raises((KeyError, TypeError)):
            untagged(bad)
