"""The question types are one table (questionnaire/answer_types): a type registered there, and
nowhere else, is accepted, checked, read from answers files, scored, searched and listed in
the schema; and every type has its prompt in the interview."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.counterfactuals import find_counterfactuals
from outsource_cli.decision.engine import decide
from outsource_cli.errors import InputError, Problem
from outsource_cli.interview.questions import PROMPTS
from outsource_cli.questionnaire.answer_types import TYPES, NumberAnswer
from outsource_cli.questionnaire.answers import load_answers
from outsource_cli.questionnaire.catalog import load_catalog
from outsource_cli.questionnaire.schema import answers_schema, json_schema
from outsource_cli.questionnaire.shapes import Question
from outsource_cli.questionnaire.source import Document, Loc
from outsource_cli.questionnaire.uncertain import NumberRange

LINT_BASE = Path(__file__).parent / "data" / "lint" / "base"


class DemoShare(NumberAnswer):
    """A new type, as a newcomer writes it in the table: a share from 0 to 100."""

    __slots__ = ()
    name = "demo_share"
    blurb = "a share, 0 to 100"
    noun = "percentage"

    def check(self, q: Question, loc: Loc, doc: Document) -> Iterator[Problem]:
        yield from super().check(q, loc, doc)
        for end in ("min", "max"):
            value = getattr(q, end)
            if value is not None and not 0 <= value <= 100:
                yield doc.problem(
                    [*loc, end], f"a demo_share question's '{end}' is within 0 to 100", "S005"
                )


def _sets(tmp_path: Path) -> Path:
    """The lint test's small question sets, with ``a.cost`` a demo_share question and the
    policy's gate on it (so that a change of it flips the outcome)."""
    base = tmp_path / "sets"
    shutil.copytree(LINT_BASE, base)
    a = base / "a.yaml"
    a.write_text(a.read_text().replace("    type: number\n", "    type: demo_share\n"))
    policy = base / "policy.yaml"
    gate = "when: {question: a.risk, equals: high}"
    assert gate in policy.read_text()
    policy.write_text(policy.read_text().replace(gate, "when: {question: a.cost, gte: 60}"))
    return base


def test_a_type_not_in_the_table_is_refused_with_the_tables_names(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_catalog(_sets(tmp_path), use_cache=False)
    assert any(
        "questions.2.type: input should be 'single', 'multi', 'yes_no', 'scale' or 'number', "
        "got 'demo_share'" in str(p)
        for p in exc.value.problems
    ), exc.value.problems


def test_a_new_type_registered_in_the_table_works_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(TYPES, "demo_share", DemoShare())  # the table only; restored after
    base = _sets(tmp_path)
    # lint and validation accept it
    result = CliRunner().invoke(app, ["lint", str(base)])
    assert result.exit_code == 0, result.output
    catalog = load_catalog(base, use_cache=False)
    assert catalog.questions["a.cost"].type == "demo_share"
    # its own meaning check runs
    a = base / "a.yaml"
    a.write_text(a.read_text().replace("    max: 100\n", "    max: 150\n", 1))
    result = CliRunner().invoke(app, ["lint", str(base)])
    assert result.exit_code == 1 and "a demo_share question's 'max' is within 0 to 100" in (
        result.output
    )
    a.write_text(a.read_text().replace("    max: 150\n", "    max: 100\n", 1))
    # an answers file with it loads: a number as text, and an uncertain range
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "version: 1\nanswers:\n  a: {kind: it, risk: low, cost: '40%'}\n  b: {ok: yes}\n"
    )
    sheet = load_answers(answers, catalog)
    assert sheet.answers["a.cost"] == 40
    ranged = tmp_path / "ranged.yaml"
    ranged.write_text(answers.read_text().replace("'40%'", "{range: [30, 50]}"))
    assert load_answers(ranged, catalog).uncertain["a.cost"] == NumberRange(30.0, 50.0)
    # assess decides with it: its score, and the change of it that flips the outcome
    decision = decide(catalog, sheet.answers)
    cost = next(r for r in decision.rationale if r.question == "a.cost")
    assert (cost.score, cost.because, cost.answer) == (30.0, "it is cheap", "40")
    flips = find_counterfactuals(catalog, sheet.answers).singles
    assert any(
        f.outcome == "hybrid" and [(c.question, c.value) for c in f.changes] == [("a.cost", 60)]
        for f in flips
    ), flips
    result = CliRunner().invoke(
        app, ["assess", "--questionnaires", str(base), "--answers", str(answers), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["outcome"] == "outsource"
    # the schemas list it: the question sets' enum, and an answer's number and range
    field = json_schema()["$defs"]["Question"]["properties"]["type"]
    assert field["enum"] == ["single", "multi", "yes_no", "scale", "number", "demo_share"]
    assert field["description"].endswith("or demo_share (a share, 0 to 100).")
    cost_schema = answers_schema(catalog, builtin=False)["properties"]["answers"]["properties"]
    allowed = cost_schema["a"]["properties"]["cost"]
    assert allowed["description"].endswith(" A number from 0 to 100.")
    assert "range" in json.dumps(allowed["anyOf"][1])


def test_the_schema_lists_the_tables_types() -> None:
    field = json_schema()["$defs"]["Question"]["properties"]["type"]
    assert field["enum"] == list(TYPES)


@pytest.mark.parametrize("name", list(TYPES))
def test_every_type_has_its_prompt_in_the_interview(name: str) -> None:
    assert TYPES[name].prompt in PROMPTS


FORMAT_DOC = Path(__file__).resolve().parent.parent / "docs" / "questionnaire-format.md"


def documented_types(text: str) -> tuple[list[str], list[str]]:
    """The types docs/questionnaire-format.md gives: the rows of its "Question types" table,
    and the names in the example's ``type:`` comment (``single | multi | …``)."""
    section = text.split("### Question types", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)
    comment = re.search(r"^\s+type: \w+ +# (.+)$", text, flags=re.MULTILINE)
    assert comment is not None, "the example question's type: comment is gone"
    return rows, [name.strip() for name in comment.group(1).split("|")]


def test_the_format_doc_lists_the_tables_types_in_its_order() -> None:
    """Every name in the table of types is a row of the doc's types table (and no other name),
    in the table's order; the example's comment lists the same."""
    rows, comment = documented_types(FORMAT_DOC.read_text(encoding="utf-8"))
    assert rows == list(TYPES), "docs/questionnaire-format.md, 'Question types'"
    assert comment == list(TYPES), "docs/questionnaire-format.md, the example's type: comment"
