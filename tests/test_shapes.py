"""The parts of question sets and the policy (questionnaire/shapes/): one model of each,
declared once; the cache's tagged data gives back an equal part of the same class, with the
same plain data (so the same record hashes)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import outsource_cli
from outsource_cli.questionnaire import shapes
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


def test_each_part_is_modelled_once() -> None:
    """No class of the package declares the fields of a part a second time (issue 27): every
    class with a part's name is the model in shapes/, and every model is a part."""
    package = Path(outsource_cli.__file__).parent
    homes: dict[str, list[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.name in shapes.KINDS:
                homes.setdefault(node.name, []).append(str(path.relative_to(package)))
    # The decision's recommendation: five of the policy part's fields, as reports print them
    # (a result of the engine, not a second model of the policy's part).
    homes["SourcingModel"].remove("decision/parts.py")
    assert homes == {name: [_home(kind)] for name, kind in shapes.KINDS.items()}
    assert all(home.startswith("questionnaire/shapes/") for [home] in homes.values())
    assert all(issubclass(kind, shapes.Model) for kind in shapes.KINDS.values())


def _home(kind: type) -> str:
    """The file of the package that makes ``kind``."""
    package = Path(outsource_cli.__file__).parent
    return str(Path(sys.modules[kind.__module__].__file__ or "").relative_to(package))


def test_plain_data_is_what_the_models_dump() -> None:
    catalog = load_catalog(use_cache=False)
    assert catalog.content == dumped(catalog)


def test_tagged_data_gives_back_equal_parts_with_the_same_hashes() -> None:
    catalog = load_catalog(use_cache=False)
    sets = [round_trip(s) for s in catalog.sets]
    policy = round_trip(catalog.policy)
    assert all(type(s) is shapes.QuestionSet for s in sets)  # the same classes as validated
    assert type(policy.gates[0].when) is type(catalog.policy.gates[0].when)
    assert sets == list(catalog.sets) and policy == catalog.policy
    assert list(catalog.sets) == sets  # both ways round
    again = Catalog.build(sets, policy, catalog.directory)
    assert again.content == catalog.content == dumped(again)
    assert fingerprint(again) == fingerprint(catalog)
    assert hash(again.sets[0]) == hash(catalog.sets[0])


def test_parts_differ_by_kind_and_by_any_field() -> None:
    a = shapes.answered_test("core.x")
    assert a == shapes.QuestionCondition(question="core.x", answered=True)
    assert a != shapes.answered_test("core.y")
    assert a != shapes.DimensionCondition(dimension="core")
    assert a != "core.x"
    cond = shapes.QuestionCondition.model_validate({"question": "core.x", "in": ["a"]})
    back = round_trip(cond)
    assert back.in_ == ("a",) and plain(back) == cond.model_dump(mode="json", by_alias=True)


def test_a_compiled_test_is_not_part_of_a_conditions_value() -> None:
    compiled = shapes.CalcCondition(calc="core.x >= 1")
    compiled._expr = "anything"
    assert compiled == shapes.CalcCondition(calc="core.x >= 1")
    assert hash(compiled) == hash(shapes.CalcCondition(calc="core.x >= 1"))


def test_parts_are_frozen() -> None:
    with pytest.raises(ValueError, match="frozen"):
        shapes.answered_test("core.x").question = "core.y"  # type: ignore[misc]


def test_untagged_refuses_data_it_did_not_write() -> None:
    for bad in ({"id": "x"}, {"~": "Nothing"}, {"~": 3}):
        with pytest.raises((KeyError, TypeError)):
            untagged(bad)


SHAPES = Path(outsource_cli.__file__).parent / "questionnaire" / "shapes"


PACKAGE = Path(outsource_cli.__file__).parent
FIRST_IMPORTS = """
import importlib, sys
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.startswith("outsource_cli")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def test_every_module_imports_first() -> None:
    """Whichever module a program or a test imports first, it loads: the models and the table
    of question types import each other (a question's ``type`` is a name in the table; the
    table reads questions), and a cycle that works only in one order is a trap (the
    conditions module failed when it came first)."""
    names = sorted(
        ".".join(("outsource_cli", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for p in PACKAGE.rglob("*.py")
        if p.name != "__main__.py"
    )
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_IMPORTS, *names], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
