"""`outsource panel`: the aggregation rule, the disagreements that change the outcome, the
refusals, and the outputs."""

from __future__ import annotations

import json
import re
from itertools import product
from pathlib import Path
from random import Random

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from outsource_cli.cli import app
from outsource_cli.decision.evaluation import Evaluation, evaluate
from outsource_cli.decision.panel import (
    RULES,
    candidates,
    convene,
    precautions,
    ready,
    spread,
)
from outsource_cli.output.panel_words import RULE_WORDS
from outsource_cli.questionnaire.catalog import load_catalog
from outsource_cli.questionnaire.panel_files import Respondent
from outsource_cli.questionnaire.shapes import OUTCOMES, Question
from tests.conftest import EXAMPLES

runner = CliRunner()
PANEL = EXAMPLES / "panel"
FILES = [str(PANEL / f"{n}.yaml") for n in ("cfo", "cio", "coo")]
CATALOG = load_catalog()
BASE = yaml.safe_load((EXAMPLES / "payroll-manufacturer.yaml").read_text())


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def answers_file(tmp_path: Path, name: str, changes: dict[str, object], **top: object) -> str:
    data = {
        "version": 1,
        "function": "Payroll",
        **top,
        "answers": yaml.safe_load(yaml.safe_dump(BASE["answers"])),
    }
    for qid, value in changes.items():
        set_id, q = qid.split(".")
        if value is None:
            data["answers"][set_id].pop(q, None)
        else:
            data["answers"][set_id][q] = value
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def flat_answers(changes: dict[str, object]) -> dict[str, object]:
    out = {f"{s}.{q}": v for s, block in BASE["answers"].items() for q, v in block.items()}
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def respondent(name: str, changes: dict[str, object]) -> Respondent:
    return Respondent(name, name, flat_answers(changes), frozenset(), frozenset())


# ---------------------------------------------------------------- the rule


def test_the_median_of_an_odd_panel() -> None:
    q = CATALOG.questions["cost.expected_savings"]
    assert candidates(q, [25, 10, 15]) == ([15], "median")
    q = CATALOG.questions["skills.provider_market"]
    assert candidates(q, ["many", "few", "few"])[0] == ["few"]


def test_an_even_panel_offers_both_middle_answers() -> None:
    q = CATALOG.questions["cost.expected_savings"]
    options, rule = candidates(q, [25, 10, 15, 40])
    assert options == [15, 25] and rule == "median_even"
    assert RULE_WORDS[rule] == "median of an even panel: the more conservative middle answer"


def test_an_unordered_choice_takes_the_most_frequent_answer() -> None:
    q = CATALOG.questions["profile.criticality"]  # its options are not scored
    assert candidates(q, ["important", "critical", "critical"])[0] == ["critical"]
    for order in (["important", "critical"], ["critical", "important"]):
        assert candidates(q, order)[0] == ["critical", "important"]  # as the options are listed


def test_a_multiple_choice_counts_options_ticked_by_more_than_half() -> None:
    q = Question.model_validate(
        {
            "id": "tools",
            "text": "Which tools?",
            "type": "multi",
            "options": [{"value": v, "label": v} for v in ("a", "b", "c")],
        }
    )
    a, b, c = "a", "b", "c"
    assert candidates(q, [(a, b), (a,), (a, c)])[0] == [(a,)]
    ways, rule = candidates(q, [(a, b), (a,)])  # b ticked by exactly half
    assert ways == [(a,), (a, b)] and rule == "majority_split"
    assert "settled conservatively" in RULE_WORDS[rule]


def test_each_rule_code_has_its_words() -> None:
    assert set(RULE_WORDS) == set(RULES)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=9))
