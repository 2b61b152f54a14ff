"""The hostile corpus: each file gets one clear message and exit 2, with little memory, and
nothing from a file can run code or drive the terminal. (How quickly: benchmarks/limits_bench.py;
no unit test asserts a wall-clock time.)"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.lint.runner import lint_paths
from tests.conftest import ROOT

HOSTILE = Path(__file__).parent / "data" / "hostile"
runner = CliRunner()

EXPECTED = {
    "billion-laughs.yaml": "1:1: Y006 expands to more than 200,000 values (too many aliases)",
    "deep-nesting.yaml": "1:73: Y006 nested deeper than 64 levels",
    "deep-mapping.yaml": "Y006 nested deeper than 64 levels",
    "binary.yaml": ": Y005 is binary data, not a text file",
    "invalid-utf8.yaml": "2:14: Y005 is not valid UTF-8 text",
    "empty.yaml": ": Y003 is empty",
    "comments-only.yaml": ": Y003 is empty",
    "list-top.yaml": "1:1: Y004 an answers file is a mapping with an 'answers' key",
    "scalar-top.yaml": "1:1: Y004 an answers file is a mapping with an 'answers' key",
    "python-object.yaml": "1:10: Y001 unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'",
    "python-name.yaml": "1:10: Y001 unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'",
    "unknown-tag.yaml": "1:10: Y001 unsupported YAML tag '!custom'",
    "wrong-types.yaml": "5:23: A002 cost.expected_savings: expected a number, got [1, 2]",
    "tab-indent.yaml": "2:1: Y007 a tab in the indentation: indent with spaces",
    "duplicate-keys.yaml": "4:5: Y002 duplicate key 'regulation' (first defined on line 3)",
    "unknown-tag.yaml ": "",
    "ansi-in-values.yaml": "4:16: A002 profile.work_kind: '\\x1b[31mit' is not one of: it, business_process, knowledge",
    "huge-line.yaml": "A003 missing required answer",
}
EXPECTED.pop("unknown-tag.yaml ")


def test_every_file_in_the_corpus_has_an_expectation() -> None:
    assert sorted(p.name for p in HOSTILE.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_answers_file(name: str) -> None:
    path = HOSTILE / name
    tracemalloc.start()
    result = runner.invoke(app, ["assess", "--answers", str(path)])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert f"error: {path}" in result.stderr and EXPECTED[name] in result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert peak < 40 * 1024 * 1024, f"{name} used {peak / 1e6:.0f} MB"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lint_reports_hostile_files_as_findings(name: str, catalog: object) -> None:
    from outsource_cli.questionnaire.catalog import load_catalog

    result = lint_paths([HOSTILE / name], catalog_for_answers=load_catalog)
    assert result.count("error") >= 1


def test_nothing_was_executed() -> None:
    assert not Path("/tmp/outsource-pwned").exists()


def test_files_over_the_size_limit_are_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("answers: {}\n" + "# padding\n" * 2_000_000)  # 20 MB
    tracemalloc.start()
    result = runner.invoke(app, ["assess", "--answers", str(big)])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert result.exit_code == 2
    assert "bytes; the limit is 2,097,152" in result.stderr
    assert peak < 8 * 1024 * 1024  # refused from its size, never read


def test_escape_sequences_and_markup_from_a_question_set_are_shown_literally(qdir: Path) -> None:
    core = qdir / "core.yaml"
    core.write_text(
        core.read_text()
        .replace(
            "because: the function is a commodity that specialists provide at scale",
            'because: "[bold red]commodity[/bold red] \\e[2J\\e]0;owned\\a work"',
        )
        .replace("title: Core competency", 'title: "Core \\e[31mcompetency"')
    )
    result = runner.invoke(
        app,
        [
            "assess",
            "--detail",
            "full",
            "--answers",
            str(ROOT / "examples" / "payroll-manufacturer.yaml"),
            "--questionnaires",
            str(qdir),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[bold red]commodity[/bold red]" in result.stdout  # markup shown, not interpreted
    assert "Core competency" in result.stdout


def test_escape_sequences_in_error_messages_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text('answers:\n  "\\e[2Jevil": {x: 1}\n')
    result = runner.invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "unknown question set 'evil'" in result.stderr


def test_template_of_a_hostile_question_set_is_safe(qdir: Path) -> None:
    core = qdir / "core.yaml"
    core.write_text(
        core.read_text().replace(
            "text: Does the function set you apart from your competitors?",
            'text: "Does it \\e]0;pwned\\a set you apart?\\nnext: line"',
        )
    )
    result = runner.invoke(app, ["template", "--questionnaires", str(qdir)])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "# Does it set you apart? next: line (required)" in result.stdout
