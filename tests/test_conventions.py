"""Conventions every peer (gh, uv, ruff, pip) keeps: -h is --help, the bare command prints
its help, placeholders are metavars not Python types, -q is quiet, usage errors are plain
words, and --show-completion SHELL prints that shell's script."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.conventions import plain
from tests.conftest import EXAMPLES

runner = CliRunner()
COMMANDS = [
    "assess", "questionnaires", "template", "compare", "panel", "verify", "lint", "schema", "vet"
]  # fmt: skip
PAYROLL = str(EXAMPLES / "payroll-manufacturer.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "120"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_dash_h_is_help(name: str | None) -> None:
    command = [name] if name else []
    code, short, _ = invoke(*command, "-h")
    assert code == 0
    assert short == invoke(*command, "--help")[1]
    assert "-h" in short and "Usage: outsource" in short


def test_the_bare_command_prints_its_help_and_succeeds() -> None:
    """As gh does (uv and git exit 2 or 1: a command run with nothing to do is asking what
    it can do, and the answer is not an error)."""
    code, out, err = invoke()
    assert code == 0 and err == ""
    assert out == invoke("--help")[1]


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_shows_metavars_not_python_types(name: str | None) -> None:
    _, out, _ = invoke(*([name] if name else []), "--help")
    for python in ("<bool>", "<path>", "<str>", "list[", "<list", "{path}", "{FILE}", "Path]"):
        assert python not in out, (name, python)
    assert not re.search(r"<[a-z][a-z_|\[\], ]*>", out), name
    usage = next(line for line in out.splitlines() if "Usage:" in line)
    assert "{" not in usage


def test_the_placeholders_peers_use() -> None:
    _, out, _ = invoke("assess", "--help")
    flat = " ".join(out.split())
    assert "--answers -a FILE" in flat and "--function NAME" in flat
    assert re.search(r"--force\s+Overwrite", flat)  # a flag: no placeholder
    assert "Usage: outsource compare [OPTIONS] FILE..." in " ".join(
        invoke("compare", "-h")[1].split()
    )
    assert "Usage: outsource lint [OPTIONS] [PATH]..." in " ".join(invoke("lint", "-h")[1].split())
    assert "Usage: outsource verify [OPTIONS] FILE" in " ".join(invoke("verify", "-h")[1].split())


def test_q_is_quiet_and_questionnaires_keeps_its_long_flag(tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    code, _, err = invoke("assess", "-a", PAYROLL, "-f", "markdown", "-o", str(report))
    assert code == 0 and err == f"wrote {report}\n"
    code, _, err = invoke(
        "assess", "-a", PAYROLL, "-f", "markdown", "-o", str(report), "--force", "-q"
    )
    assert code == 0 and err == "" and report.exists()
    code, _, err = invoke("-q", "template", "-o", str(tmp_path / "t.yaml"))
    assert code == 0 and err == ""
    code, out, _ = invoke(
        "questionnaires", "-q", "--questionnaires", str(EXAMPLES.parent / "questionnaires")
    )
    assert code == 0 and "Core competency" in out
    code, _, err = invoke("questionnaires", "-q", str(EXAMPLES.parent / "questionnaires"))
    assert code == 2  # -q takes no folder any more


def test_quiet_keeps_warnings_and_errors(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        Path(PAYROLL)
        .read_text()
        .replace("data_sensitivity: personal", "data_sensitivity: internal")
    )
    code, _, err = invoke("assess", "-q", "-a", str(answers))
    assert code == 0 and err.startswith("warning: ")
    code, _, err = invoke("assess", "-q", "-a", str(tmp_path / "missing.yaml"))
    assert code == 2 and err.startswith("error: ")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["assess", "-a", PAYROLL, "-f", "pdf"],
            "'pdf' is not one of the choices: text, json, markdown or html.",
        ),
        (["schema", "nope"], "'nope' is not one of the choices: questionnaire, policy or answers."),
        (
            ["lint", "--format", "xml"],
            "'xml' is not one of the choices: text, json, github or sarif.",
        ),
    ],
)
def test_usage_errors_are_plain_words(args: list[str], words: str) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    assert words in " ".join(re.sub(r"[│╭╮╰╯─]", " ", err).split())
    assert "Value error" not in err and "Input should" not in err


def test_plain_maps_pydantic_wording() -> None:
    assert (
        plain("Value error, 'x' is not one of 'a', 'b'.")
        == "'x' is not one of the choices: a or b."
    )
    assert plain("Input should be a valid integer") == "expected a valid integer"
    assert plain("Option '--x' requires an argument.") == "Option '--x' requires an argument."


def _outsource() -> str:
    exe = Path(sys.executable).parent / "outsource"
    if not exe.exists():
        pytest.skip("the outsource command is not installed in this environment")
    return str(exe)


@pytest.mark.parametrize(
    ("args", "marker"),
    [
        (["--show-completion", "zsh"], "#compdef outsource"),
        (["--show-completion=zsh"], "#compdef outsource"),
        (["--show-completion", "fish"], "complete --command outsource"),
        (["--show-completion", "bash"], "complete -o default -F _outsource_completion outsource"),
    ],
)
def test_show_completion_prints_the_named_shells_script(args: list[str], marker: str) -> None:
    """Whatever shell runs the command: the shell named is the one whose script is printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("_TYPER_COMPLETE")}
    for shell in ("/bin/bash", "/usr/bin/zsh"):
        proc = subprocess.run(
            [_outsource(), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "SHELL": shell},
        )
        assert proc.returncode == 0, proc.stderr
        assert marker in proc.stdout


def test_show_completion_needs_a_shell_it_knows() -> None:
    code, _, err = invoke("--show-completion", "tcsh")
    assert code == 2 and "bash, zsh, fish, powershell or pwsh" in " ".join(err.split())
    code, _, err = invoke("--show-completion")
    assert code == 2 and "requires an argument" in err


def test_quiet_is_not_left_over_for_the_next_run(tmp_path: Path) -> None:
    assert invoke("-q", "template", "-o", str(tmp_path / "a.yaml"))[2] == ""
    assert invoke("template", "-o", str(tmp_path / "b.yaml"))[2] == f"wrote {tmp_path / 'b.yaml'}\n"
