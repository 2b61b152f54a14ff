"""Answers files: every problem reported together, with file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from outsource_cli.decision.engine import decide
from outsource_cli.errors import InputError
from outsource_cli.questionnaire.answers import (
    AnswerSheet,
    coerce,
    dump_answers,
    load_answers,
    template,
)
from outsource_cli.questionnaire.catalog import Catalog
from tests.conftest import EXAMPLES

MINIMAL = """\
version: 1
answers:
  profile:
    work_kind: it
    criticality: important
    customer_contact: none
  core:
    differentiation: commodity
    capability_gap: on_par
  control:
    data_sensitivity: internal
    regulation: none
    exit_plan: yes
    audit_rights: yes
  skills:
    scarcity: easy
    provider_market: many
  culture:
    collaboration: low
  cost:
    expected_savings: 20
"""


def errors(tmp_path: Path, catalog: Catalog, text: str) -> list[str]:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_answers(path, catalog)
    return [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]


def test_minimal_answers_load(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL)
    sheet = load_answers(path, catalog)
    assert sheet.answers["control.exit_plan"] is True
    assert sheet.answers["cost.expected_savings"] == 20
    assert len(sheet.answers) == 13


def test_all_problems_reported_together(tmp_path: Path, catalog: Catalog) -> None:
    text = (
        MINIMAL.replace("work_kind: it", "work_kind: IT")
        .replace("  core:\n", "  core:\n    diferentiation: commodity\n")
        .replace("expected_savings: 20", "expected_savings: 120")
        .replace("    regulation: none\n", "")
    )
    text += "  legal:\n    anything: 1\n"
    found = errors(tmp_path, catalog, text)
    assert (
        "answers.yaml:4:16: A002 profile.work_kind: 'IT' is not one of: it, business_process, knowledge (did you mean 'it'?)"
        in found
    )
    assert (
        "answers.yaml:8:5: A001 unknown question 'core.diferentiation' (did you mean 'differentiation'?)"
        in found
    )
    assert any(
        p.startswith("answers.yaml:11:3:")
        and "A003 missing required answer 'control.regulation'" in p
        for p in found
    )
    assert any(
        p.startswith("answers.yaml:21:23: A002 cost.expected_savings: 120 is outside -50 to 80 %")
        for p in found
    )
    assert any(p.startswith("answers.yaml:22:3: A001 unknown question set 'legal'") for p in found)
    assert len(found) == 5


def test_values_are_checked_by_type(tmp_path: Path, catalog: Catalog) -> None:
    text = MINIMAL.replace("exit_plan: yes", "exit_plan: maybe").replace(
        "capability_gap: on_par", "capability_gap: on_par\n    customer_value: 7"
    )
    found = errors(tmp_path, catalog, text)
    assert any("A002 control.exit_plan: expected yes or no, got 'maybe'" in p for p in found)
    assert any(
        "A002 core.customer_value: expected a whole number from 1 to 5, got 7" in p for p in found
    )


def test_top_level_shape(tmp_path: Path, catalog: Catalog) -> None:
    assert errors(tmp_path, catalog, "- a\n- b\n") == [
        "answers.yaml:1:1: Y004 an answers file is a mapping with an 'answers' key"
    ]
    found = errors(tmp_path, catalog, MINIMAL.replace("version: 1\n", "version: 1\nanswer: {}\n"))
    assert found == ["answers.yaml:2:1: A005 unknown field 'answer' (did you mean 'answers'?)"]


def test_null_means_skipped_on_purpose(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL.replace("  culture:\n", "  culture:\n    language: null\n"))
    sheet = load_answers(path, catalog)
    assert "culture.language" in sheet.skipped and "culture.language" not in sheet.answers


def test_json_answers_files(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        '{"answers": {"profile": {"work_kind": "knowledge"}, "cost": {"expected_savings": "x"}}}'
    )
    with pytest.raises(InputError) as info:
        load_answers(path, catalog)
    assert any(
        str(p).startswith(f"{path}:1:") and "expected a number" in str(p)
        for p in info.value.problems
    )


def test_coerce_accepts_command_line_text(catalog: Catalog) -> None:
    q = catalog.questions
    assert coerce(q["control.exit_plan"], "No") is False
    assert coerce(q["core.customer_value"], "4") == 4
    assert coerce(q["cost.expected_savings"], "12.5%") == 12.5
    with pytest.raises(ValueError, match="did you mean 'personal'"):
        coerce(q["control.data_sensitivity"], "persnal")


def test_saved_answers_replay_to_the_same_decision(tmp_path: Path, catalog: Catalog) -> None:
    for example in sorted(EXAMPLES.glob("*.yaml")):
        sheet = load_answers(example, catalog)
        for fmt, name in (("yaml", "saved.yaml"), ("json", "saved.json")):
            path = tmp_path / name
            path.write_text(dump_answers(sheet, catalog, fmt=fmt))
            again = load_answers(path, catalog)
            assert decide(catalog, again.answers, again.function) == decide(
                catalog, sheet.answers, sheet.function
            )


def test_template_lists_every_question_and_parses(tmp_path: Path, catalog: Catalog) -> None:
    text = template(catalog)
    for qid in catalog.questions:
        q_id = qid.split(".")[1]
        assert f"    {q_id}: null" in text
    assert "#     regulated = Regulated data (financial, health, payment cards)" in text
    path = tmp_path / "t.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:  # a blank template lacks only the required answers
        load_answers(path, catalog)
    assert all(p.code == "A003" for p in info.value.problems)
    required = [qid for qid, q in catalog.questions.items() if q.required and q.when is None]
    assert len(info.value.problems) == len(required)  # (a conditional one waits to be shown)


def test_sheet_is_a_value() -> None:
    sheet = AnswerSheet({"a.b": "c"})
    with pytest.raises(AttributeError):
        sheet.function = "x"  # type: ignore[misc]


def test_written_by_us_tells_a_file_of_ours_from_one_with_the_users_comments(
    catalog: Catalog,
) -> None:
    from outsource_cli.questionnaire import source
    from outsource_cli.questionnaire.answers import AnswerSheet, dump_answers, written_by_us

    sheet = AnswerSheet({"profile.work_kind": "it", "control.exit_plan": True}, "Payroll")
    for fmt in ("yaml", "json"):
        text = dump_answers(sheet, catalog, fmt=fmt)
        assert written_by_us(text, source.parse(text, "a").data, fmt=fmt)
    text = dump_answers(sheet, catalog)
    commented = text.replace("answers:\n", "answers:  # checked with Sam\n")
    assert not written_by_us(commented, source.parse(commented, "a").data)
    reordered = "version: 1\n" + text.replace("version: 1\n", "")
    assert not written_by_us(reordered, source.parse(reordered, "a").data)
    # judged on the text alone: answers the tool saved that no longer count (a question now
    # hidden) still make the tool's own file, rewritten in place
    hidden = text.replace("  profile:\n", "  profile:\n    now_hidden: 1\n")
    assert hidden != text and written_by_us(hidden, source.parse(hidden, "a").data)


def test_defaulted_must_name_questions(tmp_path: Path, catalog: Catalog) -> None:
    found = errors(tmp_path, catalog, MINIMAL + "defaulted: profile.work_kind\n")
    assert found == ["answers.yaml:22:12: A005 'defaulted' must be a list of set.question ids"]
    found = errors(tmp_path, catalog, MINIMAL + "defaulted: [profile.wrk_kind]\n")
    assert any("A001 unknown question 'profile.wrk_kind' in 'defaulted'" in p for p in found)


def test_not_sure_answers_a_required_question(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(MINIMAL.replace("regulation: none", "regulation: not_sure"))
    sheet = load_answers(path, catalog)
    assert "control.regulation" not in sheet.answers and "control.regulation" in sheet.skipped
    path.write_text(MINIMAL.replace("    regulation: none\n", ""))
    with pytest.raises(InputError):  # left out altogether: still a missing required answer
        load_answers(path, catalog)


def test_numbers_are_displayed_for_people(catalog: Catalog) -> None:
    from outsource_cli.questionnaire.answers import display

    q = catalog.questions["cost.baseline_cost"]
    assert display(q, 2100) == f"2,100 {q.unit}".strip()
    assert display(q, 10_000_000) == f"10,000,000 {q.unit}".strip()  # never 1e+07
    assert display(q, 2.5) == f"2.5 {q.unit}".strip()


def test_a_missing_required_answer_says_what_to_write(catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("version: 1\nanswers:\n  profile:\n    team_size: 5\n")
    with pytest.raises(InputError) as info:
        load_answers(path, catalog)
    text = "\n".join(str(p) for p in info.value.problems)
    question = catalog.questions["profile.criticality"].text
    assert f"A003 missing required answer 'profile.criticality' (“{question}”)" in text
    assert "answer it, or write criticality: not_sure" in text


def test_an_answer_in_another_unicode_form_is_the_option_and_a_number_gets_a_hint() -> None:
    from outsource_cli.questionnaire.answers import coerce
    from tests.conftest import choice_q, make_catalog

    q = {**choice_q("q", {"\u00e9": 10, "1": 50, "a": 90})}
    multi = {**choice_q("m", {"\u00e9": 10, "1": 50}), "type": "multi"}
    catalog = make_catalog([{"id": "s", "title": "S", "questions": [q, multi]}])
    single, several = catalog.questions["s.q"], catalog.questions["s.m"]
    assert coerce(single, "e\u0301") == "\u00e9"  # e + combining acute: the same text
    assert coerce(several, ["e\u0301", "1"]) == ("\u00e9", "1")
    with pytest.raises(ValueError, match="1 is read as a number; the option is the text '1'"):
        coerce(single, 1)
    with pytest.raises(ValueError, match="is read as a number"):
        coerce(several, [1])
