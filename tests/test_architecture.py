"""The layout's import contracts (pyproject's [tool.importlinter]) hold, and can fail."""

from __future__ import annotations

import ast
import re
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
        ("questionnaire/shapes/policy.py", "import typer", "never import the CLI framework"),
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


# ---------------------------------------------------------------- no sentences in decision/

DECISION = ROOT / "outsource_cli" / "decision"
# Three or more words (letters) separated by spaces: a sentence, or the start of one.
SENTENCE = re.compile(r"[^\W\d_]+(?: +[^\W\d_]+){2,}")
# An error's message may be written where it is raised: the arguments of a raise statement,
# and of a Problem (a bad input's message, raised with the others in one InputError).
PROBLEM_CALLS = {"Problem", "problem"}


def sentences(source: str) -> list[tuple[int, str]]:
    """Each string literal or f-string of ``source`` that holds a sentence, with its line:
    docstrings (and other bare string statements) and errors' messages left out. An
    f-string's replacement fields count as no word."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            exempt.add(id(node.value))  # a docstring, never returned
        elif isinstance(node, ast.Raise) or (
            isinstance(node, ast.Call) and _called(node.func) in PROBLEM_CALLS
        ):
            exempt.update(id(n) for n in ast.walk(node))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):  # breadth first: an f-string before its parts
        if id(node) in exempt:
            continue
        if isinstance(node, ast.JoinedStr):
            exempt.update(id(n) for n in ast.walk(node))
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if SENTENCE.search(text):
            found.append((node.lineno, text))
    return found


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def test_no_sentence_is_built_in_the_decision_layer() -> None:
    """The decision layer returns data (codes, numbers, ids); the output layer writes every
    sentence (docs/architecture.md)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted(DECISION.rglob("*.py"))
        for line, text in sentences(path.read_text(encoding="utf-8"))
    ]
    assert not found, "sentences in decision/ (return data; word it in output/):\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('def f():\n    return "the record has no answer"\n', True),
        ('def f(x):\n    return f"{x} could still be knocked out"\n', True),
        ('X = {"a": "your region or closer"}\n', True),
        ('def f():\n    """Return the record, in words."""\n', False),
        ('class C:\n    a: int\n    """The number of them, in words."""\n', False),
        ('def f(x):\n    raise ValueError(f"{x} must be a number from 0")\n', False),
        ('def f(d):\n    return d.problem(["k"], "\'k\' must be text", "A005")\n', False),
        ('X = ("median_even", "most frequent", "EBA/GL/2019/02")\n', False),
        ('def f(x):\n    return f"{x} {x} {x}: {x:.1f} %"\n', False),
    ],
)
def test_the_sentence_check_catches_a_sentence_and_only_that(source: str, caught: bool) -> None:
    assert bool(sentences(source)) is caught


def test_a_sentence_planted_in_the_core_is_found() -> None:
    source = (DECISION / "engine.py").read_text(encoding="utf-8")
    planted = source + '\n\ndef planted() -> str:\n    return "the outcome is outsource"\n'
    assert sentences(source) == []
    assert [t for _, t in sentences(planted)] == ["the outcome is outsource"]


# Issue 27's size rule: no module over 400 lines and no function over 60, except where a
# comment at its top says why — a generated module says "Generated by" in its docstring; a
# function says "# Long on purpose: <why>" before its first statement.
MODULE_LINES, FUNCTION_LINES = 400, 60


def oversized(package: Path) -> list[str]:
    """Each module and function of ``package`` over the size rule, with no reason given."""
    found = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text()
        lines = source.splitlines()
        tree = ast.parse(source)
        if "Generated by" in (ast.get_docstring(tree) or ""):
            continue
        name = path.relative_to(package.parent).as_posix()
        if len(lines) > MODULE_LINES:
            found.append(f"{name}: {len(lines)} lines")
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                top = "\n".join(lines[node.lineno - 1 : node.body[0].lineno])
                if length > FUNCTION_LINES and "# Long on purpose:" not in top:
                    found.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_no_module_or_function_is_too_long_without_saying_why() -> None:
    assert oversized(ROOT / "outsource_cli") == []


def test_the_size_rule_finds_a_long_function_and_accepts_a_reason(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_LINES))
    (package / "long.py").write_text(f"def long():\n{body}")
    assert oversized(package) == ["pkg/long.py:1 long: 61 lines"]
    (package / "long.py").write_text(f"def long():\n    # Long on purpose: a table\n{body}")
    assert oversized(package) == []
    (package / "big.py").write_text("x = 1\n" * (MODULE_LINES + 1))
    assert oversized(package) == ["pkg/big.py: 401 lines"]
    (package / "big.py").write_text('"""Generated by a tool."""\n' + "x = 1\n" * MODULE_LINES)
    assert oversized(package) == []
