"""``outsource assess``: the interview or an answers file, then the decision in the format asked for."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from outsource_cli.commands.common import (
    AssessFormat,
    Detail,
    ForceOpt,
    OutputOpt,
    QuestionnairesOpt,
    QuietOpt,
    ReportFormatOpt,
    catalog_inputs,
    deliver,
    exit_codes,
    file_option,
    info,
    load_answers,
    read_catalog,
    reflowed,
    report_date,
    value_option,
)
from outsource_cli.commands.interviewing import has_terminal, hint, run_interview, save_answers_file
from outsource_cli.errors import UsageError

if TYPE_CHECKING:
    from outsource_cli.decision.counterfactuals import Counterfactuals
    from outsource_cli.decision.engine import Decision
    from outsource_cli.decision.evaluation import Evaluator
    from outsource_cli.decision.whatif import WhatIf
    from outsource_cli.questionnaire.answers import AnswerSheet
    from outsource_cli.questionnaire.catalog import Catalog


AnswersOpt = Annotated[
    Path | None,
    value_option(
        "--answers",
        "-a",
        metavar="FILE",
        help="Answers file (YAML or JSON): run without any prompt.",
    ),
]
ResumeOpt = Annotated[
    Path | None,
    value_option(
        "--resume",
        metavar="FILE",
        help="Go on with an interrupted interview: ask only what this answers "
        "file does not answer yet (it keeps being saved as you go).",
    ),
]
SetOpt = Annotated[
    list[str] | None,
    value_option(
        "--set",
        metavar="ID=VALUE",
        help="What-if: override the answer to the question ID (set.question), as in the "
        "examples; repeatable.",
    ),
]
WeightOpt = Annotated[
    list[str] | None,
    value_option(
        "--weight",
        metavar="SET=N",
        help="What-if: override a question set's weight, e.g. --weight cost=2; repeatable.",
    ),
]
PairsOpt = Annotated[
    bool,
    typer.Option(
        "--pairs",
        help="Also search pairs of answer changes (always done in reports and with --detail full).",
    ),
]
DetailOpt = Annotated[
    Detail,
    typer.Option(
        "--detail",
        metavar="LEVEL",
        help="Text output: short (the answer, the three stages, the money and what would "
        "change it; a complete answer fits 80x24) or full (every score, gate, change and "
        "action).",
    ),
]
SaveAnswersOpt = Annotated[
    Path | None,
    file_option(
        "--save-answers",
        help="Save the answers to this file as you go (YAML; JSON if it "
        "ends in .json). Default for an interview: a new file named after the function in "
        "your state folder (its path is printed at the start).",
    ),
]
FunctionOpt = Annotated[
    str | None,
    value_option(
        "--function",
        metavar="NAME",
        help="Name of the function being assessed (shown in the output).",
    ),
]
FullOpt = Annotated[
    bool,
    typer.Option(
        "--full",
        help="Ask every question in the set order, as a full interview does, instead of "
        "the question that decides most first and stopping when the result is settled.",
    ),
]


@reflowed
def assess(
    answers: AnswersOpt = None,
    resume: ResumeOpt = None,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: ReportFormatOpt = AssessFormat.text,
    output: OutputOpt = None,
    set_answers: SetOpt = None,
    set_weights: WeightOpt = None,
    pairs: PairsOpt = False,
    detail: DetailOpt = Detail.short,
    save_answers: SaveAnswersOpt = None,
    function: FunctionOpt = None,
    force: ForceOpt = False,
    full_interview: FullOpt = False,
) -> None:
    """Assess a function: interview in the terminal, or read --answers FILE, and recommend.

    The interview (arrow keys and Enter; numbered choices on a plain terminal) saves each
    answer as you go, so Ctrl-C loses nothing: go on later with --resume FILE. With
    --answers FILE it runs without a prompt, as in CI.

    Examples:

      outsource assess --function "Accounts payable at Acme"
      outsource assess --resume accounts-payable.yaml
      outsource assess --answers payroll.yaml
      outsource assess --answers payroll.yaml --format html -o payroll.html
      outsource assess -a payroll.yaml --set control.data_sensitivity=internal
      outsource assess -a payroll.yaml --weight cost=2 --pairs
    """
    with exit_codes():
        from outsource_cli.files import check_outputs

        _check_sources(answers, resume)
        outputs = {"--save-answers": save_answers if save_answers != resume else None}
        outputs["--output"] = output
        inputs = [p for p in (answers, resume) if p is not None]
        check_outputs(outputs, force=force, inputs=inputs + catalog_inputs(questionnaires))
        catalog = read_catalog(questionnaires)
        if answers is not None:
            sheet = _from_file(catalog, answers, function, save_answers)
        else:
            sheet, target = _interviewed(catalog, function, save_answers, resume, full_interview)
        wanted = _Wanted(output_format, output, set_answers or [], set_weights or [], pairs)
        _report(catalog, sheet, wanted, detail.value)
        if answers is None:
            info(
                hint(
                    f"answers saved in {target}; replay with:",
                    f"outsource assess --answers {target}",
                )
            )


def _check_sources(answers: Path | None, resume: Path | None) -> None:
    """One source of answers: a file, or the interview (which needs a terminal)."""
    if answers is not None and resume is not None:
        raise UsageError(
            "--answers and --resume do not go together: --answers runs without prompts"
        )
    if answers is None and not has_terminal():
        raise UsageError(
            "the interview needs a terminal, and there is none on standard input; "
            "pass --answers FILE to assess from an answers file "
            "(`outsource template > answers.yaml` writes one to fill in)"
        )


def _from_file(
    catalog: "Catalog", answers: Path, function: str | None, save_answers: Path | None
) -> "AnswerSheet":
    """The answers in ``answers``, named ``function`` if given; with ``save_answers``, a copy
    of them saved there as the interview saves its own."""
    from outsource_cli.questionnaire.answers import AnswerSheet

    sheet = load_answers(answers, catalog)
    name = function or sheet.function
    if save_answers is not None:
        save_answers_file(
            save_answers,
            AnswerSheet(
                sheet.answers,
                name,
                sheet.notes,
                sheet.skipped,
                defaulted=sheet.defaulted,
                respondent=sheet.respondent,
                uncertain=sheet.uncertain,
                not_asked=sheet.not_asked,
                currency=sheet.currency,
            ),
            catalog,
        )
    return sheet._replace(function=name)


def _interviewed(
    catalog: "Catalog",
    function: str | None,
    save_answers: Path | None,
    resume: Path | None,
    full_interview: bool,
) -> tuple["AnswerSheet", Path]:
    """The interview's answers, and the file they were saved in."""
    from outsource_cli.interview import on_the_terminal

    with on_the_terminal():
        return run_interview(
            catalog, function, save_answers or resume, resume, adaptive=not full_interview
        )


