"""The layout's import contracts (pyproject's [tool.importlinter]) hold, and can fail."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")


def run_lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "outsource_cli", tmp_path / "outsource_cli")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold_on_main() -> None:
    proc = run_lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("decision/engine.py", "import rich.console", "renders or prompts"),
        ("output/terminal.py", "import questionary", "Only the interview prompts"),
        ("questionnaire/shapes.py", "import typer", "never import the CLI framework"),
        ("decision/engine.py", "import pydantic", "Only the questionnaire format uses pydantic"),
        (
            "output/report.py",
            "from outsource_cli.questionnaire import validation",
            "never validate",
        ),
        ("questionnaire/catalog.py", "from outsource_cli.decision import engine", "Layers"),
        ("decision/whatif.py", "from outsource_cli.lint import runner", "Layers"),
    ],
)
def test_breaking_a_contract_fails(
    tmp_path: Path, module: str, planted: str, contract: str
) -> None:
    root = copy_project(tmp_path)
    path = root / "outsource_cli" / module
    path.write_text(path.read_text() + f"\n{planted}  # planted by the test\n")
    proc = run_lint_imports(root)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    broken = [line for line in proc.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(contract in line for line in broken) or contract in proc.stdout, proc.stdout
