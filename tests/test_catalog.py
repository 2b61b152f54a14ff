"""Loading question sets and policy: every problem reported with file:line:col."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from outsource_cli.errors import InputError
from outsource_cli.questionnaire.catalog import Catalog, load_catalog
from outsource_cli.questionnaire.conditions import references


def load_errors(qdir: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_catalog(qdir)
    return [str(p).replace(str(qdir) + "/", "") for p in info.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_builtin_sets_load_in_order(catalog: Catalog) -> None:
    assert [s.id for s in catalog.sets] == [
        "profile",
        "core",
        "control",
        "skills",
        "culture",
        "cost",
    ]
    for qs in catalog.sets:
        # the business case's other assumptions are asked only on request
        on_request = [
            q
            for q in qs.questions
            if q.when is not None and "cost.adjust_assumptions" in references(q.when)
        ]
        assert 6 <= len(qs.questions) - len(on_request) <= 12, qs.id
        for q in qs.questions:
            assert q.help, f"{qs.id}.{q.id} has no help text"
            assert q.text.endswith("?"), f"{qs.id}.{q.id}"


def test_unknown_field_with_did_you_mean(qdir: Path) -> None:
    f = qdir / "core.yaml"
    edit(f, "    required: true\n    options:", "    requird: true\n    options:")
    line = line_of(f, "requird:")
    assert load_errors(qdir) == [
        f"core.yaml:{line}:5: S002 unknown field 'requird' (did you mean 'required'?)"
    ]


def test_missing_field_points_at_the_mapping(qdir: Path) -> None:
    f = qdir / "skills.yaml"
    edit(f, "    text: How hard is it to hire people with the skills this work needs?\n", "")
    line = line_of(f, "- id: scarcity")
    assert load_errors(qdir) == [f"skills.yaml:{line}:5: S001 missing required field 'text'"]


def test_wrong_types_and_values(qdir: Path) -> None:
    f = qdir / "cost.yaml"
    edit(f, "weight: 1\n", "weight: heavy\n")
    edit(f, "type: number", "type: numeric")
    found = load_errors(qdir)
    assert (
        f"cost.yaml:{line_of(f, 'weight: heavy')}:9: S003 weight: input should be a valid number, got 'heavy'"
        in found
    )
    assert any(
        p.startswith(
            f"cost.yaml:{line_of(f, 'type: numeric')}:11: S003 questions.0.type: input should be"
        )
        for p in found
    )


def test_boolean_looking_values_get_a_hint(qdir: Path) -> None:
    f = qdir / "cost.yaml"
    edit(f, '{value: "yes", label: "Yes"', '{value: yes, label: "Yes"')
    found, *rest = load_errors(qdir)
    line = line_of(f, 'value: yes, label: "Yes", score')
    assert found.startswith(f"cost.yaml:{line}:")
    assert "quote" in found
    # a strategy cell tests the option by its text: the policy's reference fails with it
    assert rest == [
        f"policy.yaml:{line_of(qdir / 'policy.yaml', 'cost.in_house_efficiency, equals')}:62: "
        "R011 'yes' is not an option of 'cost.in_house_efficiency' (its options: True, "
        "'partly', 'no')"
    ]


def test_errors_from_several_files_reported_together(qdir: Path) -> None:
    edit(qdir / "core.yaml", "id: core\n", "id: Core\n")
    edit(
        qdir / "policy.yaml",
        "  - {strategy: insource, ",
        "  - {strategy: insource, colour: red, ",
    )
    found = load_errors(qdir)
    assert (
        found[0]
        == "core.yaml:1:5: S004 'Core' is not a valid id: use lower-case letters, digits and _"
    )
    assert found[1].startswith("policy.yaml:") and "unknown field 'colour'" in found[1]


def test_unknown_question_in_when(qdir: Path) -> None:
    f = qdir / "control.yaml"
    edit(
        f, "when: {question: control.data_sensitivity,", "when: {question: control.data_sensitivty,"
    )
    line = line_of(f, "data_sensitivty")
    assert load_errors(qdir) == [
        f"control.yaml:{line}:22: R010 unknown question 'control.data_sensitivty' "
        "(did you mean 'control.data_sensitivity'?)"
    ]


def test_when_value_that_is_not_an_option(qdir: Path) -> None:
    f = qdir / "skills.yaml"
    edit(f, "in: [moderate, hard]}", "in: [moderate, hardest]}")
    line = line_of(f, "hardest")
    (found,) = load_errors(qdir)
    assert found.startswith(f"skills.yaml:{line}:")
    assert "R011 'hardest' is not an option of 'skills.scarcity'" in found


def test_when_on_a_later_question(qdir: Path) -> None:
    f = qdir / "core.yaml"
    edit(
        f,
        "    type: scale\n",
        "    type: scale\n    when: {question: cost.relative_scale, equals: smaller}\n",
    )
    (found,) = load_errors(qdir)
    assert "R012 'cost.relative_scale' is not asked before this question" in found


def test_duplicate_question_and_set_ids(qdir: Path) -> None:
    edit(qdir / "skills.yaml", "  - id: attrition\n", "  - id: scarcity\n")
    (qdir / "copy.yaml").write_text((qdir / "cost.yaml").read_text())
    found = load_errors(qdir)
    assert any("R001 duplicate set id 'cost'" in p for p in found)
    assert any(
        p.startswith("skills.yaml:") and "R002 duplicate question id 'scarcity'" in p for p in found
    )


def test_number_question_needs_bounds(qdir: Path) -> None:
    edit(qdir / "cost.yaml", "    min: -50\n    max: 80\n", "    max: 80\n")
    (found,) = load_errors(qdir)
    assert "S005 a number question needs both 'min' and 'max'" in found


def test_the_outcome_table_has_one_row_for_each_verdict_used(qdir: Path) -> None:
    f = qdir / "policy.yaml"
    edit(f, "  - {strategy: co_source,", "  - {strategy: eliminate_or_migrate,")
    found = load_errors(qdir)
    assert found == [
        f"policy.yaml:{line_of(f, '{strategy: insource,')}:3: L006 the strategy verdict co_source "
        "has no row in 'outcomes' (it would keep the function in-house)",
        f"policy.yaml:{line_of(f, '{strategy: eliminate_or_migrate,') + 1}:16: L006 verdict "
        "eliminate_or_migrate has two rows",
    ]


def test_the_economics_thresholds_go_down(qdir: Path) -> None:
    f = qdir / "policy.yaml"
    edit(f, "  heavy_loss_below: -15\n", "  heavy_loss_below: 2\n")
    assert load_errors(qdir) == [
        f"policy.yaml:{line_of(f, 'heavy_loss_below: 2')}:21: L006 'heavy_loss_below' (2) must "
        "not be above 'loses_below' (0)"
    ]
    edit(f, "  heavy_loss_below: 2\n", "  heavy_loss_below: -15\n")
    edit(f, "  pays_at: 5\n", "  pays_at: -1\n")
    assert load_errors(qdir) == [
        f"policy.yaml:{line_of(f, 'loses_below: 0')}:16: L006 'loses_below' (0) must not be "
        "above 'pays_at' (-1)"
    ]


def test_gate_needs_cap_or_force(qdir: Path) -> None:
    f = qdir / "policy.yaml"
    edit(f, "    force: keep_in_house\n", "")
    (found,) = load_errors(qdir)
    assert (
        found
        == f"policy.yaml:{line_of(f, '- id: prohibited')}:5: S006 a gate needs exactly one of 'cap' or 'force'"
    )


def test_policy_rule_on_unknown_question(qdir: Path) -> None:
    f = qdir / "policy.yaml"
    edit(f, "{question: profile.work_kind, equals: it}", "{question: profile.kind, equals: it}")
    (found,) = load_errors(qdir)
    assert found.startswith(f"policy.yaml:{line_of(f, 'profile.kind')}:")
    assert "R010 unknown question 'profile.kind' (did you mean 'profile.work_kind'?)" in found


def test_condition_needs_a_known_kind(qdir: Path) -> None:
    f = qdir / "policy.yaml"
    edit(
        f,
        "when: {question: control.regulation, equals: prohibited}",
        "when: {questoin: control.regulation}",
    )
    (found,) = load_errors(qdir)
    assert "a condition is a mapping with one of: question, dimension, calc, all, any, not" in found


def test_missing_policy_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"has no policy\.yaml"):
        load_catalog(tmp_path)
    with pytest.raises(InputError, match="no such folder"):
        load_catalog(tmp_path / "nope")


def test_a_user_can_add_a_question_set(qdir: Path) -> None:
    (qdir / "esg.yaml").write_text(
        "id: esg\ntitle: Sustainability\nweight: 2\norder: 70\nquestions:\n"
        "  - id: provider_standards\n    text: Do providers meet your labour standards?\n"
        "    help: Reputation.\n    type: yes_no\n    options:\n"
        "      - {value: yes, label: 'Yes', score: 70, because: providers meet your standards}\n"
        "      - {value: no, label: 'No', score: 10, because: providers fall short of your standards}\n"
    )
    catalog = load_catalog(qdir)
    assert catalog.sets[-1].id == "esg"
    assert "esg.provider_standards" in catalog.questions


def test_references_into_a_broken_set_are_not_reported(qdir: Path) -> None:
    edit(
        qdir / "control.yaml", "title: Control and risk\n", "title: [Control\n"
    )  # not YAML any more
    found = load_errors(qdir)
    assert [p.split(": ")[1].split()[0] for p in found] == [
        "Y001"
    ]  # no R010 for control.* in the policy
    (qdir / "control.yaml").write_text("id: control\ntitle: Control\n")  # YAML, but no questions
    found = load_errors(qdir)
    assert [p.split(": ")[1].split()[0] for p in found] == ["S001"]


def test_a_question_cannot_depend_on_a_set_score(qdir: Path) -> None:
    f = qdir / "skills.yaml"
    edit(
        f,
        "when: {question: skills.scarcity, in: [moderate, hard]}",
        "when: {dimension: core, lt: 40}",
    )
    (found,) = load_errors(qdir)
    assert found.startswith(f"skills.yaml:{line_of(f, 'dimension: core')}:")
    assert "S006 a question's `when` cannot test a set's score" in found


def test_validating_never_looks_for_pydantic_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the models' validators would first read every installed package's metadata
    for pydantic plugins; the tool uses none. A user who sets the variable keeps it."""
    from pydantic.plugin import _loader

    from outsource_cli.questionnaire import shapes
    from outsource_cli.questionnaire.source import Document
    from outsource_cli.questionnaire.validation import validate_model

    # pydantic asks get_plugins() as it builds a validator, which reads every installed
    # package's metadata unless PYDANTIC_DISABLE_PLUGINS turns them all off (in every
    # version since 2.10; what it reads them with has changed, this has not)
    seen: list[str | None] = []
    real = _loader.get_plugins

    def watched() -> object:
        seen.append(os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
        return real()

    monkeypatch.setattr(_loader, "_plugins", None)
    monkeypatch.setattr(_loader, "get_plugins", watched)
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)

    class Fresh(shapes.Model):  # its validator is built on its first use, below
        id: shapes.Id

    model, problems = validate_model(Fresh, Document("f.yaml", None, {"id": "x"}))
    assert model is not None and not problems
    assert seen == ["__all__"]  # asked with every plugin off: no package's metadata read
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "some_plugin")
    validate_model(Fresh, Document("f.yaml", None, {"id": "y"}))
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "some_plugin"