def test_the_panel_number_is_a_middle_answer(values: list[int]) -> None:
    """Against brute force: the candidates are exactly the middle answer(s) of the sorted
    list, and every candidate is an answer someone gave."""
    q = CATALOG.questions["cost.expected_savings"]
    options, _ = candidates(q, values)
    ordered = sorted(values)
    n = len(values)
    middles = {ordered[(n - 1) // 2], ordered[n // 2]}
    assert set(options) == middles
    assert all(o in values for o in options)
    below = sum(v < options[0] for v in values)
    above = sum(v > options[-1] for v in values)
    assert below <= n // 2 and above <= n // 2


def lean(e: Evaluation) -> tuple[int, bool, float]:
    """How far a result goes towards outsourcing: the outcome, then ready after once ready,
    then the balance of the answers."""
    return OUTCOMES.index(e.outcome), ready(CATALOG, e), e.score


@given(st.lists(st.sampled_from([0, 5, 10, 15, 20, 25, 30, 40, 50]), min_size=2, max_size=6))
def test_an_even_split_is_never_favourable_to_outsourcing(savings: list[int]) -> None:
    """Brute force: the panel decision is at most as far towards outsourcing as with any
    answer between the two middle ones."""
    people = [respondent(f"R{i}", {"cost.expected_savings": v}) for i, v in enumerate(savings)]
    panel = convene(CATALOG, people)
    chosen = panel.answers["cost.expected_savings"]
    assert chosen in savings
    options, _ = candidates(CATALOG.questions["cost.expected_savings"], savings)
    mine = evaluate(CATALOG, panel.answers)
    for other in options:
        assert lean(mine) <= lean(
            evaluate(CATALOG, {**panel.answers, "cost.expected_savings": other})
        )


def test_an_even_split_on_a_readiness_lever_takes_once_ready() -> None:
    """Without an exit plan, outsourcing payroll (not strictly regulated: no gate) waits for
    one: a 1-1 split takes that answer, and the decision says what to do first."""
    both_critical = {"profile.criticality": "critical"}
    people = [
        respondent("CFO", {**both_critical, "control.exit_plan": True}),
        respondent("CIO", {**both_critical, "control.exit_plan": False}),
    ]
    panel = convene(CATALOG, people)
    assert panel.answers["control.exit_plan"] is False
    assert panel.decision.outcome == "outsource" and not panel.decision.ready
    assert [c.lever for c in panel.decision.conditions] == ["control.exit_plan"]


def test_an_even_split_takes_once_ready_before_a_lower_balance(qdir: Path) -> None:
    """Where the answer that leaves a readiness step scores higher (here the exit plan's "no"
    scores 90, "yes" 10), the split still takes it: once ready is less favourable to
    outsourcing than ready, whatever the balance of the answers."""
    path = qdir / "control.yaml"
    text = path.read_text()
    block = text[text.index("id: exit_plan") :]
    scores = re.findall(r"score: \d+", block)[:2]
    assert scores == ["score: 70", "score: 20"], scores
    block = block.replace(scores[0], "score: 10", 1).replace(scores[1], "score: 90", 1)
    path.write_text(text[: text.index("id: exit_plan")] + block)
    catalog = load_catalog(qdir)
    people = [
        Respondent(n, n, flat_answers({"control.exit_plan": v}), frozenset(), frozenset())
        for n, v in (("CFO", True), ("CIO", False))
    ]
    panel = convene(catalog, people)
    assert panel.answers["control.exit_plan"] is False
    assert panel.decision.outcome == "outsource" and not panel.decision.ready
    plan = evaluate(catalog, {**panel.answers, "control.exit_plan": True})
    assert plan.outcome == "outsource" and plan.score < panel.decision.score


def test_a_missing_answer_leaves_the_respondent_out() -> None:
    people = [
        respondent("A", {"cost.expected_savings": None}),
        respondent("B", {"cost.expected_savings": 30}),
        respondent("C", {"cost.expected_savings": 10}),
    ]
    panel = convene(CATALOG, people)
    row = next(p for p in panel.questions if p.question == "cost.expected_savings")
    assert row.answers == (None, 30, 10)
    assert panel.answers["cost.expected_savings"] == 10  # the conservative middle of 30 and 10
    assert not row.agreed and row.spread == 20


def test_spread() -> None:
    assert spread(CATALOG.questions["cost.expected_savings"], [10, 25, 15]) == 15
    assert spread(CATALOG.questions["skills.provider_market"], ["many", "many"]) == 0
    assert spread(CATALOG.questions["profile.criticality"], ["important", "critical"]) == 1


# ---------------------------------------------------------------- disagreements


def test_the_example_panel_names_the_answer_that_flips_it() -> None:
    """A critical commodity is best-sourced: at the panel's saving (15 %) the business case
    loses, so hybrid; the CFO's 25 % alone pays, so outsource. The CIO's missing exit plan
    alone makes it hybrid once ready (a step before signing, not another outcome); the CIO's
    10 % loses too, so it changes nothing."""
    respondents = [
        respondent("CFO", {"cost.expected_savings": 25}),
        respondent(
            "CIO",
            {
                "profile.criticality": "critical",
                "control.exit_plan": False,
                "core.integration": "tight",
                "cost.expected_savings": 10,
            },
        ),
        respondent(
            "COO",
            {
                "profile.criticality": "critical",
                "core.integration": "tight",
                "cost.expected_savings": 15,
            },
        ),
    ]
    panel = convene(CATALOG, respondents)
    assert panel.decision.outcome == "hybrid" and panel.decision.ready
    flips = [(d.question, d.respondents, d.answer, d.outcome, d.ready) for d in panel.disagreements]
    assert flips == [
        ("control.exit_plan", ("CIO",), False, "hybrid", False),
        ("cost.expected_savings", ("CFO",), 25, "outsource", True),
    ]


def test_no_flip_without_an_answer_that_changes_it() -> None:
    respondents = [
        respondent("CFO", {"cost.expected_savings": 25}),
        respondent("CIO", {"profile.criticality": "critical"}),
        respondent("COO", {"profile.criticality": "critical"}),
    ]
    panel = convene(CATALOG, respondents)
    assert panel.disagreements == ()
    assert "control.exit_plan" in panel.agreed


def test_the_cli_names_the_flip_and_the_agreement() -> None:
    code, out, err = run("panel", *FILES)
    assert code == 0, err
    flat = " ".join(out.split())
    assert (
        "The CIO’s answer to “Do you have, or could you write before signing, a workable exit "
        "plan?” (No) alone makes it hybrid once ready." in flat
    )
    assert (
        "The CFO’s answer to “How much lower than today's cost would the provider's price be, "
        "per year (%)?” (25 %) alone makes it outsource." in flat
    )
    assert "(score" not in flat  # the balance of the answers never decides an outcome
    assert "Everyone agrees on 42 of the 48 questions" in flat


# ---------------------------------------------------------------- refusals


def test_files_for_different_functions_are_refused(tmp_path: Path) -> None:
    a = answers_file(tmp_path, "a", {}, respondent="CFO")
    b = answers_file(tmp_path, "b", {})
    data = yaml.safe_load(Path(b).read_text())
    data["function"] = "Treasury"
    Path(b).write_text(yaml.safe_dump(data))
    code, _, err = run("panel", a, b)
    assert code == 2
    assert "the answers files are for different functions" in err and "'Treasury'" in err


def test_files_made_against_different_question_sets_are_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert (
        run("assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"), "--save-answers", str(a))[
            0
        ]
        == 0
    )
    assert (
        run("assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"), "--save-answers", str(b))[
            0
        ]
        == 0
    )
    data = yaml.safe_load(b.read_text())
    data["record"]["question_sets"] = "sha256:" + "0" * 64
    data["record"]["questions"]["control.exit_plan"] = "0" * 12
    b.write_text(yaml.safe_dump(data))
    code, _, err = run("panel", str(a), str(b))
    assert code == 2
    assert "made against different question sets" in err
    assert "rescored since: control.exit_plan" in err


