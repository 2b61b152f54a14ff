"""Every command and every exit code, through the real command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.engine import decide
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import load_catalog
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
PAYROLL = str(EXAMPLES / "payroll-manufacturer.yaml")
DECISION_KEYS = {
    "outcome",
    "form",
    "location",
    "score",
    "dimensions",
    "gates",
    "rationale",
    "mitigations",
    "robustness",
    "provisional",
    "missing_range",
    "defaulted",
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_assess_json_has_every_documented_key() -> None:
    code, out, err = run("assess", "--answers", PAYROLL, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= DECISION_KEYS
    assert {"id", "title", "score", "weight", "answered"} <= set(data["dimensions"][0])
    assert {"question", "contribution", "because"} <= set(data["rationale"][0])
    assert (data["outcome"], data["form"], data["location"]) == ("outsource", "bpo", "nearshore")
    assert 0 <= data["robustness"] <= 1 and 0 <= data["score"] <= 100
    assert data["missing_range"] == {
        "score": [data["score"], data["score"]],
        "outcomes": ["outsource"],
        "questions": [],
        "exact": True,
    }
    assert data["provisional"] is False and data["defaulted"] == []


def test_assess_text_shows_the_recommendation() -> None:
    code, out, _ = run("assess", "--answers", PAYROLL)
    assert code == 0
    assert "OUTSOURCE  ·  BPO  ·  nearshore" in out
    assert "Recommendation: Payroll at a mid-size manufacturer" in out
    stages = ("\nStrategy    Outsource it", "\nEconomics   ", "\nReadiness   Ready")
    for heading in (*stages, "the plan's 7 steps: --detail full"):
        assert heading in out  # the short answer (the default)
    assert "Scores by question set" not in out and "How the answers lean" not in out
    code, out, _ = run("assess", "--answers", PAYROLL, "--detail", "full")
    for heading in (  # the board paper (as the reports): why first, then the appendices
        "\nWhy: the three stages\n",
        "Strategy: should it go out at all?",
        "Scores by question set",
        "How the answers lean (the balance, which ranks but does not decide",
        "\nPlan\n",
        "Exit and contingency plan",
    ):
        assert heading in out
    assert out.index("\nWhy: the three stages\n") < out.index("How the answers lean")
    assert "\x1b[" not in out  # not a terminal: no escape codes


@pytest.mark.parametrize("width", [60, 80, 100, 120])
def test_the_short_answer_fits_the_screen_at_any_width(width: int) -> None:
    from rich.console import Console

    from outsource_cli.output.terminal import short_renderable

    catalog = load_catalog()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        sheet = load_answers(path, catalog)
        d = decide(catalog, sheet.all_answers, sheet.function)
        cf = find_counterfactuals(catalog, sheet.all_answers, pairs=False)
        console = Console(width=width, color_system=None, record=True, file=io.StringIO())
        console.print(short_renderable(d, catalog, cf))
        lines = console.export_text().splitlines()
        assert all(len(line) <= width for line in lines)
        if width >= 100:
            assert len(lines) <= 40, (path.name, len(lines))  # one 100x40 screen
        text = " ".join(" ".join(lines).split())
        assert "--detail full" in text
        assert " Strategy " in text and " Economics " in text and " Readiness " in text
        assert "Recommendation" in text and "small answer changes" in text


def test_function_option_names_the_assessment() -> None:
    _, out, _ = run(
        "assess", "--answers", PAYROLL, "--format", "json", "--function", "Payroll (EU)"
    )
    assert json.loads(out)["function"] == "Payroll (EU)"


def test_bad_answers_file_exit_2_with_locations(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  control:\n    data_sensitivity: secret\n  nope:\n    x: 1\n")
    code, out, err = run("assess", "--answers", str(bad))
    assert code == 2 and out == ""
    assert f"error: {bad}:3:23: A002 control.data_sensitivity: 'secret' is not one of" in err
    assert f"error: {bad}:4:3: A001 unknown question set 'nope'" in err
    assert "missing required answer 'profile.work_kind'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("", "is empty"),
        ("a: [\n", "YAML syntax error"),
        ("just text\n", "an answers file is a mapping"),
        (b"\xff\xfe", "not valid UTF-8"),
    ],
)
def test_unreadable_answers_files(
    tmp_path: Path, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "a.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, _, err = run("assess", "--answers", str(path))
    assert code == 2
    assert err.startswith(f"error: {path}") and message in err


def test_answers_file_that_is_a_directory(tmp_path: Path) -> None:
    code, _, err = run("assess", "--answers", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_no_terminal_and_no_answers_is_a_clear_error() -> None:
    code, out, err = run("assess")
    assert code == 2 and out == ""
    assert "pass --answers FILE" in err


def test_no_terminal_in_a_real_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "outsource_cli", "assess"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "pass --answers FILE" in proc.stderr
    assert "Warning" not in proc.stderr and "Traceback" not in proc.stderr


def test_broken_questionnaire_folder(qdir: Path) -> None:
    (qdir / "core.yaml").write_text(
        "id: core\ntitle: Core\nquestions:\n  - id: x\n    type: single\n"
    )
    code, _, err = run("assess", "--answers", PAYROLL, "--questionnaires", str(qdir))
    assert code == 2
    assert f"error: {qdir}/core.yaml:4:5: S001 missing required field 'text'" in err


def test_questionnaires_env_var(qdir: Path) -> None:
    (qdir / "policy.yaml").write_text("gates: oops\n")
    result = runner.invoke(app, ["questionnaires"], env={"OUTSOURCE_QUESTIONNAIRES": str(qdir)})
    assert result.exit_code == 2 and "policy.yaml:1:8" in result.stderr


def test_a_custom_policy_changes_the_result(qdir: Path) -> None:
    """The policy's economics thresholds decide: payroll's net saving of 2.83 % is thin under
    the built-in policy (outsource), too small to pay when the loss starts at 3 % (hybrid);
    the stage line does not call a saving a cost."""
    policy = qdir / "policy.yaml"
    text = policy.read_text()
    assert "  loses_below: 0\n" in text
    policy.write_text(text.replace("  loses_below: 0\n", "  loses_below: 3\n"))
    _, out, _ = run("assess", "--answers", PAYROLL, "--format", "json")
    assert json.loads(out)["outcome"] == "outsource"
    _, out, _ = run(
        "assess", "--answers", PAYROLL, "--format", "json", "--questionnaires", str(qdir)
    )
    data = json.loads(out)
    assert data["outcome"] == "hybrid"
    assert [s["verdict"] for s in data["stages"]] == ["outsource", "loses", "ready"]
    _, out, _ = run("assess", "--answers", PAYROLL, "--questionnaires", str(qdir))
    flat = " ".join(out.split())
    assert "Economics The saving is too small to pay: a net saving of 2.8 %" in flat
    assert "costs more than keeping it" not in flat


def test_questionnaires_lists_sets() -> None:
    code, out, _ = run("questionnaires")
    assert code == 0 and "Control and risk" in out and "not scored" in out
    code, out, _ = run("questionnaires", "--format", "json")
    assert [s["id"] for s in json.loads(out)["sets"]] == [
        "profile",
        "core",
        "control",
        "skills",
        "culture",
        "cost",
    ]


def test_template_to_stdout_and_file(tmp_path: Path) -> None:
    code, out, _ = run("template")
    assert code == 0 and "data_sensitivity: null" in out
    target = tmp_path / "answers.yaml"
    assert run("template", "--output", str(target))[0] == 0
    assert target.read_text() == out
    code, _, err = run("template", "--output", str(target))
    assert code == 2 and "already exists; pass --force" in err
    assert run("template", "--output", str(target), "--force")[0] == 0


def test_schema_is_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "title", "questions"} <= set(schema["required"])
    assert "when" in json.dumps(schema)
    code, out, _ = run("schema", "policy")
    assert "strategy" in json.loads(out)["properties"]


def test_save_answers_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.yaml"
    target.write_text("keep me")
    code, _, err = run("assess", "--answers", PAYROLL, "--save-answers", str(target))
    assert code == 2 and "already exists" in err and target.read_text() == "keep me"


def test_usage_errors_exit_2() -> None:
    assert run("assess", "--format", "pdf")[0] == 2
    assert run("frobnicate")[0] == 2


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("outsource-cli ")
    code, out, _ = run("--help")
    assert code == 0
    for command in ("assess", "questionnaires", "template", "schema"):
        assert command in out


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"outsource {name}" in readme, f"README does not mention `outsource {name}`"


def test_the_readme_is_short_and_its_two_commands_run_verbatim_in_ci() -> None:
    """Issue 24, item 10: a newcomer's page (at most 200 lines) whose two set-up commands are
    the ones .ci/run runs, word for word."""
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0].strip() for b in quickstart.split("```sh\n")[1:]]
    assert blocks == [
        "pip install . && outsource assess --answers examples/payroll-manufacturer.yaml",
        'pip install -e ".[test]" && pytest',
    ]
    ci = (ROOT / ".ci" / "run").read_text()
    for n, command in enumerate(blocks, 1):
        assert f"README command {n}" in ci
        assert any(line.strip() == command for line in ci.splitlines()), command
    assert "python3 -m venv .venv" in quickstart  # the step before them
    for word in ("minutes", "headless browser"):
        assert word in quickstart


def test_every_link_in_the_readme_and_the_docs_leads_somewhere() -> None:
    """What moved out of the README is linked from it, and no link points at nothing (a
    page, or a heading's anchor on one)."""
    import re

    readme = (ROOT / "README.md").read_text()
    for page in ("commands", "security", "performance", "how-it-decides", "development"):
        assert f"](docs/{page}.md)" in readme, page
    for heading, page in (
        ("## Where it writes", "commands"),
        ("# Untrusted files", "security"),
        ("## How it scales", "performance"),
    ):
        assert heading in (ROOT / "docs" / f"{page}.md").read_text(), heading

    def anchors(path: Path) -> set[str]:
        out = set()
        for line in path.read_text().splitlines():
            if line.startswith("#"):
                title = line.lstrip("#").strip().lower()
                out.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
        return out

    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text()):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            file, _, anchor = target.partition("#")
            path = (doc.parent / file).resolve() if file else doc
            assert path.exists(), f"{doc.name}: {target}"
            if anchor and path.suffix == ".md":
                assert anchor in anchors(path), f"{doc.name}: {target}"


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import outsource_cli.decision.engine

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(outsource_cli.decision.engine, "decide", boom)
    monkeypatch.delenv("OUTSOURCE_DEBUG", raising=False)
    code, _, err = run("assess", "--answers", PAYROLL)
    assert code == 3
    assert err.strip() == (
        "internal error: RuntimeError: kaboom. Please report it "
        "(set OUTSOURCE_DEBUG=1 to see the traceback)."
    )


