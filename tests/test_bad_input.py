"""Every command that reads a file, given every kind of bad file: one clear message that
names the file, exit 2 (lint: findings, exit 1), never a traceback."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()

BAD = {
    "missing": None,
    "directory": "DIR",
    "binary": b"\x00\x01\x02\x03",
    "invalid-utf8": b"answers: \xff\n",
    "empty": b"",
    "list": b"- a\n- b\n",
    "wrong-types": b"answers:\n  cost:\n    expected_savings: lots\n",
}


def make(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.yaml"
    content = BAD[kind]
    if content == "DIR":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("kind", sorted(BAD))
@pytest.mark.parametrize("option", ["--answers", "--resume"])
def test_assess_files(
    tmp_path: Path, kind: str, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(tmp_path, kind)
    if option == "--resume":  # the interview needs a terminal; pretend there is one
        from outsource_cli.commands import assess

        monkeypatch.setattr(assess, "has_terminal", lambda: True)
    result = runner.invoke(app, ["assess", option, str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}") and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert all(line.startswith(f"error: {path}") for line in lines[:-1])
    assert len(lines) == 1 or lines[-1].endswith("problems found")


@pytest.mark.parametrize("kind", ["missing", "binary", "empty", "list"])
def test_questionnaire_folders(tmp_path: Path, qdir: Path, kind: str) -> None:
    if kind == "missing":
        folder = tmp_path / "nope"
    else:
        folder = qdir
        (qdir / "core.yaml").write_bytes(BAD[kind])  # type: ignore[arg-type]
    for command in (
        ["questionnaires"],
        ["template"],
        ["assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml")],
    ):
        result = runner.invoke(app, [*command, "--questionnaires", str(folder)])
        assert result.exit_code == 2, (command, result.output)
        assert str(folder) in result.stderr and "Traceback" not in result.stderr


def test_questionnaires_option_given_a_file(tmp_path: Path) -> None:
    f = tmp_path / "f.yaml"
    f.write_text("a: 1\n")
    result = runner.invoke(app, ["questionnaires", "--questionnaires", str(f)])
    assert result.exit_code == 2 and "is not a folder of question sets" in result.stderr


@pytest.mark.parametrize("kind", sorted(BAD))
def test_lint_files(tmp_path: Path, kind: str) -> None:
    path = make(tmp_path, kind)
    result = runner.invoke(app, ["lint", str(path)])
    if kind == "missing":
        assert result.exit_code == 2 and "no such file or folder" in result.stderr
    else:
        assert result.exit_code == (0 if kind == "directory" else 1), (
            result.output
        )  # an empty folder is clean
        assert "Traceback" not in result.output


def test_lint_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text("[tool.outsource-lint\n")
    result = runner.invoke(app, ["lint", "--config", str(config)])
    assert result.exit_code == 2 and f"{config}: invalid TOML" in result.stderr
    result = runner.invoke(app, ["lint", "--config", str(tmp_path / "none.toml")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_output_paths(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "--output", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr
    result = runner.invoke(app, ["template", "--output", str(tmp_path / "no" / "such" / "t.yaml")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = runner.invoke(app, ["lint", "--sarif-output", str(tmp_path)])
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("answers: {}\n")

    from outsource_cli import files

    real = files.read_regular

    def denied(p: Path, limit: int) -> bytes:
        if p == path:
            raise PermissionError(13, "Permission denied")
        return real(p, limit)

    monkeypatch.setattr(files, "read_regular", denied)  # root can read anything: simulate it
    result = runner.invoke(app, ["assess", "--answers", str(path)])
    assert result.exit_code == 2 and result.stderr == f"error: {path}: E001 permission denied\n"
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == 2 and "permission denied" in result.stderr


def test_answers_and_resume_together() -> None:
    example = str(EXAMPLES / "payroll-manufacturer.yaml")
    result = runner.invoke(app, ["assess", "--answers", example, "--resume", example])
    assert result.exit_code == 2 and "do not go together" in result.stderr


# ---------------------------------------------------------------- terminals and colour


def rendered(env: dict[str, str]) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "outsource_cli", "assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml")],
        env={**os.environ, **env},
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )
    out = child.read()
    child.close()
    assert child.exitstatus == 0
    return str(out)


def test_colour_in_a_terminal_and_not_without(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)  # restored after the test
    assert "\x1b[" in rendered({"TERM": "xterm-256color"})
    assert "\x1b[" not in rendered({"TERM": "dumb"})
    plain = rendered({"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert "\x1b[" in plain  # bold and italic stay: NO_COLOR is about colour
    assert not re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8])[;m]", plain)
