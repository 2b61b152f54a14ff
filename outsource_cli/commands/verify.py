"""``outsource verify``: make a decision record's decision again and compare."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from outsource_cli import __version__
from outsource_cli.commands.common import (
    OutputFormat,
    QuestionnairesOpt,
    QuietOpt,
    TextJsonFormatOpt,
    exit_codes,
    read_catalog,
    reflowed,
)
from outsource_cli.errors import (
    EXIT_FINDINGS,
    InputError,
    Problem,
)

if TYPE_CHECKING:
    from outsource_cli.decision.record import Difference, Recomputed
    from outsource_cli.questionnaire.catalog import Catalog


@reflowed
def verify(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A decision written by outsource assess --format json.",
            show_default=False,
        ),
    ],
    questionnaires: QuestionnairesOpt = None,
    quiet: QuietOpt = False,
    output_format: TextJsonFormatOpt = OutputFormat.text,
) -> None:
    """Check a decision record: make the decision again from the answers it embeds.

    Exit 0 when the decision is what its answers give with the question sets in use and
    those sets are the ones it was made against; exit 1 naming every difference, and the
    questions added, removed or rescored since.

    Examples:

      outsource assess -a payroll.yaml -f json -o decision.json
      outsource verify decision.json
    """
    with exit_codes():
        from outsource_cli.decision.record import (
            differences,
            readers_first,
            recompute,
            what_if_differences,
        )
        from outsource_cli.decision.whatif import WhatIf
        from outsource_cli.output import report

        data = _record(path)
        catalog = read_catalog(questionnaires)
        again = recompute(catalog, data)
        remade = report.data(again.decision, again.counterfactuals, WhatIf())
        found = readers_first(differences(data, remade) + what_if_differences(data))
        verified = not found and not again.dropped and not again.changes.changed
        if output_format is OutputFormat.json:
            _json(data, again, found, verified)
        else:
            _text(path, catalog, data, remade, again, found, verified)
        if not verified:
            raise typer.Exit(EXIT_FINDINGS)


def _record(path: Path) -> dict[str, Any]:
    """The decision in ``path``, with the record it is made again from."""
    from outsource_cli.decision.record import record_problem
    from outsource_cli.output import verify as words
    from outsource_cli.questionnaire import source

    doc = source.load(path)
    why = record_problem(doc.data)
    if why is not None:
        raise InputError(Problem(str(path), 0, 0, words.problem_words(why)))
    data: dict[str, Any] = doc.data
    return data


def _json(
    data: dict[str, Any], again: "Recomputed", found: list["Difference"], verified: bool
) -> None:
    from outsource_cli.output import verify as words
    from outsource_cli.text import json_dumps

    out = {
        "verified": verified,
        "made_with": data["record"]["tool"],
        "differences": [words.difference_words(d) for d in found],
        "unreadable_answers": [words.dropped_words(d) for d in again.dropped],
        "question_sets": again.changes._asdict() | {"changed": again.changes.changed},
    }
    sys.stdout.write(json_dumps(out) + "\n")


def _text(
    path: Path,
    catalog: "Catalog",
    data: dict[str, Any],
    remade: dict[str, Any],
    again: "Recomputed",
    found: list["Difference"],
    verified: bool,
) -> None:
    from outsource_cli.decision.record import headline_compared
    from outsource_cli.output import verify as words

    def name(qid: str) -> str:
        q = catalog.questions.get(qid)
        return f"“{q.text}”" if q is not None else qid

    headline = headline_compared(data, remade) if found else None
    lines = again.changes.lines(name)
    record = data["record"]
    sys.stdout.write(
        words.text(path, record, found, again.dropped, lines, verified, __version__, headline)
    )
