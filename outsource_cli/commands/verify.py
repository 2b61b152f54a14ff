"""``outsource verify``: make a decision record's decision again and compare."""

import sys
from collections.abc import Mapping
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
    pass


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
            headline_compared,
            readers_first,
            recompute,
            record_problem,
            what_if_differences,
        )
        from outsource_cli.decision.whatif import WhatIf
        from outsource_cli.output import report
        from outsource_cli.questionnaire import source
        from outsource_cli.text import json_dumps

        doc = source.load(path)
        why = record_problem(doc.data)
        if why is not None:
            raise InputError(Problem(str(path), 0, 0, why))
        catalog = read_catalog(questionnaires)
        again = recompute(catalog, doc.data)
        remade = report.data(again.decision, again.counterfactuals, WhatIf())
        found = readers_first(differences(doc.data, remade) + what_if_differences(doc.data))
        record = doc.data["record"]
        verified = not found and not again.dropped and not again.changes.changed
        if output_format is OutputFormat.json:
            sys.stdout.write(
                json_dumps(
                    {
                        "verified": verified,
                        "made_with": record["tool"],
                        "differences": found,
                        "unreadable_answers": list(again.dropped),
                        "question_sets": again.changes._asdict()
                        | {"changed": again.changes.changed},
                    }
                )
                + "\n"
            )
        else:

            def name(qid: str) -> str:
                q = catalog.questions.get(qid)
                return f"“{q.text}”" if q is not None else qid

            summary = headline_compared(doc.data, remade) if found else ""
            lines = again.changes.lines(name)
            _verify_text(path, record, found, again.dropped, lines, verified, summary)
        if not verified:
            raise typer.Exit(EXIT_FINDINGS)


def _verify_text(
    path: Path,
    record: Mapping[str, Any],
    found: list[str],
    dropped: tuple[str, ...],
    changes: list[str],
    verified: bool,
    summary: str = "",
) -> None:
    from outsource_cli.decision.record import MAX_DIFFERENCES
    from outsource_cli.text import clean

    lines = [f"{path}: made with {record['tool']}, now {__version__}"]
    if verified:
        lines.append(
            "verified: the decision is what its answers give, with the same question sets "
            f"and policy ({record['question_sets'][:19]}…)"
        )
    else:
        lines.append("NOT verified:")
        if changes:
            lines.append("  the question sets or policy changed since the record was made:")
            lines.extend(f"    {c}" for c in changes)
        if dropped:
            lines.append("  answers that cannot be read with the question sets in use:")
            lines.extend(f"    {d}" for d in dropped)
        if found:
            n = len(found)
            lines.append(f"  {summary}")
            lines.append(f"  the decision made again differs in {n} place{'' if n == 1 else 's'}:")
            lines.extend(f"    {d}" for d in found[:MAX_DIFFERENCES])
            if n > MAX_DIFFERENCES:
                lines.append(f"    … and {n - MAX_DIFFERENCES} more (--format json lists all)")
        elif dropped or changes:
            lines.append("  the decision made again is the same as the record's")
    sys.stdout.write("\n".join(clean(line) for line in lines) + "\n")
