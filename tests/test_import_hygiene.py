"""What a non-interactive run imports: never the prompt libraries (not timed; see benchmarks/)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


def imported_modules(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "outsource_cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_json_assessment_never_loads_the_prompt_libraries() -> None:
    modules = imported_modules(
        "assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml"), "--format", "json"
    )
    assert "outsource_cli.decision.engine" in modules  # the check can see our own imports
    assert not {m for m in modules if m.split(".")[0] in ("questionary", "prompt_toolkit")}
    assert (
        "outsource_cli.output.terminal" not in modules
        and "outsource_cli.questionnaire.schema" not in modules
    )


def test_a_cached_catalog_needs_no_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the catalog in the cache, nothing validates question sets again: the schema
    validation and the meaning checks are not even imported (the models' validators are
    never built)."""
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    args = ("assess", "--answers", str(EXAMPLES / "payroll-manufacturer.yaml"), "--format", "json")
    validating = {
        "outsource_cli.questionnaire.validation",
        "outsource_cli.questionnaire.checks",
    }
    assert validating <= imported_modules(*args)  # an empty cache: read and checked
    again = imported_modules(*args)
    assert "outsource_cli.decision.engine" in again
    assert not validating & again


def test_help_loads_none_of_the_core() -> None:
    modules = imported_modules("--help")
    assert not {
        m for m in modules if m.split(".")[0] in ("questionary", "prompt_toolkit", "pydantic_core")
    }
    assert not {
        m
        for m in modules
        if m.startswith("outsource_cli.")
        and not m.startswith("outsource_cli.commands.")
        and m
        not in (
            "outsource_cli.cli",
            "outsource_cli.commands",  # the commands' modules: options and help, nothing heavier
            "outsource_cli.conventions",  # the command classes: part of the command line
            "outsource_cli.errors",
            "outsource_cli.__main__",
        )
    }


def test_lint_never_loads_the_prompt_libraries() -> None:
    modules = imported_modules("lint")
    assert not {m for m in modules if m.split(".")[0] in ("questionary", "prompt_toolkit")}


def test_the_commands_annotations_are_objects_not_strings() -> None:
    """typer builds every command from its annotations at each start: strings would be
    compiled and evaluated every time (see the docstring of outsource_cli.commands.common)."""
    import inspect
    from importlib import import_module

    for name in ("assess", "compare", "panel", "verify", "lint", "template", "vet"):
        command = getattr(import_module(f"outsource_cli.commands.{name}"), name)
        params = inspect.signature(command).parameters.values()
        assert not any(isinstance(p.annotation, str) for p in params), name