class _Wanted(NamedTuple):
    """What the command line asks of the result: its format and file, and any what-if."""

    fmt: AssessFormat
    output: Path | None
    set_answers: list[str]
    set_weights: list[str]
    pairs: bool


class _Decided(NamedTuple):
    """A decision with any what-if applied, and what it was made from."""

    decision: "Decision"
    whatif: "WhatIf"
    answers: dict[str, Any]
    weights: dict[str, float]
    defaulted: frozenset[str]
    uncertain: dict[str, Any]
    not_asked: frozenset[str]
    evaluator: "Evaluator"


def _report(catalog: "Catalog", sheet: "AnswerSheet", wanted: _Wanted, detail: str) -> None:
    """Decide (with any what-if), explain, and write the result in the format asked for."""
    from outsource_cli.decision.counterfactuals import find_counterfactuals

    decided = _decide(catalog, sheet, wanted.set_answers, wanted.set_weights)
    # everything that would flip it: reports and --detail full search pairs too
    full = wanted.pairs or wanted.fmt in _REPORTS or detail == "full"
    cf = find_counterfactuals(
        catalog,
        decided.answers,
        pairs=full,
        weights=decided.weights,
        evaluator=decided.evaluator,
    )
    if wanted.fmt is AssessFormat.text and wanted.output is None:
        from outsource_cli.output.terminal import print_decision

        print_decision(decided.decision, catalog, cf, decided.whatif, detail=detail)
        return
    deliver(_rendered(catalog, sheet, decided, cf, wanted.fmt, full, detail), wanted.output)


_REPORTS = (AssessFormat.markdown, AssessFormat.html)


def _decide(
    catalog: "Catalog", sheet: "AnswerSheet", set_answers: list[str], set_weights: list[str]
) -> _Decided:
    """The decision from the sheet's answers with the what-if applied: a ``--set`` makes an
    uncertain, suggested or not-asked answer one given."""
    from outsource_cli.decision.engine import decide
    from outsource_cli.decision.evaluation import Evaluator
    from outsource_cli.decision.whatif import parse_what_if

    given = sheet.all_answers
    whatif = parse_what_if(catalog, set_answers, set_weights, given)
    answers, weights = whatif.apply(given), whatif.weight_map()
    overridden = {o.target for o in whatif.answers}
    uncertain = {q: u for q, u in sheet.uncertain.items() if q not in overridden}
    evaluator = Evaluator(catalog, answers, weights)  # one for the decision and its search
    defaulted, not_asked = sheet.defaulted - overridden, sheet.not_asked - overridden
    decision = decide(
        catalog,
        answers,
        sheet.function,
        weights,
        defaulted,
        uncertain,
        evaluator,
        not_asked=not_asked,
    )._replace(currency=sheet.currency)
    return _Decided(decision, whatif, answers, weights, defaulted, uncertain, not_asked, evaluator)


def _rendered(
    catalog: "Catalog",
    sheet: "AnswerSheet",
    decided: _Decided,
    cf: "Counterfactuals",
    fmt: AssessFormat,
    full: bool,
    detail: str,
) -> str:
    """The decision as text for a file, as JSON (with the record ``outsource verify`` makes
    it again from), or as a Markdown or HTML report."""
    if fmt is AssessFormat.json:
        return _json(catalog, sheet, decided, cf, full)
    if fmt is AssessFormat.text:
        from outsource_cli.output.terminal import decision_text

        return decision_text(decided.decision, catalog, cf, decided.whatif, detail=detail)
    from outsource_cli.output import board

    render = board.markdown if fmt is AssessFormat.markdown else board.html
    return render(decided.decision, catalog, cf, decided.whatif, report_date(fmt))


def _json(
    catalog: "Catalog",
    sheet: "AnswerSheet",
    decided: _Decided,
    cf: "Counterfactuals",
    full: bool,
) -> str:
    from outsource_cli.decision.record import decision_record
    from outsource_cli.output import report
    from outsource_cli.text import json_dumps

    out = report.data(decided.decision, cf, decided.whatif)
    out["record"] = decision_record(
        catalog,
        decided.answers,
        decided.defaulted,
        decided.weights,
        full,
        decided.uncertain,
        sheet.function,
        sheet.respondent,
        decided.not_asked,
        sheet.currency,
    )  # what `outsource verify` makes the decision again from
    return json_dumps(out) + "\n"