def test_one_file_is_not_a_panel() -> None:
    code, _, err = run("panel", FILES[0])
    assert code == 2 and "two or more" in err


def test_a_broken_file_is_reported_with_the_others_problems(tmp_path: Path) -> None:
    bad = answers_file(tmp_path, "bad", {"cost.expected_savings": "lots"})
    worse = answers_file(tmp_path, "worse", {"skills.provider_market": "plenty"})
    code, out, err = run("panel", bad, worse, FILES[0])
    assert code == 2 and "Traceback" not in out + err
    assert "bad.yaml" in err and "worse.yaml" in err


def test_respondents_are_named_by_the_file_when_unnamed(tmp_path: Path) -> None:
    a = answers_file(tmp_path, "alice", {})
    b = answers_file(tmp_path, "bob", {"cost.expected_savings": 5})
    code, out, _ = run("panel", a, b, "--format", "json")
    assert code == 0
    assert [r["name"] for r in json.loads(out)["respondents"]] == ["alice", "bob"]


# ---------------------------------------------------------------- outputs


def test_json_keys() -> None:
    code, out, _ = run("panel", *FILES, "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {
        "function",
        "respondents",
        "rules",
        "decision",
        "disagreements",
        "agreed",
        "questions",
        "record",
    }
    row = next(q for q in data["questions"] if q["question"] == "control.exit_plan")
    assert row["answers"] == {"CFO": True, "CIO": False, "COO": True}
    assert row["panel"] is True and row["rule"] == "median" and row["agreed"] is False
    assert data["decision"]["outcome"] == "hybrid" and data["decision"]["conditions"] == []
    first, *_, last = data["disagreements"]
    assert (first["question"], first["respondents"]) == ("control.exit_plan", ["CIO"])
    assert (first["outcome"], first["ready"]) == ("hybrid", False)
    assert (last["question"], last["respondents"]) == ("cost.expected_savings", ["CFO"])
    assert (last["answer"], last["outcome"], last["ready"]) == (25, "outsource", True)
    people = {r["name"]: (r["outcome"], r["ready"], r["recommended"]) for r in data["respondents"]}
    assert people == {
        "CFO": ("outsource", True, True),
        "CIO": ("hybrid", False, True),
        "COO": ("hybrid", True, True),
    }


def test_markdown_and_html_escape_names(tmp_path: Path) -> None:
    a = answers_file(tmp_path, "a", {}, respondent="<b>CFO</b> | *x*")
    b = answers_file(tmp_path, "b", {"cost.expected_savings": 5}, respondent="CIO")
    code, html, _ = run("panel", a, b, "-f", "html")
    assert code == 0 and "<b>CFO" not in html and "&lt;b&gt;CFO&lt;/b&gt;" in html
    code, md, _ = run("panel", a, b, "-f", "markdown")
    assert code == 0 and r"\<b\>CFO\</b\> \| \*x\*" in md
    assert "| Question | " in md and "**" in md


def test_missing_answers_show_a_dash(tmp_path: Path) -> None:
    a = answers_file(tmp_path, "a", {"cost.expected_savings": "not_sure"})
    b = answers_file(tmp_path, "b", {"cost.expected_savings": 5})
    code, md, err = run("panel", a, b, "-f", "markdown")
    assert code == 0, err
    line = next(x for x in md.splitlines() if "How much lower than today's cost" in x)
    assert "| — | 5 | **5** |" in line


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_text_fits_the_terminal(width: int) -> None:
    result = runner.invoke(app, ["panel", *FILES], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(x) for x in lines) <= width
    assert not re.search(r"\x1b\[", result.stdout)


