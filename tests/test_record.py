"""Decision records: answers files and JSON decisions say what they were made against, and
`outsource verify` makes a decision again from the answers it embeds."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from outsource_cli import __version__
from outsource_cli.cli import app
from outsource_cli.decision.record import Difference, differences
from outsource_cli.output.verify import difference_words
from outsource_cli.questionnaire.catalog import builtin_directory, load_catalog
from outsource_cli.questionnaire.record import changes
from tests.conftest import EXAMPLES

runner = CliRunner()
PAYROLL = EXAMPLES / "payroll-manufacturer.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def decision(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "decision.json"
    code, _, err = run("assess", "--answers", str(PAYROLL), "-f", "json", "-o", str(out), *extra)
    assert code == 0, err
    return out


@contextlib.contextmanager
def edited(path: Path) -> Iterator[dict[str, Any]]:
    """The decision JSON in ``path`` as data, written back with the changes made to it."""
    data = json.loads(path.read_text())
    yield data
    path.write_text(json.dumps(data))


def edited_sets(tmp_path: Path) -> Path:
    """The built-in sets with one score changed, one question added and one label reworded."""
    folder = tmp_path / "sets"
    shutil.copytree(builtin_directory(), folder)
    control = folder / "control.yaml"
    text = control.read_text()
    old = 'label: "Internal business data", score: 70'
    assert old in text
    control.write_text(text.replace(old, 'label: "Internal business data", score: 60'))
    skills = folder / "skills.yaml"
    skills.write_text(
        skills.read_text()
        + "\n  - id: new_question\n    text: Is this a new question?\n    type: yes_no\n"
        "    options:\n"
        "      - {value: true, label: 'Yes', score: 60, because: it is new}\n"
        "      - {value: false, label: 'No', score: 40, because: it is not}\n"
    )
    return folder


def test_a_json_decision_carries_its_record() -> None:
    code, out, _ = run("assess", "--answers", str(PAYROLL), "-f", "json")
    assert code == 0
    record = json.loads(out)["record"]
    catalog = load_catalog()
    assert record["tool"] == f"outsource-cli {__version__}"
    assert record["question_sets"] == catalog.fingerprint.question_sets
    assert record["question_sets"].startswith("sha256:") and len(record["question_sets"]) == 71
    assert list(record["questions"]) == list(catalog.questions)
    assert record["answers"]["core.differentiation"] == "commodity"
    assert record["weights"] == {} and record["pairs"] is False


def test_an_answers_file_written_by_the_tool_carries_its_record(tmp_path: Path) -> None:
    saved = tmp_path / "saved.yaml"
    code, _, err = run("assess", "-a", str(PAYROLL), "--save-answers", str(saved), "-f", "json")
    assert code == 0, err
    data = yaml.safe_load(saved.read_text())
    assert data["record"]["tool"] == f"outsource-cli {__version__}"
    assert data["record"]["question_sets"] == load_catalog().fingerprint.question_sets
    code, _, err = run("assess", "-a", str(saved))  # read back, same sets: no warning
    assert code == 0 and "warning" not in err, err


def test_assess_warns_when_the_answers_were_made_against_other_sets(tmp_path: Path) -> None:
    saved = tmp_path / "saved.yaml"
    assert run("assess", "-a", str(PAYROLL), "--save-answers", str(saved))[0] == 0
    code, _, err = run("assess", "--questionnaires", str(edited_sets(tmp_path)), "-a", str(saved))
    assert code == 0
    assert "made against other question sets" in err
    assert "new since: skills.new_question" in err
    assert "rescored since: control.data_sensitivity" in err


def test_a_fingerprint_follows_the_scoring_not_the_wording(tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    shutil.copytree(builtin_directory(), folder)
    control = folder / "control.yaml"
    control.write_text(
        control.read_text().replace('"Internal business data"', '"Internal data of the business"')
    )
    before, after = load_catalog(), load_catalog(folder)
    assert after.fingerprint.questions == before.fingerprint.questions
    assert after.fingerprint.question_sets != before.fingerprint.question_sets
    found = changes(
        json.loads(json.dumps({"questions": dict(before.fingerprint.questions)}))
        | {
            "policy": before.fingerprint.policy,
            "question_sets": before.fingerprint.question_sets,
            "set_weights": dict(before.fingerprint.set_weights),
        },
        after,
    )
    assert found.wording and not (found.added or found.removed or found.rescored)
    assert found.changed


def test_a_comment_is_no_change(tmp_path: Path) -> None:
    folder = tmp_path / "sets"
    shutil.copytree(builtin_directory(), folder)
    (folder / "cost.yaml").write_text("# a comment\n" + (folder / "cost.yaml").read_text())
    assert load_catalog(folder).fingerprint == load_catalog().fingerprint


def test_an_untouched_record_verifies(tmp_path: Path) -> None:
    code, out, _ = run("verify", str(decision(tmp_path)))
    assert code == 0, out
    assert "verified: the decision is what its answers give" in out


def test_a_record_made_with_what_if_changes_verifies(tmp_path: Path) -> None:
    path = decision(tmp_path, "--set", "core.differentiation=differentiator", "--weight", "cost=2")
    assert run("verify", str(path))[0] == 0


def test_a_record_with_pairs_verifies(tmp_path: Path) -> None:
    assert run("verify", str(decision(tmp_path, "--pairs")))[0] == 0


def test_one_answer_edited_is_found(tmp_path: Path) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        data["record"]["answers"]["core.differentiation"] = "differentiator"
    code, out, _ = run("verify", str(path))
    assert code == 1
    assert "NOT verified" in out
    assert 'outcome: the record has "outsource", made again "hybrid"' in out
    assert "the headline differs: outcome" in out
    lines = out.splitlines()  # the headline first, before the details
    assert lines.index(next(x for x in lines if "outcome: the record" in x)) < 5


def test_a_record_edited_to_ready_is_a_different_headline(tmp_path: Path) -> None:
    """Without an exit plan the payroll goes out once ready: a record that drops the step
    before signing (conditions emptied) claims a plain outsource, and verify names that
    first, as a headline of its own."""
    path = decision(tmp_path, "--set", "control.exit_plan=no")
    with edited(path) as data:
        assert data["outcome"] == "outsource"
        assert [c["lever"] for c in data["conditions"]] == ["control.exit_plan"]
        data["conditions"] = []
    code, out, _ = run("verify", str(path))
    assert code == 1
    assert "the headline differs: ready in the record, once ready made again" in out
    (tmp_path / "again").mkdir()
    path = decision(tmp_path / "again", "--set", "control.exit_plan=no")
    with edited(path) as data:
        data["answers"]["control.data_residency"] = "none"
    code, out, _ = run("verify", str(path))
    assert code == 1
    assert re.search(r"the headline is the same \(outsource once ready, balance \d+\.\d\)", out)


def test_an_edited_result_is_found(tmp_path: Path) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        data["score"] = 70.0
    code, out, _ = run("verify", str(path), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["verified"] is False
    assert report["differences"] == ["score: the record has 70.0, made again 65.7"]


def test_a_changed_question_set_is_named(tmp_path: Path) -> None:
    path = decision(tmp_path)
    code, out, _ = run("verify", "--questionnaires", str(edited_sets(tmp_path)), str(path))
    assert code == 1
    q = load_catalog(edited_sets(tmp_path / "y")).questions  # named by their text
    assert f"new since: “{q['skills.new_question'].text}”" in out
    assert f"rescored since: “{q['control.data_sensitivity'].text}”" in out
    code, out, _ = run(
        "verify", "--questionnaires", str(edited_sets(tmp_path / "x")), str(path), "-f", "json"
    )
    sets = json.loads(out)["question_sets"]
    assert sets["added"] == ["skills.new_question"]
    assert sets["rescored"] == ["control.data_sensitivity"]
    assert sets["removed"] == [] and sets["changed"] is True


def test_a_removed_question_is_named(tmp_path: Path) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        data["record"]["questions"]["core.gone"] = "0123456789ab"
        data["record"]["answers"]["core.gone"] = "x"
    code, out, _ = run("verify", str(path))
    assert code == 1
    assert "removed since: core.gone" in out
    assert "core.gone: no such question now" in out


def test_a_changed_set_weight_is_named(tmp_path: Path) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        data["record"]["set_weights"]["cost"] = 2
    code, out, _ = run("verify", str(path))
    assert code == 1 and "weight of cost: 2 then, 1 now" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"answers": {}}', "not a decision"),
        ('{"outcome": "hybrid", "answers": {}}', "has no 'record'"),
        ('{"outcome": "hybrid", "record": []}', "'record' must be a mapping"),
        (
            '{"outcome": "hybrid", "record": {"tool": "x", "question_sets": "y", "policy": "z",'
            ' "set_weights": {}, "questions": {}, "answers": 3}}',
            "'record.answers' must map",
        ),
        ("[1, 2]", "not a decision"),
    ],
)
def test_verify_refuses_what_is_not_a_record(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "d.json"
    path.write_text(content)
    code, out, err = run("verify", str(path))
    assert code == 2 and message in err and "Traceback" not in err + out


def test_a_malformed_record_in_an_answers_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(PAYROLL.read_text() + "record: {tool: 3}\n")
    code, _, err = run("assess", "-a", str(path))
    assert code == 2 and "A005" in err and "'record' needs 'tool' as text" in err


def test_differences_names_each_place() -> None:
    stored = {"a": 1, "b": [1, {"c": True}], "record": 1, "d": 2}
    remade = {"a": 1, "b": [1, {"c": 1}], "record": 2, "e": 3}
    found = differences(stored, remade)
    assert found == [
        Difference("b[1].c", "differs", True, 1),
        Difference("d", "only_stored", 2),
        Difference("e", "only_remade", remade=3),
    ]
    assert [difference_words(d) for d in found] == [
        "b[1].c: the record has true, made again 1",
        "d: in the record, not in the decision made again",
        "e: missing from the record",
    ]


def test_the_fingerprint_is_the_same_from_the_cache_and_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTSOURCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OUTSOURCE_NO_CACHE", raising=False)
    written = load_catalog()  # a miss: read from the files, then cached
    cached = load_catalog()  # a hit
    monkeypatch.setenv("OUTSOURCE_NO_CACHE", "1")
    fresh = load_catalog()
    assert written.fingerprint == cached.fingerprint == fresh.fingerprint


def test_a_cached_catalog_brings_its_fingerprint() -> None:
    """Worked out once per content and kept in the (signed) cache entry, not on every run."""
    fresh = load_catalog(builtin_directory(), use_cache=False).fingerprint
    load_catalog(builtin_directory())  # writes the entry (the cache is a temporary folder here)
    cached = load_catalog(builtin_directory())
    assert "fingerprint" in cached.__dict__  # set from the entry, before anyone asked
    assert tuple(cached.fingerprint) == tuple(fresh)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"weights": {"cost": 1e308}}, "'record.weights' must map set ids to numbers from 0 to"),
        ({"weights": {"cost": -1}}, "'record.weights' must map set ids to numbers from 0 to"),
        ({"uncertain": ["x"]}, "'record.uncertain' must map"),
        ({"uncertain": {"cost.saving": 3}}, "'record.uncertain' must map"),
        ({"defaulted": [1, None]}, "'record.defaulted' must be a list"),
        ({"function": 3}, "'record.function' must be a text"),
    ],
)
def test_a_tampered_record_is_refused_clearly(
    tmp_path: Path, edit: dict[str, object], message: str
) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        data["record"].update(edit)
    code, out, err = run("verify", str(path))
    assert code == 2, out + err
    assert message in err and "Traceback" not in out + err and "internal error" not in err


def test_a_relabelled_decision_is_found(tmp_path: Path) -> None:
    path = decision(tmp_path, "--function", "Payroll at the plant")
    with edited(path) as data:
        assert data["record"]["function"] == "Payroll at the plant"
        data["function"] = "Trading platform at the bank"
    code, out, _ = run("verify", str(path))
    assert code == 1 and "function: the record has" in out


def test_a_what_if_that_the_record_does_not_hold_is_found(tmp_path: Path) -> None:
    path = decision(tmp_path, "--weight", "cost=2")
    assert run("verify", str(path))[0] == 0
    with edited(path) as data:
        data["what_if"]["weights"] = [{"set": "cost", "weight": 3, "was": 1}]
        data["what_if"]["answers"] = [{"question": "cost.saving", "value": 99, "was": 10}]
    code, out, _ = run("verify", str(path), "--format", "json")
    assert code == 1
    found = json.loads(out)["differences"]
    assert "what_if.weights: cost weighs 3 in the what-if, 2.0 in the record" in found
    assert any(line.startswith("what_if.answers: cost.saving set to 99") for line in found)


def test_ids_the_question_sets_do_not_have_are_named(tmp_path: Path) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        data["record"]["weights"] = {"nosuch": 2}
        data["record"]["defaulted"] = ["nosuch.q"]
        data["record"]["uncertain"] = {"nosuch.q": {"range": [1, 2]}}
        data["record"]["answers"]["nosuch.q"] = 1.5  # its point answer: no contradiction
    code, out, _ = run("verify", str(path), "--format", "json")
    assert code == 1
    unreadable = json.loads(out)["unreadable_answers"]
    assert "the weight of nosuch: no such question set now" in unreadable
    assert "nosuch.q (accepted as suggested): no such question now" in unreadable
    assert "nosuch.q (uncertain): no such question now" in unreadable
    assert "nosuch.q: no such question now" in unreadable


def test_a_decision_written_before_recommended_existed_still_verifies(tmp_path: Path) -> None:
    path = decision(tmp_path)
    with edited(path) as data:
        del data["recommended"]
    assert run("verify", str(path))[0] == 0


@pytest.mark.parametrize(
    ("uncertain", "message"),
    [
        (
            {"control.regulation": {"one_of": ["prohibited"]}},
            'record.uncertain gives {"one_of": ["prohibited"]} for control.regulation, but '
            'record.answers has "some"',
        ),
        (
            {"control.regulation": {"one_of": ["none", "prohibited"]}},
            'record.uncertain gives {"one_of": ["none", "prohibited"]} for control.regulation, '
            'but record.answers has "some"',
        ),
        (
            {"cost.expected_savings": {"range": [80, 80]}},
            'record.uncertain gives {"range": [80, 80]} for cost.expected_savings, but '
            "record.answers has 20",
        ),
        (
            {"cost.expected_savings": {"range": [10, 40]}},
            'record.uncertain gives {"range": [10, 40]} for cost.expected_savings, whose point '
            "estimate (its midpoint) is 25, but record.answers has 20",
        ),
        (
            {"core.no_such": {"one_of": ["a", "b"]}},
            'record.uncertain gives {"one_of": ["a", "b"]} for core.no_such, and record.answers '
            "has no answer to it",
        ),
    ],
)
def test_a_record_that_contradicts_itself_is_refused(
    tmp_path: Path, uncertain: dict[str, object], message: str
) -> None:
    """An uncertain answer always holds the point answer the decision was made from (its
    midpoint, for a range): a record that says otherwise is not one the tool wrote, even
    when the decision made again from its point answers is the same (issue 23, item 6)."""
    path = decision(tmp_path)
    with edited(path) as data:
        data["record"]["uncertain"] = uncertain
    code, out, err = run("verify", str(path))
    assert code == 2, out + err
    assert "the record contradicts itself: " + message in err
    assert "verified" not in out and "Traceback" not in out + err


def test_a_record_with_uncertain_answers_is_no_contradiction(tmp_path: Path) -> None:
    answers = tmp_path / "unsure.yaml"
    answers.write_text(
        PAYROLL.read_text()
        .replace("expected_savings: 20", "expected_savings: {range: [10, 25]}")
        .replace("regulation: some", "regulation: {one_of: [none, some, strict]}")
    )
    out = tmp_path / "d.json"
    assert run("assess", "-a", str(answers), "-f", "json", "-o", str(out))[0] == 0
    record = json.loads(out.read_text())["record"]
    assert record["uncertain"]["cost.expected_savings"] == {"range": [10, 25]}
    assert record["answers"]["cost.expected_savings"] == 17.5
    code, stdout, err = run("verify", str(out))
    assert code == 0 and "verified" in stdout, stdout + err


def test_an_edited_answer_that_changes_nothing_else_is_found(tmp_path: Path) -> None:
    """The answers shown in a decision are compared like its result: editing one (the data's
    residency, region to none) that leaves the outcome as it is must not verify; neither may
    editing the record's answer alone (issue 23, item 17)."""
    path = decision(tmp_path)
    with edited(path) as data:
        assert data["answers"]["control.data_residency"] == "region"
        data["answers"]["control.data_residency"] = "none"
    code, out, _ = run("verify", str(path))
    assert code == 1, out
    assert 'answers.control.data_residency: the record has "none", made again "region"' in out
    assert "the headline is the same (outsource, balance 65.7); details differ" in out
    (tmp_path / "again").mkdir()
    path = decision(tmp_path / "again")
    with edited(path) as data:
        data["record"]["answers"]["control.data_residency"] = "none"
    code, out, _ = run("verify", str(path), "-f", "json")
    assert code == 1
    assert (
        'answers.control.data_residency: the record has "region", made again "none"'
        in json.loads(out)["differences"]
    )


