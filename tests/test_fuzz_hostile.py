"""Property-based: hostile values in every text, number and key position of question sets, the
policy and answers files. Non-finite and huge numbers, YAML 1.1 number quirks, keys of every
YAML type, control, escape, markup and invisible characters. Whatever lands where, every
command ends with a clear message and exit 0, 1 or 2: never exit 3, never a traceback, never a
raw escape character in what it prints."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.questionnaire.catalog import builtin_directory
from outsource_cli.text import invisible
from tests.conftest import EXAMPLES, examples

runner = CliRunner()
EXAMPLE = EXAMPLES / "payroll-manufacturer.yaml"
SETS = {p.name: yaml.safe_load(p.read_text()) for p in sorted(builtin_directory().glob("*.yaml"))}
ANSWERS = yaml.safe_load(EXAMPLE.read_text())

# Tokens written into the YAML text as they are (yaml.safe_dump would quote or refuse them).
RAW = [
    "1:20",
    "-1:30:00",
    "1.0e308",
    "1e400",
    "-1e400",
    "1e3",
    "9" * 401,
    "9" * 4301,
    "-" + "1" * 40,
    ".inf",
    "-.inf",
    ".nan",
    ".NaN",
    "0x1F",
    "0o17",
    "1_000",
    "~",
    "yes",
    "no",
    "off",
    "!!int '" + "7" * 5000 + "'",
    "!!float '1e999'",
]
NASTY_CHARS = [
    "\x00", "\x07", "\x1b", "\x1b[31m", "\x1b]0;owned\x07", "\x7f", "\x85", "\x9b", "\u200b",
    "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u2028", "\u2029", "\u034f", "\u115f",
    "\u3164", "\U000e0041", "\U0001d173", "\n", "\r", "\t", "[/]",
    "[bold]", "=", "+", "@", "-", "%", ":", "#", "'", '"', "\\", "é", "😀",
]  # fmt: skip
nasty_text = st.lists(
    st.one_of(st.sampled_from(NASTY_CHARS), st.text(max_size=3)), min_size=1, max_size=6
).map("".join)
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 1e16, 5e-324, 0.0, -0.0]),
    st.integers(-(10**40), 10**40),
)
raw = st.sampled_from(RAW).map(lambda token: ("raw", token))
values = st.one_of(numbers, nasty_text, raw, st.booleans(), st.none())
keys = st.one_of(
    st.integers(-(10**20), 10**20),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=False),
    nasty_text,
    raw,
)


def places(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a key or value in ``data``."""
    found = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            found.extend(places(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found.extend(places(v, (*prefix, i)))
    return found


def plant(data: Any, path: tuple[Any, ...], new: Any, as_key: bool, tokens: list[str]) -> Any:
    """``data`` with the value at ``path`` replaced (or, ``as_key``, its key renamed)."""
    if isinstance(new, tuple):  # a raw token: a placeholder, replaced in the text
        tokens.append(new[1])
        new = f"RAW{len(tokens) - 1}PLACEHOLDER"
    if not path:
        return data if as_key else new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        if as_key and not rest:
            return {(new if k == head else k): v for k, v in data.items()}
        return {
            k: (plant(v, rest, new, as_key, tokens) if k == head else v) for k, v in data.items()
        }
    if isinstance(data, list):
        return [plant(v, rest, new, as_key, tokens) if i == head else v for i, v in enumerate(data)]
    return new


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # shared (unchanged) parts are written out, not as anchors and aliases


def dump(data: Any, tokens: list[str]) -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=False, sort_keys=False, width=10_000)
    for i, token in enumerate(tokens):
        text = text.replace(f"RAW{i}PLACEHOLDER", token)
    return text


def invoke(*args: str) -> int:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr[-2000:])
    assert "Traceback" not in result.output and "internal error" not in result.stderr, result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert "\x1b" not in result.output and "\x07" not in result.output, result.output[-500:]
    found = invisible().search(result.output)  # shown as visible escapes, never raw
    assert found is None, (args, repr(found and found.group()), result.output[-500:])
    return result.exit_code


@settings(max_examples=examples(1 / 2))
@given(
    st.sampled_from(sorted(SETS)),
    st.data(),
    st.one_of(values, keys),
    st.booleans(),
)
def test_hostile_values_and_keys_in_question_sets_and_policy(
    name: str, data: st.DataObject, new: Any, as_key: bool
) -> None:
    path = data.draw(st.sampled_from(places(SETS[name])))
    tokens: list[str] = []
    mutated = plant(SETS[name], path, new, as_key, tokens)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "q"
        shutil.copytree(builtin_directory(), folder)
        (folder / name).write_text(dump(mutated, tokens))
        invoke("lint", str(folder))
        code = invoke(
            "assess", "--answers", str(EXAMPLE), "--questionnaires", str(folder), "--format", "json"
        )
        if code == 0:
            invoke("assess", "--answers", str(EXAMPLE), "--questionnaires", str(folder))
            invoke("template", "--questionnaires", str(folder))
            invoke("questionnaires", "--questionnaires", str(folder))


@given(st.data(), st.one_of(values, keys), st.booleans())
def test_hostile_values_and_keys_in_answers_files(
    data: st.DataObject, new: Any, as_key: bool
) -> None:
    path = data.draw(st.sampled_from(places(ANSWERS)))
    tokens: list[str] = []
    mutated = plant(ANSWERS, path, new, as_key, tokens)
    with tempfile.TemporaryDirectory() as tmp:
        answers = Path(tmp) / "a.yaml"
        answers.write_text(dump(mutated, tokens))
        code = invoke("assess", "--answers", str(answers), "--format", "json")
        if code == 0:
            invoke("assess", "--answers", str(answers))
            invoke("compare", str(answers), "--format", "csv")
        invoke("lint", str(answers))
        invoke("compare", str(answers))