def test_a_multiple_choice_panel_end_to_end(tmp_path: Path) -> None:
    """With a scored multiple-choice question: an option ticked by more than half counts; one
    ticked by exactly half is settled towards the more conservative decision."""
    import shutil

    from outsource_cli.questionnaire.catalog import builtin_directory

    folder = tmp_path / "sets"
    shutil.copytree(builtin_directory(), folder)
    skills = folder / "skills.yaml"
    skills.write_text(
        skills.read_text()
        + "\n  - id: tools\n    text: Which tools would a provider need?\n    type: multi\n"
        "    combine: mean\n    options:\n"
        "      - {value: erp, label: ERP, score: 20, because: it needs the ERP}\n"
        "      - {value: mail, label: Mail, score: 90, because: it needs mail only}\n"
        "      - {value: bi, label: BI, score: 80, because: it needs BI}\n"
    )
    catalog = load_catalog(folder)

    def person(name: str, tools: tuple[str, ...]) -> Respondent:
        return Respondent(
            name, name, {**flat_answers({}), "skills.tools": tools}, frozenset(), frozenset()
        )

    odd = convene(
        catalog, [person("A", ("mail",)), person("B", ("mail", "bi")), person("C", ("bi",))]
    )
    assert odd.answers["skills.tools"] == ("mail", "bi")
    even = convene(catalog, [person("A", ("erp", "mail")), person("B", ("mail",))])
    assert even.answers["skills.tools"] == ("erp", "mail")  # with the ERP: the lower score
    options, _ = candidates(catalog.questions["skills.tools"], [("erp", "mail"), ("mail",)])
    assert sorted(options) == [("erp", "mail"), ("mail",)]
    row = next(p for p in even.questions if p.question == "skills.tools")
    assert row.spread == 1 and not row.agreed


def test_the_respondent_is_kept_when_the_answers_are_saved_again(tmp_path: Path) -> None:
    saved = tmp_path / "again.yaml"
    code, _, err = run("assess", "-a", FILES[1], "--save-answers", str(saved), "-f", "json")
    assert code == 0, err
    assert yaml.safe_load(saved.read_text())["respondent"] == "CIO"


# ---------------------------------------------------------------- order, ties, duplicates


def four_files(tmp_path: Path) -> dict[str, str]:
    """The example panel and an HR director who splits criticality 2-2."""
    files = {Path(f).stem: f for f in FILES}
    data = yaml.safe_load(Path(files["cfo"]).read_text())
    data["respondent"] = "HR director"
    data["answers"]["core"]["differentiation"] = "differentiator"
    data["answers"]["cost"]["expected_savings"] = 0
    hr = tmp_path / "hr.yaml"
    hr.write_text(yaml.safe_dump(data, sort_keys=False))
    return {**files, "hr": str(hr)}


def test_the_order_of_the_files_does_not_change_the_panel(tmp_path: Path) -> None:
    """The reported case: criticality split 2-2 gave "important" in one order and
    "critical" in the other, and so other robustness, disagreements and plan."""
    files = four_files(tmp_path)
    outs = []
    for order in (
        ("cfo", "cio", "coo", "hr"),
        ("cio", "cfo", "coo", "hr"),
        ("hr", "coo", "cio", "cfo"),
    ):
        code, out, err = run("panel", *(files[n] for n in order), "-f", "json")
        assert code == 0, err
        outs.append(out)
    assert outs[0] == outs[1] == outs[2]
    data = json.loads(outs[0])
    assert [r["name"] for r in data["respondents"]] == ["CFO", "CIO", "COO", "HR director"]
    row = next(q for q in data["questions"] if q["question"] == "profile.criticality")
    assert row["panel"] == "critical"  # the answer that calls for more gates and mitigations


ANSWERS = {
    "profile.criticality": st.sampled_from(["critical", "important", "supporting"]),
    "control.exit_plan": st.booleans(),
    "core.integration": st.sampled_from(["loose", "moderate", "tight"]),
    "core.differentiation": st.sampled_from(["commodity", "parity", "differentiator"]),
    "skills.provider_market": st.sampled_from(["many", "few", "single"]),
    "cost.expected_savings": st.sampled_from([0, 5, 10, 15, 25, 40]),
}


def people(draw: st.DrawFn, n: int) -> list[Respondent]:
    return [
        respondent(
            f"R{i}", {q: draw(st.one_of(st.none(), s) if i else s) for q, s in ANSWERS.items()}
        )
        for i in range(n)
    ]


@st.composite
def panels(draw: st.DrawFn) -> list[Respondent]:
    return people(draw, draw(st.integers(2, 5)))


@settings(max_examples=40, deadline=None)
@given(panels(), st.randoms(use_true_random=False))
def test_any_order_of_the_respondents_gives_the_same_panel(
    respondents: list[Respondent], rnd: Random
) -> None:
    from outsource_cli.output.panel_data import data

    shuffled = list(respondents)
    rnd.shuffle(shuffled)
    one, other = convene(CATALOG, respondents), convene(CATALOG, shuffled)
    assert data(one, CATALOG) == data(other, CATALOG)
    assert [r.name for r in one.respondents] == sorted(r.name for r in respondents)


@settings(max_examples=40, deadline=None)
@given(panels())
def test_ties_are_settled_jointly_against_brute_force(respondents: list[Respondent]) -> None:
    """Of every combination of the tied questions' candidates, the panel takes one with the
    outcome least towards outsourcing, once ready before ready, then the lowest balance of
    the answers, and of those one with the most gates and mitigations whose condition holds."""
    panel = convene(CATALOG, respondents)
    ties = {}
    for qid in ANSWERS:
        values = [r.answers[qid] for r in respondents if qid in r.answers]
        options, _ = candidates(CATALOG.questions[qid], values)
        if len(options) > 1:
            ties[qid] = options
    assert all(panel.answers[q] in ties[q] for q in ties)

    def key(changes: dict[str, object]) -> tuple[int, bool, float, int]:
        e = evaluate(CATALOG, {**panel.answers, **changes})
        return (*lean(e), -precautions(CATALOG, e))

    every = [dict(zip(ties, combo, strict=True)) for combo in product(*ties.values())]
    assert key({}) == min(key(c) for c in every)


