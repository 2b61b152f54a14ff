"""``outsource assess``: the interview or an answers file, then the decision in the format asked for."""

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    info,
    load_answers,
    output_path_option,
    read_catalog,
    reflowed,
)
from outsource_cli.commands.interviewing import has_terminal, hint, run_interview, save_answers_file
from outsource_cli.errors import (
    UsageError,
)

if TYPE_CHECKING:
    from outsource_cli.questionnaire.catalog import Catalog


@reflowed
def assess(
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Answers file (YAML or JSON): run without any prompt.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            metavar="FILE",
            help="Go on with an interrupted interview: ask only what this answers "
            "file does not answer yet (it keeps being saved as you go).",
            show_default=False,
        ),
    ] = None,
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: ReportFormatOpt = AssessFormat.text,
    output: OutputOpt = None,
    set_answers: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="ID=VALUE",
            help="What-if: override the answer to the question ID (set.question), as in the "
            "examples; repeatable.",
            show_default=False,
        ),
    ] = None,
    set_weights: Annotated[
        list[str] | None,
        typer.Option(
            "--weight",
            metavar="SET=N",
            help="What-if: override a question set's weight, e.g. --weight cost=2; repeatable.",
            show_default=False,
        ),
    ] = None,
    pairs: Annotated[
        bool,
        typer.Option(
            "--pairs",
            help="Also search pairs of answer changes (always done in reports and with "
            "--detail full).",
        ),
    ] = False,
    detail: Annotated[
        Detail,
        typer.Option(
            "--detail",
            metavar="LEVEL",
            help="Text output: short (the answer, the three stages, the money and what would "
            "change it; a complete answer fits 80x24) or full (every score, gate, change and "
            "action).",
        ),
    ] = Detail.short,
    save_answers: Annotated[
        Path | None,
        typer.Option(
            "--save-answers",
            help="Save the answers to this file as you go (YAML; JSON if it "
            "ends in .json). Default for an interview: a new file named after the function in "
            "your state folder (its path is printed at the start).",
            parser=output_path_option,
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    function: Annotated[
        str | None,
        typer.Option(
            "--function",
            metavar="NAME",
            help="Name of the function being assessed (shown in the output).",
            show_default=False,
        ),
    ] = None,
    force: ForceOpt = False,
    full_interview: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Ask every question in the set order, as a full interview does, instead of "
            "the question that decides most first and stopping when the result is settled.",
        ),
    ] = False,
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
        from outsource_cli.questionnaire.answers import AnswerSheet

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
        outputs = {"--save-answers": save_answers if save_answers != resume else None}
        outputs["--output"] = output
        inputs = [p for p in (answers, resume) if p is not None]
        check_outputs(outputs, force=force, inputs=inputs + catalog_inputs(questionnaires))
        catalog = read_catalog(questionnaires)
        if answers is not None:
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
        else:
            from outsource_cli.interview import on_the_terminal

            with on_the_terminal():
                sheet, target = run_interview(
                    catalog, function, save_answers or resume, resume, adaptive=not full_interview
                )
            name = sheet.function
        _report(
            catalog,
            sheet.all_answers,
            sheet.defaulted,
            name,
            output_format,
            output,
            set_answers or [],
            set_weights or [],
            pairs,
            detail.value,
            sheet.uncertain,
            sheet.respondent,
            sheet.not_asked,
            sheet.currency,
        )
        if answers is None:
            info(
                hint(
                    f"answers saved in {target}; replay with:",
                    f"outsource assess --answers {target}",
                )
            )


def _report(
    catalog: "Catalog",
    given: Mapping[str, Any],
    defaulted: frozenset[str],
    name: str | None,
    fmt: AssessFormat,
    output: Path | None,
    set_answers: list[str],
    set_weights: list[str],
    pairs: bool,
    detail: str = "short",
    uncertain: Mapping[str, Any] | None = None,
    respondent: str | None = None,
    not_asked: frozenset[str] = frozenset(),
    currency: str | None = None,
) -> None:
    """Decide (with any what-if), explain, and write the result in the format asked for.
    ``uncertain``: the answers given as a range or one_of (a ``--set`` makes one certain);
    ``respondent``: who gave the answers (kept in a JSON decision's record); ``not_asked``:
    the questions the interview stopped without (the result was settled)."""
    from outsource_cli.decision.counterfactuals import find_counterfactuals
    from outsource_cli.decision.engine import decide
    from outsource_cli.decision.evaluation import Evaluator
    from outsource_cli.decision.whatif import parse_what_if
    from outsource_cli.output import report

    whatif = parse_what_if(catalog, set_answers, set_weights, given)
    answers, weights = whatif.apply(given), whatif.weight_map()
    overridden = {o.target for o in whatif.answers}
    uncertain = {q: u for q, u in (uncertain or {}).items() if q not in overridden}
    evaluator = Evaluator(catalog, answers, weights)  # one for the decision and its search
    not_asked = not_asked - overridden
    decision = decide(
        catalog,
        answers,
        name,
        weights,
        defaulted - overridden,
        uncertain,
        evaluator,
        not_asked=not_asked,
    )._replace(currency=currency)
    # everything that would flip it: reports and --detail full search pairs too
    full = pairs or fmt in (AssessFormat.markdown, AssessFormat.html) or detail == "full"
    cf = find_counterfactuals(catalog, answers, pairs=full, weights=weights, evaluator=evaluator)
    date = ""
    if fmt in (AssessFormat.markdown, AssessFormat.html):
        import datetime

        date = datetime.date.today().isoformat()
    if fmt is AssessFormat.json:
        from outsource_cli.decision.record import decision_record
        from outsource_cli.text import json_dumps

        out = report.data(decision, cf, whatif)
        out["record"] = decision_record(
            catalog,
            answers,
            defaulted - overridden,
            weights,
            full,
            uncertain,
            name,
            respondent,
            not_asked,
            currency,
        )  # what `outsource verify` makes the decision again from
        text = json_dumps(out) + "\n"
    elif fmt is AssessFormat.markdown:
        from outsource_cli.output import board

        text = board.markdown(decision, catalog, cf, whatif, date)
    elif fmt is AssessFormat.html:
        from outsource_cli.output import board

        text = board.html(decision, catalog, cf, whatif, date)
    else:
        from outsource_cli.output.terminal import decision_text, print_decision

        if output is None:
            print_decision(decision, catalog, cf, whatif, detail=detail)
            return
        text = decision_text(decision, catalog, cf, whatif, detail=detail)
    deliver(text, output)
