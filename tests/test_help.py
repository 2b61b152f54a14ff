"""Help and conventions: help text shown literally and without stray line breaks at any width,
examples in every command's help, shell completion, warnings for ignored answers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from outsource_cli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
COMMANDS = [
    "assess",
    "questionnaires",
    "template",
    "compare",
    "panel",
    "verify",
    "lint",
    "schema",
    "vet",
]
WIDTHS = [60, 80, 120]
BOX = re.compile(r"[│╭╮╰╯─]")


def help_of(args: list[str], width: int) -> str:
    result = runner.invoke(app, [*args, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    """Help text with the boxes and the wrapping taken out: words separated by one space."""
    return " ".join(BOX.sub(" ", text).split())


def _params(name: str | None) -> list[click.Parameter]:
    group = typer.main.get_command(app)
    command = group if name is None else group.commands[name]  # type: ignore[attr-defined]
    return list(command.params)


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_help_text_is_shown_literally(name: str | None) -> None:
    """Wide enough that each option's help is on one row: every word of it is there."""
    shown = flat(help_of([name] if name else [], 250))
    for param in _params(name):
        text = getattr(param, "help", None)
        if text:
            assert flat(text.replace("\\[", "[")) in shown, (name, param.name)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_fits_the_width_without_cutting_words(name: str | None, width: int) -> None:
    text = help_of([name] if name else [], width)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text
    for line in text.splitlines():  # metavars and choices are never split mid-word
        assert not re.search(r"<[a-z|]*$", line.rstrip(" │")), line


def test_lint_help_keeps_square_brackets() -> None:
    shown = flat(help_of(["lint"], 100))
    assert "A pyproject.toml with [tool.outsource-lint] (default: the nearest one)." in shown
    assert "Ignore any [tool.outsource-lint]." in shown


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_every_command_has_examples_that_fit_80_columns(name: str | None) -> None:
    text = help_of([name] if name else [], 80)
    assert "Examples:" in text
    examples = [
        line.strip()
        for line in text.split("Examples:")[1].split("╭")[0].splitlines()
        if line.strip()
    ]
    assert examples and all(e.startswith("outsource") for e in examples), examples
    for line in text.splitlines():
        if line.strip().startswith("outsource "):
            assert line.startswith("   outsource"), line  # kept as an indented example


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_prose_paragraphs_have_no_stray_line_breaks(name: str | None) -> None:
    """At 120 columns each paragraph of the description that fits on a line is one line."""
    group = typer.main.get_command(app)
    command = group if name is None else group.commands[name]  # type: ignore[attr-defined]
    text = help_of([name] if name else [], 120)
    for paragraph in (command.help or "").split("\n\n"):
        if paragraph.startswith(" ") or len(paragraph) > 110:
            continue
        assert (
            f" {paragraph.replace(chr(92) + '[', '[')}"
            in text.splitlines()[
                text.splitlines().index(
                    next(ln for ln in text.splitlines() if paragraph[:30] in ln)
                )
            ]
        ), paragraph


def test_compare_help_sentence_is_whole() -> None:
    lines = help_of(["compare"], 120).splitlines()
    assert any(
        line.strip() == "Rank several functions by outcome, and flag concentration risk."
        for line in lines
    )
    assert not any(line.strip() == "flag concentration risk." for line in lines)


def _outsource() -> str:
    exe = Path(sys.executable).parent / "outsource"
    if not exe.exists():
        pytest.skip("the outsource command is not installed in this environment")
    return str(exe)


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "_OUTSOURCE_COMPLETE=complete_bash"),
        ("zsh", "_OUTSOURCE_COMPLETE=complete_zsh"),
        ("fish", "_OUTSOURCE_COMPLETE=complete_fish"),
    ],
)
def test_show_completion_prints_the_shell_script(shell: str, marker: str) -> None:
    proc = subprocess.run(
        [_outsource(), "--show-completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert marker in proc.stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [
        ("outsource li", "1", {"lint"}),
        ("outsource assess --for", "2", {"--format", "--force"}),
        ("outsource schema ", "2", {"questionnaire", "policy"}),
    ],
)
def test_bash_completion_completes_commands_and_options(
    words: str, cword: str, expected: set[str]
) -> None:
    proc = subprocess.run(
        [_outsource()],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "_OUTSOURCE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": cword,
        },
    )
    assert expected <= set(proc.stdout.split()), proc.stdout + proc.stderr


def test_assess_warns_about_ignored_answers(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    text = (EXAMPLES / "payroll-manufacturer.yaml").read_text()
    assert "data_sensitivity: personal" in text and "data_residency: region" in text
    answers.write_text(text.replace("data_sensitivity: personal", "data_sensitivity: internal"))
    line = next(
        n for n, ln in enumerate(answers.read_text().splitlines(), 1) if "data_residency" in ln
    )
    result = runner.invoke(app, ["assess", "--answers", str(answers), "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == (
        f"warning: {answers}:{line}:5: A004 'control.data_residency' is not asked given the "
        "other answers, so its answer is ignored\n"
    )
    clean = runner.invoke(app, ["assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml")])
    assert clean.exit_code == 0 and "warning" not in clean.stderr