@given(
    st.sampled_from(list(ANSWERS)).flatmap(
        lambda q: st.tuples(st.just(q), st.lists(ANSWERS[q], min_size=1, max_size=6))
    ),
    st.randoms(use_true_random=False),
)
def test_the_candidates_do_not_depend_on_the_order_of_the_answers(
    case: tuple[str, list[object]], rnd: Random
) -> None:
    qid, values = case
    shuffled = list(values)
    rnd.shuffle(shuffled)
    q = CATALOG.questions[qid]
    assert candidates(q, values) == candidates(q, shuffled)  # type: ignore[arg-type]


def test_too_many_ties_are_settled_one_at_a_time_in_asking_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from outsource_cli.decision import panel as panel_module

    monkeypatch.setattr(panel_module, "MAX_JOINT", 1)
    a = respondent("A", {"profile.criticality": "important", "cost.expected_savings": 25})
    b = respondent("B", {"profile.criticality": "critical", "cost.expected_savings": 10})
    for order in ([a, b], [b, a]):
        panel = convene(CATALOG, order)
        assert panel.answers["profile.criticality"] == "critical"
        assert panel.answers["cost.expected_savings"] == 10


def test_the_same_file_twice_is_refused() -> None:
    code, out, err = run("panel", FILES[0], FILES[1], FILES[1], FILES[1])
    assert code == 2 and "Panel of" not in out
    assert "cio.yaml is given twice: one file per respondent" in err
    code, _, err = run("panel", FILES[0], FILES[1], str(PANEL / ".." / "panel" / "cio.yaml"))
    assert code == 2 and "is given twice (as " in err and "one file per respondent" in err


def test_two_files_for_the_same_respondent_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "cio-copy.yaml"
    copy.write_text(Path(FILES[1]).read_text().replace("respondent: CIO", "respondent: cio "))
    code, out, err = run("panel", FILES[0], FILES[1], str(copy))
    assert code == 2 and "Traceback" not in out + err
    assert (
        "cio.yaml and " in err
        and "cio-copy.yaml both answer as CIO: one file per respondent" in err
    )


def test_a_folder_stands_for_its_answers_files(tmp_path: Path) -> None:
    code, out, err = run("panel", str(PANEL), "-f", "json")
    assert code == 0, err
    assert out == run("panel", *FILES, "-f", "json")[1]
    (tmp_path / "empty").mkdir()
    code, _, err = run("panel", str(tmp_path / "empty"), FILES[0])
    assert code == 2 and "a folder with no answers files" in err