def test_a_gate_weakened_from_force_to_cap_is_a_change_of_meaning(tmp_path: Path) -> None:
    """The policy is recorded whole: a gate that no longer forces its outcome (prohibited:
    force keep_in_house, now only a cap) changed what decisions mean, and verify says so; it
    is not "only the wording" (issue 23, item 17)."""
    folder = tmp_path / "sets"
    shutil.copytree(builtin_directory(), folder)
    policy = folder / "policy.yaml"
    text = policy.read_text()
    assert text.count("force: keep_in_house") == 1
    policy.write_text(text.replace("force: keep_in_house", "cap: keep_in_house"))
    before, after = load_catalog(), load_catalog(folder)
    assert after.policy.gates[0].force is None and after.policy.gates[0].cap == "keep_in_house"
    record = json.loads(json.dumps({"questions": dict(before.fingerprint.questions)})) | {
        "policy": before.fingerprint.policy,
        "question_sets": before.fingerprint.question_sets,
        "set_weights": dict(before.fingerprint.set_weights),
    }
    found = changes(record, after)
    assert found.policy and not found.wording and found.changed
    assert found.lines() == ["the policy (stages, gates, rules or mitigations) changed"]
    path = decision(tmp_path)
    code, out, _ = run("verify", "-q", "--questionnaires", str(folder), str(path))
    assert code == 1 and "the policy (stages, gates, rules or mitigations) changed" in out
    assert "only the wording" not in out
