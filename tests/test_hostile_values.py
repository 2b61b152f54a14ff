"""Hostile values inside otherwise valid files: non-finite and huge numbers, YAML 1.1 number
quirks, keys of every YAML type, markup and escapes in names, invisible characters. Each gets
a clear message at path:line:col and exit 2 (lint: exit 1), or is shown safely; never exit 3."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from outsource_cli.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
EXAMPLE = EXAMPLES / "payroll-manufacturer.yaml"
HUGE = "9" * 4301


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code != 3, result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    return result.exit_code, result.stdout, result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# ---------------------------------------------------------------- numbers in question sets


NUMBERS = [
    (
        "control.yaml",
        "weight: 1.5",
        "weight: .inf",
        "6:9: S003 weight: input should be a finite number",
    ),
    (
        "control.yaml",
        "weight: 1.5",
        "weight: .nan",
        "6:9: S003 weight: input should be a finite number",
    ),
    (
        "control.yaml",
        "weight: 1.5",
        "weight: -.inf",
        "6:9: S003 weight: input should be a finite number",
    ),
    (
        "control.yaml",
        "weight: 1.5",
        "weight: 1e308",
        "6:9: S003 weight: input should be less than or equal to",
    ),
    (
        "control.yaml",
        "weight: 1.5",
        "weight: 1.0e308",
        "6:9: S003 weight: input should be less than or equal to",
    ),
    ("control.yaml", "weight: 1.5", f"weight: {HUGE}", "6:9: Y008 a number with 4,301 digits"),
    (
        "control.yaml",
        "weight: 1.5",
        "weight: 1:20",
        "6:9: Y008 '1:20' is read by YAML 1.1 as a base-60 number (80)",
    ),
    ("core.yaml", "order: ", f"order: {'1' * 401}  #", "Y008 a number with 401 digits"),
    (
        "policy.yaml",
        "overlap_hours, gte: 6}",
        "overlap_hours, gte: .nan}",
        "S003 location.rules.7.when.gte: input should be a finite number",
    ),
    (
        "policy.yaml",
        "time_to_hire, gte: 6}",
        "time_to_hire, gte: .inf}",
        "S003 economics.reasons.1.when.gte: input should be a finite number",
    ),
    (
        "policy.yaml",
        "  pays_at: 5\n",
        "  pays_at: .nan\n",
        "S003 economics.pays_at: input should be a finite number",
    ),
    (
        "policy.yaml",
        "  heavy_loss_below: -15\n",
        "  heavy_loss_below: -.inf\n",
        "S003 economics.heavy_loss_below: input should be a finite number",
    ),
    (
        "policy.yaml",
        "  loses_below: 0\n",
        f"  loses_below: {HUGE}\n",
        "Y008 a number with 4,301 digits",
    ),
    (
        "cost.yaml",
        "{up_to: -15,",
        "{up_to: .nan,",
        "39:17: S003 questions.1.ranges.0.up_to: input should be a finite number",
    ),
    (
        "cost.yaml",
        "    min: 1\n    max: 10000000",
        "    min: -.inf\n    max: 10000000",
        "17:10: S003 questions.0.min: input should be a finite number",
    ),
    (
        "cost.yaml",
        "    min: 1\n    max: 10000000",
        "    min: 0\n    max: .inf",
        "18:10: S003 questions.0.max: input should be a finite number",
    ),
    ("cost.yaml", "default: 1000", "default: .nan", "S003 questions.0.default"),
    (
        "cost.yaml",
        "score: 15, label",
        "score: .nan, label",
        "S003 questions.1.ranges.0.score: input should be a finite number",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), NUMBERS)
def test_non_finite_and_huge_numbers_in_question_sets_and_policy(
    qdir: Path, name: str, old: str, new: str, message: str
) -> None:
    edit(qdir / name, old, new)
    code, out, err = run(
        "assess", "--answers", str(EXAMPLE), "--questionnaires", str(qdir), "--format", "json"
    )
    assert code == 2 and out == ""
    assert f"error: {qdir / name}:" in err and message in err, err
    code, out, _ = run("lint", str(qdir))
    assert code == 1 and message in out


ANSWERS = [
    (".inf", "53:23: A002 cost.expected_savings: expected a finite number, got inf"),
    ("-.inf", "A002 cost.expected_savings: expected a finite number, got -inf"),
    (".nan", "A002 cost.expected_savings: expected a finite number, got nan"),
    ("1e400", "A002 cost.expected_savings: expected a finite number, got inf"),
    ("1.0e308", "A002 cost.expected_savings: expected a number from -50 to 80, got one too large"),
    ("1e3", "A002 cost.expected_savings: 1,000 is outside -50 to 80 %"),
    ("9" * 401, "53:23: Y008 a number with 401 digits: numbers have at most 30 digits"),
    (HUGE, "53:23: Y008 a number with 4,301 digits"),
    ("1:20", "53:23: Y008 '1:20' is read by YAML 1.1 as a base-60 number (80): quote it"),
    ("'.nan'", "A002 cost.expected_savings: expected a number, got '.nan'"),
    ("'inf'", "A002 cost.expected_savings: expected a finite number, got 'inf'"),
]


@pytest.mark.parametrize(("value", "message"), ANSWERS)
def test_non_finite_and_huge_numbers_in_answers(tmp_path: Path, value: str, message: str) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        EXAMPLE.read_text().replace("expected_savings: 20", f"expected_savings: {value}")
    )
    code, out, err = run("assess", "--answers", str(path), "--format", "json")
    assert code == 2 and out == "" and f"error: {path}:" in err and message in err, err
    code, out, _ = run("lint", str(path))
    assert code == 1 and message in out
    code, _, err = run("compare", str(path))
    assert code == 2 and message in err


def test_a_number_in_exponent_form_is_read_as_a_number(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(EXAMPLE.read_text().replace("expected_savings: 20", "expected_savings: 2e1"))
    code, out, _ = run("assess", "--answers", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["answers"]["cost.expected_savings"] == 20


@pytest.mark.parametrize("word", ["no", "yes", "No", "off", "true", '"no"'])
def test_a_bare_yes_or_no_answers_a_question_whose_values_are_those_words(
    tmp_path: Path, word: str
) -> None:
    """YAML 1.1 reads `no` as false; the option's value is the text "no" (the template lists
    it so): the answer means that option."""
    path = tmp_path / "a.yaml"
    text = EXAMPLE.read_text()
    assert "    in_house_efficiency: partly\n" in text
    path.write_text(text.replace("in_house_efficiency: partly", f"in_house_efficiency: {word}"))
    code, out, err = run("assess", "--answers", str(path), "--format", "json")
    assert code == 0, err
    expected = "no" if word.strip('"').lower() in ("no", "off", "false") else "yes"
    assert json.loads(out)["answers"]["cost.in_house_efficiency"] == expected


# ---------------------------------------------------------------- keys of any YAML type


KEYS = [
    ("12345", "the number 12345"),
    ("~", "null (~)"),
    ("null", "null (~)"),
    ("yes", "the boolean true (YAML reads yes/no/on/off as booleans: quote it)"),
    ("off", "the boolean false"),
    ("1.5", "the number 1.5"),
    ("-7", "the number -7"),
    (".inf", "the number inf"),
]


@pytest.mark.parametrize(("key", "shown"), KEYS)
def test_answers_keys_of_any_yaml_type(tmp_path: Path, key: str, shown: str) -> None:
    text = EXAMPLE.read_text()
    path = tmp_path / "a.yaml"
    path.write_text(f"{text}  {key}:\n    x: 1\n")
    expect = f"a question-set key must be a set id such as 'profile', not {shown}"
    code, _, err = run("assess", "--answers", str(path))
    assert code == 2 and f"A001 {expect}" in err, err
    line = len(text.splitlines()) + 1
    assert f"{path}:{line}:3: A001" in err
    code, out, _ = run("lint", str(path))
    assert code == 1 and expect in out
    code, _, err = run("compare", str(path))
    assert code == 2 and expect in err

    path.write_text(text.replace("  cost:\n", f"  cost:\n    {key}: 1\n", 1))
    code, _, err = run("assess", "--answers", str(path))
    assert (
        code == 2 and f"A001 a question key must be a question id of set 'cost', not {shown}" in err
    )

    path.write_text(f"{key}: 1\n{text}")
    code, _, err = run("assess", "--answers", str(path))
    assert code == 2 and f"{path}:1:1: A005 unknown field {shown}" in err


def test_a_list_as_a_key_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("answers:\n  ? [a, b]\n  : 1\n")
    code, _, err = run("assess", "--answers", str(path))
    assert code == 2 and "Y001 a list or a mapping used as a key: keys are text" in err


# ---------------------------------------------------------------- names reaching outputs


def test_rich_markup_in_a_folder_name_is_shown_literally(tmp_path: Path) -> None:
    folder = tmp_path / "x[/]y[bold]" / "q"
    shutil.copytree(Path(__file__).parent.parent / "questionnaires", folder)
    answers = tmp_path / "x[/]y[bold]" / "a[red].yaml"
    answers.write_text(EXAMPLE.read_text().replace("function: Payroll", "function: \\[/]Payroll"))
    code, out, _ = run("questionnaires", "--questionnaires", str(folder))
    assert code == 0 and f"from{folder}" in out.replace("\n", "")
    code, out, _ = run("assess", "--answers", str(answers), "--questionnaires", str(folder))
    assert code == 0 and "[/]Payroll" in out
    code, out, _ = run("compare", str(answers), "--questionnaires", str(folder))
    assert code == 0 and "[/]Payroll" in out
    code, out, _ = run("lint", str(folder))
    assert code == 0


def test_an_escape_in_a_file_name_never_reaches_a_github_annotation(tmp_path: Path) -> None:
    folder = tmp_path / "evil\x1b]0;owned\x07\x1b[31m"
    folder.mkdir()
    (folder / "a.yaml").write_text("answers:\n  nope: {}\n")
    code, out, _ = run("lint", str(folder), "--format", "github")
    assert code == 1 and "::error file=" in out
    assert "\x1b" not in out and "\x07" not in out
    code, out, _ = run("lint", str(folder))
    assert code == 1 and "\x1b" not in out and "\x07" not in out


def test_csv_cells_from_file_names_and_texts_are_not_formulas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    for name, function in (
        ("=HYPERLINK(1).yaml", None),
        ("b.yaml", "@SUM(A1)"),
        ("c.yaml", "+1"),
        ("d.yaml", "-2"),
    ):
        text = EXAMPLE.read_text()
        if function is None:
            text = text.replace("function: Payroll at a mid-size manufacturer\n", "")
        else:
            text = text.replace("Payroll at a mid-size manufacturer", f"'{function}'")
        (folder / name).write_text(text)
    code, out, _ = run("compare", str(folder), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    for row in rows:
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@"), row
    assert {r["function"] for r in rows} == {"'=HYPERLINK(1)", "'@SUM(A1)", "'+1", "'-2"}
    assert any(r["source"].endswith("=HYPERLINK(1).yaml") for r in rows)
    monkeypatch.chdir(folder)  # a relative path: the source cell starts with the file name
    code, out, _ = run("compare", "=HYPERLINK(1).yaml", "--format", "csv")
    assert code == 0
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["source"] == "'=HYPERLINK(1).yaml" and row["function"] == "'=HYPERLINK(1)"


def test_json_output_escapes_c1_del_and_invisible_characters(tmp_path: Path) -> None:
    name = "Pay\x85roll\x7f \x9b31m\u200bde\u202eluxe\u2028"
    path = tmp_path / "a.yaml"
    path.write_text(
        EXAMPLE.read_text().replace(
            "function: Payroll at a mid-size manufacturer", f"function: {json.dumps(name)}"
        )
    )
    code, out, _ = run("assess", "--answers", str(path), "--format", "json")
    assert code == 0
    for char in ("\x85", "\x7f", "\x9b", "\u200b", "\u202e", "\u2028"):
        assert char not in out
    assert "\\u0085" in out and "\\u007f" in out and "\\u200b" in out
    assert json.loads(out)["function"] == name  # the value itself is exact
    code, out, _ = run("compare", str(path), "--format", "json")
    assert code == 0 and "\x85" not in out and json.loads(out)["functions"][0]["function"] == name
    code, out, _ = run("lint", str(tmp_path), "--format", "json")
    assert "\u200b" not in out and "\x85" not in out


def test_invisible_characters_are_visible_escapes_in_text_outputs(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(
        EXAMPLE.read_text().replace(
            "function: Payroll at a mid-size manufacturer", 'function: "Pay\\u200broll \\u202eevil"'
        )
    )
    code, out, _ = run("assess", "--answers", str(path))
    assert code == 0 and "Pay<U+200B>roll <U+202E>evil" in out
    assert "\u200b" not in out and "\u202e" not in out
    code, out, _ = run("assess", "--answers", str(path), "--format", "markdown")
    assert code == 0 and "U+200B" in out and "\u200b" not in out
    code, out, _ = run("compare", str(path), "--format", "csv")
    assert code == 0 and "Pay<U+200B>roll" in out


def test_a_unit_with_newlines_and_escapes_cannot_inject_yaml_into_the_template(
    qdir: Path,
) -> None:
    edit(qdir / "cost.yaml", "unit: thousand", 'unit: "thousand\\ninjected: yes\\e[31m\\u200b"')
    code, out, _ = run("template", "--questionnaires", str(qdir))
    assert code == 0
    assert "\x1b" not in out and "\u200b" not in out
    assert "    #   a number from 1 to 10,000,000 thousand injected: yes<U+200B>\n" in out
    data = yaml.safe_load(out)
    assert set(data) == {"version", "function", "currency", "answers"}  # nothing injected
    assert data["answers"]["cost"]["baseline_cost"] is None


def test_tag_musical_and_filler_characters_never_reach_any_output_raw(tmp_path: Path) -> None:
    sneaky = "\U000e0041\U0001d173\u3164\u115f\u034f\u2029"
    path = tmp_path / "a.yaml"
    path.write_text(
        EXAMPLE.read_text().replace(
            "function: Payroll at a mid-size manufacturer",
            f"function: {json.dumps('F' + sneaky, ensure_ascii=False)}",
        )
    )
    for args in (
        ["assess", "--answers", str(path)],
        ["assess", "--answers", str(path), "--format", "json"],
        ["assess", "--answers", str(path), "--format", "markdown"],
        ["assess", "--answers", str(path), "--format", "html"],
        ["compare", str(path)],
        ["compare", str(path), "--format", "csv"],
    ):
        code, out, _ = run(*args)
        assert code == 0, args
        assert not any(char in out for char in sneaky), args
    code, out, _ = run("assess", "--answers", str(path), "--format", "json")
    assert json.loads(out)["function"] == "F" + sneaky  # escaped, exact


def test_the_answers_schema_escapes_what_the_question_texts_hold(qdir: Path) -> None:
    edit(
        qdir / "cost.yaml", "unit: thousand", 'unit: "thousand \\x9b31m \\u202eRTL\\u202c \\u2028"'
    )
    code, out, _ = run("schema", "answers", "--questionnaires", str(qdir))
    assert code == 0
    assert not any(char in out for char in ("\x9b", "\u202e", "\u202c", "\u2028")), out[-300:]
    json.loads(out)


def test_an_option_cannot_be_the_not_sure_answer(qdir: Path) -> None:
    edit(qdir / "control.yaml", "{value: country,", "{value: not_sure,")
    code, out, _ = run("lint", str(qdir))
    assert code == 1
    assert "S005" in out and "an option cannot be 'not_sure'" in out