def test_the_table_shows_labels_not_option_ids(tmp_path: Path) -> None:
    files = four_files(tmp_path)
    result = runner.invoke(app, ["panel", *files.values()], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    table = result.stdout.split("Where the panel differs")[1].split("Everyone agrees")[0]
    flat = " ".join(table.split())
    assert "Important Critical Critical Important Critical" in flat
    assert "Moderately Tightly Tightly Moderately Tightly" in flat
    assert "Many A few A few Many A few" in flat
    assert not re.search(r"\b(important|tight|moderate|differentiator)\b", flat)
    code, md, _ = run("panel", *files.values(), "-f", "markdown")
    assert code == 0 and "| Important: a failure hurts within days |" in md
    assert "| critical |" not in md and "| tight |" not in md
    code, html, _ = run("panel", *files.values(), "-f", "html")
    assert code == 0
    assert "<td>Tightly: it touches everything</td>" in html and "<td>tight</td>" not in html


def test_brief_labels_stay_distinct() -> None:
    from outsource_cli.output.panel_words import brief

    q = CATALOG.questions["profile.criticality"]
    assert brief(q, q.options[0].label) == "Critical"
    q = Question.model_validate(
        {
            "id": "x",
            "text": "Which?",
            "type": "single",
            "options": [
                {"value": "a", "label": "Yes: all of it"},
                {"value": "b", "label": "Yes, in part"},
            ],
        }
    )
    assert brief(q, "Yes: all of it") == "Yes: all of it"  # "Yes" would read alike


def test_each_respondent_shows_the_outcome_of_their_own_answers() -> None:
    """As the headline says it (with "once ready" when a readiness step is left), without a
    score: the balance of the answers never decides an outcome."""
    code, out, _ = run("panel", *FILES)
    assert code == 0
    lines = [" ".join(x.split()) for x in out.split("Each on their own answers")[1].splitlines()]
    assert lines[1:4] == ["CFO Outsource", "CIO Hybrid once ready", "COO Hybrid"]
    code, md, _ = run("panel", *FILES, "-f", "markdown")
    assert code == 0
    assert "| CFO | Outsource |\n| CIO | Hybrid once ready |\n| COO | Hybrid |" in md
    code, html, _ = run("panel", *FILES, "-f", "html")
    assert code == 0
    assert "<tr><td>CIO</td><td>Hybrid once ready</td></tr>" in html
    assert html.count("<table") == html.count("<thead><tr><th") == 2  # repeated on a new page
    for text in (out, md, html):
        assert "held there" not in text and "(score" not in text


def test_the_panel_page_prints_like_the_decision_report() -> None:
    """A board paper prints the panel: its HTML has the decision report's stylesheet, the
    print rules (a page rule, smaller type, rows and list items kept whole) with it."""
    code, page, _ = run("panel", *FILES, "-f", "html")
    assert code == 0
    report = run("assess", "-a", str(EXAMPLES / "payroll-manufacturer.yaml"), "-f", "html")[1]
    style = re.compile(r"<style>(.*?)</style>", re.S)
    [panel_style], [report_style] = style.findall(page), style.findall(report)
    assert panel_style == report_style
    assert "@page{" in panel_style and "@media print{" in panel_style
    assert "tr,li,figure,svg,dt,dd{break-inside:avoid" in panel_style


def test_the_different_functions_message_is_whole(tmp_path: Path) -> None:
    a = answers_file(tmp_path, "a", {}, respondent="CFO")
    b = answers_file(tmp_path, "b", {}, respondent="CIO")
    c = answers_file(tmp_path, "c", {}, respondent="COO")
    data = yaml.safe_load(Path(c).read_text())
    data["function"] = "Treasury"
    Path(c).write_text(yaml.safe_dump(data))
    code, _, err = run("panel", a, b, c)
    assert code == 2
    flat = " ".join(err.split())
    assert f"{a} and {b}: 'Payroll'; {c}: 'Treasury'" in flat
    assert flat.endswith(
        "a panel is about one function: give the answers files for that function only"
    )


BOX = re.compile(r"[─│╭╮╰╯]+")


@pytest.mark.parametrize("width", [60, 80, 100])
def test_nothing_is_cut_mid_word(tmp_path: Path, width: int) -> None:
    """Every word printed at ``width`` is a word of the same panel printed unwrapped."""
    files = four_files(tmp_path)
    long = tmp_path / "long.yaml"
    long.write_text(
        Path(files["coo"])
        .read_text()
        .replace("respondent: COO", "respondent: Chief Operating Officer")
    )
    for chosen in (FILES, list(files.values()), [FILES[0], FILES[1], str(long)]):
        out = runner.invoke(app, ["panel", *chosen], env={"COLUMNS": str(width)}).stdout
        assert max(len(x) for x in out.splitlines()) <= width
        assert {w for w in out.split() if not BOX.fullmatch(w)} <= unwrapped(chosen, width)


def unwrapped(paths: list[str], width: int) -> set[str]:
    """The words of the panel laid out for ``width`` but printed without wrapping."""
    import io

    from rich.console import Console

    from outsource_cli.output.panel import renderable
    from outsource_cli.questionnaire.answers import load_answers
    from outsource_cli.questionnaire.panel_files import gather

    respondents, function = gather([load_answers(Path(p), CATALOG) for p in paths])
    buffer = io.StringIO()
    Console(file=buffer, width=2000, color_system=None).print(
        renderable(convene(CATALOG, respondents, function), CATALOG, width)
    )
    return set(buffer.getvalue().split())


@pytest.mark.parametrize(
    "lookalike",
    [
        "CIO\u200b",
        "\uff23\uff29\uff2f",
        "C\u00adIO",
        "\u0421IO",  # Cyrillic Es (issue 23, item 8)
        "C\u0406O",  # Cyrillic Byelorussian-Ukrainian I
        "CI\u039f",  # Greek Omicron
        "\u0441io",  # Cyrillic small es, and lower case
        "C1O",  # one, ell and capital i look the same
        "\U0001d402\U0001d408\U0001d40e",  # mathematical bold
    ],
)
def test_a_lookalike_name_is_the_same_respondent(tmp_path: Path, lookalike: str) -> None:
    copy = tmp_path / "cio-copy.yaml"
    copy.write_text(
        Path(FILES[1]).read_text().replace("respondent: CIO", f"respondent: {lookalike}")
    )
    code, out, err = run("panel", FILES[0], FILES[1], str(copy))
    assert code == 2 and "one file per respondent" in err, out + err


def test_a_panel_that_scored_nothing_recommends_nothing(tmp_path: Path) -> None:
    unsure = {f"{s}.{q}": "not_sure" for s, block in BASE["answers"].items() for q in block}
    files = [answers_file(tmp_path, n, unsure, respondent=n) for n in ("CFO", "CIO")]
    code, out, _ = run("panel", *files)
    assert code == 0
    assert "NO RECOMMENDATION YET" in out and "HYBRID" not in out
    assert "CFO  No recommendation yet: their answers do not settle the stages" in out
    assert "Where the panel differs (0 questions)" in out
    code, out, _ = run("panel", *files, "-f", "json")
    data = json.loads(out)
    assert [r["recommended"] for r in data["respondents"]] == [False, False]
    assert data["decision"]["recommended"] is False and data["decision"]["model"] is None
    code, out, _ = run("panel", *files, "-f", "markdown")
    assert "| CFO | No recommendation yet: their answers do not settle the stages |" in out


def test_a_respondent_whose_answers_do_not_settle_the_stages_has_no_recommendation(
    tmp_path: Path,
) -> None:
    """The CIO answered everything but the saving: a best-sourced critical commodity goes
    out only if it pays, so the CIO's own answers recommend nothing yet, although they are
    scored; the panel takes the CFO's saving and recommends."""
    cfo = answers_file(tmp_path, "cfo", {"profile.criticality": "critical"}, respondent="CFO")
    cio = answers_file(
        tmp_path,
        "cio",
        {"profile.criticality": "critical", "cost.expected_savings": "not_sure"},
        respondent="CIO",
    )
    code, out, _ = run("panel", cfo, cio, "-f", "json")
    assert code == 0
    data = json.loads(out)
    alone = {r["name"]: r for r in data["respondents"]}
    assert alone["CIO"]["recommended"] is False and alone["CFO"]["recommended"] is True
    assert alone["CIO"]["score"] != 50  # scored: it is the stages that are not settled
    assert data["decision"]["recommended"] is True
    code, out, _ = run("panel", cfo, cio)
    flat = [" ".join(x.split()) for x in out.splitlines()]
    assert "CIO No recommendation yet: their answers do not settle the stages" in flat
    assert "CFO Outsource" in flat


def decision_of(tmp_path: Path, answers: str, name: str, *extra: str) -> Path:
    """The decision JSON that ``outsource assess`` writes for ``answers``."""
    out = tmp_path / name
    code, _, err = run("assess", "-a", answers, "-f", "json", "-o", str(out), *extra)
    assert code == 0, err
    return out


def test_a_decision_json_keeps_its_respondent_and_record(tmp_path: Path) -> None:
    """Read as answers, a decision keeps who answered and what it was made against, as the
    answers file it was made from does (issue 23, item 4)."""
    from outsource_cli.questionnaire import source
    from outsource_cli.questionnaire.answer_files import as_answers
    from outsource_cli.questionnaire.answers import answer_problems, load_answers

    path = decision_of(tmp_path, FILES[0], "cfo-decision.json")
    data = json.loads(path.read_text())
    assert data["record"]["respondent"] == "CFO"
    sheet, problems = answer_problems(as_answers(source.load(path))[0], CATALOG)
    assert sheet is not None, problems
    original = load_answers(Path(FILES[0]), CATALOG)
    assert sheet.respondent == "CFO"
    assert sheet.record is not None and original.record is None
    assert sheet.record["question_sets"] == CATALOG.fingerprint.question_sets
    assert sheet.all_answers == original.all_answers


def test_a_respondents_own_decision_is_not_a_second_voice(tmp_path: Path) -> None:
    """`panel cfo.yaml cio.yaml cfo-decision.json` was a "panel of 3" that counted the CFO
    twice (and turned HYBRID into OUTSOURCE): refused, whether the decision names its
    respondent or (written before it did) only holds the same answers (issue 23, item 4)."""
    assert json.loads(run("panel", *FILES[:2], "-f", "json")[1])["decision"]["outcome"] == "hybrid"
    named = decision_of(tmp_path, FILES[0], "cfo-decision.json")
    code, out, err = run("panel", *FILES[:2], str(named))
    assert code == 2 and "Panel of" not in out, out
    assert f"{FILES[0]} and {named} both answer as CFO: one file per respondent" in err
    unnamed = tmp_path / "old-decision.json"
    data = json.loads(named.read_text())
    del data["record"]["respondent"]
    unnamed.write_text(json.dumps(data))
    code, out, err = run("panel", *FILES[:2], str(unnamed))
    assert code == 2 and "Panel of" not in out, out
    assert f"{FILES[0]} and {unnamed} hold the same answers to every question" in err
    assert "one file per respondent" in err and "Traceback" not in err
    code, out, err = run("panel", str(unnamed), *FILES[1:])  # one voice each: a panel
    assert code == 0 and "Panel of 3" in out, err


def test_a_copy_of_an_answers_file_under_another_name_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "someone.yaml"
    copy.write_text(Path(FILES[1]).read_text().replace("respondent: CIO\n", ""))
    code, _, err = run("panel", FILES[0], FILES[1], str(copy))
    assert code == 2 and "hold the same answers to every question" in err
    alike = tmp_path / "alike.yaml"  # two people, each named, who answered alike: a panel
    alike.write_text(Path(FILES[1]).read_text().replace("respondent: CIO", "respondent: CTO"))
    code, out, err = run("panel", FILES[0], FILES[1], str(alike))
    assert code == 0 and "Panel of 3" in out, err


def test_decisions_made_against_different_question_sets_are_refused(tmp_path: Path) -> None:
    """As for answers files (issue 23, item 5)."""
    cfo = decision_of(tmp_path, FILES[0], "cfo.json")
    cio = decision_of(tmp_path, FILES[1], "cio.json")
    code, out, err = run("panel", str(cfo), str(cio))
    assert code == 0 and "Panel of 2" in out, err
    data = json.loads(cio.read_text())
    data["record"]["question_sets"] = "sha256:" + "0" * 64
    data["record"]["questions"]["control.exit_plan"] = "0" * 12
    cio.write_text(json.dumps(data))
    code, out, err = run("panel", str(cfo), str(cio))
    assert code == 2 and "Panel of" not in out
    assert "the answers files were made against different question sets" in err
    assert "rescored since: control.exit_plan" in err


def test_a_folder_takes_json_answers_and_decisions_too(tmp_path: Path) -> None:
    """A folder of decisions (or JSON answers files) is a panel, as the same files named one
    by one are; other JSON in it is skipped with a line saying so (issue 23, item 14)."""
    folder = tmp_path / "panel"
    folder.mkdir()
    decision_of(tmp_path, FILES[0], "panel/cfo.json")
    cio = yaml.safe_load(Path(FILES[1]).read_text())
    (folder / "cio.json").write_text(json.dumps(cio))
    (folder / "coo.yaml").write_text(Path(FILES[2]).read_text())
    named = [str(folder / n) for n in ("cfo.json", "cio.json", "coo.yaml")]
    expected = run("panel", *named, "-f", "json")
    assert expected[0] == 0 and json.loads(expected[1])["respondents"]
    (folder / "last-panel.json").write_text(run("panel", *FILES, "-f", "json")[1])
    code, out, err = run("panel", str(folder), "-f", "json")
    assert code == 0, err
    assert out == expected[1]
    assert [r["name"] for r in json.loads(out)["respondents"]] == ["CFO", "CIO", "COO"]
    assert "last-panel.json: skipped: not an answers file or a decision" in err
    (folder / "broken.json").write_text("{")
    code, _, err = run("panel", str(folder))
    assert code == 2 and "broken.json" in err and "Traceback" not in err


def test_a_confusable_name_is_named_in_the_refusal(tmp_path: Path) -> None:
    """`CFO` and `СFO` (Cyrillic С) are one person to a reader: refused, and the message says
    which character is not what it looks like (issue 23, item 8)."""
    copy = tmp_path / "cfo-copy.yaml"
    text = Path(FILES[0]).read_text().replace("respondent: CFO", "respondent: \u0421FO")
    copy.write_text(text.replace("customer_value: 1", "customer_value: 2"))
    code, out, err = run("panel", FILES[0], FILES[1], str(copy))
    assert code == 2 and "Panel of" not in out
    assert (
        f"{FILES[0]} and {copy} both answer as CFO (one of them as '\\u0421FO', with U+0421 "
        "CYRILLIC CAPITAL LETTER ES: a look-alike): one file per respondent"
    ) in " ".join(err.split())


def test_names_that_only_share_letters_stay_apart(tmp_path: Path) -> None:
    ceo = tmp_path / "ceo.yaml"
    ceo.write_text(Path(FILES[0]).read_text().replace("respondent: CFO", "respondent: CEO"))
    code, out, err = run("panel", FILES[0], FILES[1], str(ceo))
    assert code == 0 and "Panel of 3" in out, err


def test_the_confusables_skeleton() -> None:
    """UTS #39: the skeleton maps each look-alike to its prototype; the generated table agrees with the ICU it was made from, when that ICU is on the machine."""
    import unicodedata

    from outsource_cli.confusables import ICU_VERSION, _table, skeleton
    from outsource_cli.questionnaire.panel_files import people

    assert skeleton("\u0421FO") == skeleton("CFO") == "CFO"
    assert skeleton("rn") == skeleton("m") and skeleton("0") == skeleton("O")
    assert skeleton("l") == skeleton("I") == skeleton("1")
    assert skeleton("CEO") != skeleton("CFO")
    assert people(["\u0441fo", "CFO", " c\u200bFO ", "CEO", "cio", "\u0421IO"]) == [
        [0, 1, 2],
        [3],
        [4, 5],
    ]
    assert people(["\u041d\u0420", "hp", "HR"]) == [[0, 1], [2]]  # Cyrillic En, Er: HP
    table = _table()
    assert len(table) > 5000
    for source, proto in table.items():
        assert unicodedata.normalize("NFD", source) == source
        assert unicodedata.normalize("NFD", proto) == proto
        if proto.isascii():  # a Latin prototype is its own skeleton (not always so in Hangul)
            assert skeleton(proto) == proto, (source, proto)
    try:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
        from generate_confusables import icu_skeleton  # type: ignore[import-not-found]

        icu = icu_skeleton(ICU_VERSION)
    except (OSError, AttributeError, ImportError):
        pytest.skip(f"no ICU {ICU_VERSION} here to compare the table with")
    finally:
        sys.path.pop(0)
    for text in ["\u0421FO", "Payroll at \u0410cme", *table, *list(table)[::97]]:
        assert skeleton(text) == icu(text), text  # type: ignore[operator]


def test_a_panel_of_files_in_different_currencies_is_refused(tmp_path: Path) -> None:
    """The panel takes the median of the amounts: across currencies it means nothing."""
    files = []
    for name, code in (("cfo", "EUR"), ("cio", "USD"), ("coo", None)):
        text = (PANEL / f"{name}.yaml").read_text()
        text = text.replace("currency: EUR", f"currency: {code}" if code else "")
        (tmp_path / f"{name}.yaml").write_text(text)
        files.append(str(tmp_path / f"{name}.yaml"))
    code, _, err = run("panel", *files)
    assert code == 2
    assert "different currencies" in err and "cfo.yaml: EUR" in err and "cio.yaml: USD" in err
    code, out, _ = run("panel", *files[1:], "--format", "json")  # USD, and one naming none
    assert code == 0 and json.loads(out)["decision"]["currency"] == "USD"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_the_panels_amounts_carry_its_currency(fmt: str) -> None:
    """Every amount the panel shows (answers, the panel's answer, its spread) carries the
    currency the files name, as in the reports; without one, plain thousands."""
    code, out, _ = run("panel", *FILES, "--format", fmt)
    assert code == 0
    flat = " ".join(out.split())
    if fmt == "json":
        assert json.loads(out)["decision"]["currency"] == "EUR"
        return
    assert "1,100 thousand" not in flat
    if fmt != "text":  # the terminal lists the disputed answers only; all agree on the cost
        assert "EUR 1,100.0k" in flat  # the baseline every respondent and the panel give