def test_module_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "outsource_cli", "assess", "--answers", PAYROLL, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0 and json.loads(proc.stdout)["outcome"] == "outsource"


def test_readme_sample_output_is_real() -> None:
    readme = (ROOT / "README.md").read_text()
    sample = readme.split("$ outsource assess --answers examples/payroll-manufacturer.yaml\n", 1)[
        1
    ].split("```")[0]
    actual = runner.invoke(app, ["assess", "--answers", PAYROLL]).stdout
    shown = [line for line in sample.splitlines() if line.strip() and line.strip() != "..."]
    missing = [line for line in shown if line not in actual.splitlines()]
    assert not missing, missing


def test_main_builds_only_the_command_invoked_and_keeps_every_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """typer makes every command's parameters at each start; main keeps only the one named,
    and all of them for an unknown name (so the error can suggest one) or an option first."""
    from outsource_cli import cli

    before = list(cli.app.registered_commands)
    seen: list[int] = []
    real = cli.app.__call__

    def counting(*args: Any, **kwargs: Any) -> Any:
        seen.append(len(cli.app.registered_commands))
        return real(*args, **kwargs)

    monkeypatch.setattr(type(cli.app), "__call__", lambda self, *a, **k: counting(*a, **k))
    for argv, code in (
        (["outsource", "questionnaires"], 0),
        (["outsource", "asess"], 2),
        (["outsource", "--version"], 0),
    ):
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exc:
            cli.main()
        assert exc.value.code == code
        assert cli.app.registered_commands == before  # all of them again afterwards
    assert seen == [1, len(before), len(before)]
    assert "Did you mean 'assess'?" in capsys.readouterr().err
