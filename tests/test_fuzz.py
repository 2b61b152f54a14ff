"""Property-based fuzzing of everything that reads a file: random bytes, random YAML shapes,
mutated question sets and answers files. No exception may escape; every failure is a clear
message with exit 2 (or lint findings with exit 1)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.engine import decide
from outsource_cli.errors import InputError
from outsource_cli.lint.runner import lint_paths
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import Catalog, builtin_directory, load_catalog
from outsource_cli.questionnaire.shapes import plain, tagged, untagged
from tests.conftest import EXAMPLES, examples

runner = CliRunner()
CATALOG = load_catalog(use_cache=False)  # at import (collection): no cache read or written
QIDS = list(CATALOG.questions)
SET_IDS = [s.id for s in CATALOG.sets]
BUILTIN = {p.name: p.read_text() for p in builtin_directory().glob("*.yaml")}


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def assess_exit(path: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["assess", "--answers", str(path), *extra])
    assert "Traceback" not in result.output and "internal error" not in result.stderr, result.stderr
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["it", "yes", "no", "regulated", "~", "1e3", "0x1F", "017"]),
)
shapes = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=30,
)


@given(st.binary(max_size=400))
def test_random_bytes_as_an_answers_file(data: bytes) -> None:
    with scratch() as tmp:
        path = tmp / "a.yaml"
        path.write_bytes(data)
        code, err = assess_exit(path)
        assert code == 2 and err.startswith("error: ")


@given(shapes)
def test_random_yaml_shapes_as_an_answers_file(shape: Any) -> None:
    with scratch() as tmp:
        path = tmp / "a.yaml"
        path.write_text(yaml.safe_dump(shape))
        code, err = assess_exit(path)
        assert code == 2 and err.startswith("error: ")


values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.sampled_from([o.value for q in CATALOG.questions.values() for o in q.options]),
)


@given(
    st.dictionaries(
        st.sampled_from([*SET_IDS, "nope"]),
        st.dictionaries(
            st.sampled_from([q.split(".")[1] for q in QIDS] + ["zz"]), values, max_size=12
        ),
        max_size=6,
    )
)
def test_random_answers(answers: dict[str, Any]) -> None:
    with scratch() as tmp:
        path = tmp / "a.yaml"
        path.write_text(yaml.safe_dump({"version": 1, "answers": answers}))
        try:
            sheet = load_answers(path, CATALOG)
        except InputError as exc:
            assert exc.problems and all(p.path == str(path) for p in exc.problems)
            return
        decision = decide(CATALOG, sheet.answers)
        assert 0 <= decision.score <= 100 and 0 <= decision.confidence <= 1


@given(st.integers(1, 400), st.sampled_from(["[", "{a: "]))
def test_deep_nesting(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    with scratch() as tmp:
        path = tmp / "a.yaml"
        path.write_text("answers: " + opener * depth + closer * depth + "\n")
        code, err = assess_exit(path)
        assert code == 2
        if depth > 64:
            assert "nested deeper than 64 levels" in err


mutations = st.tuples(
    st.sampled_from(sorted(BUILTIN)),
    st.sampled_from(["delete", "duplicate", "swap", "replace", "indent", "truncate", "bytes"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.text(max_size=12),
)


def mutate(text: str, op: str, a: int, b: int, payload: str) -> str:
    lines = text.splitlines(keepends=True)
    if not lines:  # an earlier mutation emptied the file
        return payload
    i, j = a % len(lines), b % len(lines)
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "replace":
        words = lines[i].split(" ")
        words[b % len(words)] = payload
        lines[i] = " ".join(words)
    elif op == "indent":
        lines[i] = " " * (b % 5) + lines[i]
    elif op == "truncate":
        return "".join(lines)[: a % max(1, len(text))]
    else:
        return text[: a % len(text)] + payload + text[a % len(text) :]
    return "".join(lines)


@settings(max_examples=examples(1 / 2))
@given(st.lists(mutations, min_size=1, max_size=3))
def test_mutated_question_sets(changes: list[tuple[str, str, int, int, str]]) -> None:
    old = os.environ.get("OUTSOURCE_NO_CACHE")
    os.environ["OUTSOURCE_NO_CACHE"] = "1"
    try:
        with scratch() as tmp:
            folder = tmp / "q"
            shutil.copytree(builtin_directory(), folder)
            for name, op, a, b, payload in changes:
                target = folder / name
                target.write_text(mutate(target.read_text(), op, a, b, payload))
            result = lint_paths([folder], catalog_for_answers=load_catalog)
            try:
                catalog: Catalog | None = load_catalog(folder)
            except InputError as exc:
                assert exc.problems
                assert result.count("error") >= 1  # lint sees what loading refused
                catalog = None
            if catalog is not None:
                # what the cache keeps gives the same parts and the same record hashes
                assert catalog.content == {
                    "sets": [qs.model_dump(mode="json", by_alias=True) for qs in catalog.sets],
                    "policy": catalog.policy.model_dump(mode="json", by_alias=True),
                }
                back = [untagged(json.loads(json.dumps(tagged(qs)))) for qs in catalog.sets]
                assert back == list(catalog.sets)
                assert [plain(qs) for qs in back] == catalog.content["sets"]
                for example in EXAMPLES.glob("*.yaml"):
                    code, err = assess_exit(
                        example, "--questionnaires", str(folder), "--format", "json"
                    )
                    assert code in (0, 2), err
    finally:
        if old is None:
            os.environ.pop("OUTSOURCE_NO_CACHE", None)
        else:
            os.environ["OUTSOURCE_NO_CACHE"] = old
