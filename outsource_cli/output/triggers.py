"""What a gate or a plan step rests on, in words: the answers that fired it ("Could you
secure audit rights? No"), or, while it only could apply, the unanswered questions and the
uncertain answers it waits on. Unescaped: each format escapes."""

from __future__ import annotations

from collections.abc import Sequence

from outsource_cli.decision.engine import Decision
from outsource_cli.decision.parts import GateResult, Mitigation
from outsource_cli.output.report import question_name
from outsource_cli.output.uncertainty import uncertain_answer
from outsource_cli.questionnaire.answers import display
from outsource_cli.questionnaire.catalog import Catalog
from outsource_cli.questionnaire.uncertain import describe, from_data
from outsource_cli.text import one_line


def trigger(catalog: Catalog, d: Decision, qid: str) -> str:
    """ "Could you secure audit rights? No" (or "not answered")."""
    q = catalog.questions.get(qid)
    if q is None:
        return qid
    value = d.answers.get(qid)
    answer = display(q, value) if value is not None else "not answered"
    if d.uncertainty is not None and qid in d.uncertainty.answers:
        given = describe(q, from_data(d.uncertainty.answers[qid]), display)
        answer += f" (the point estimate of: {given})"
    return f"{one_line(q.text)} {one_line(answer)}"


def gate_inputs(g: GateResult, d: Decision, catalog: Catalog) -> str:
    if not g.triggers:
        return ""
    if g.status == "could_fire":
        open_, maybe = _open_or_uncertain(d, catalog, g.triggers)
        parts = [f"unanswered: {'; '.join(open_)}"] if open_ else []
        parts += [f"uncertain: {'; '.join(maybe)}"] if maybe else []
        return f" Depends on {' and '.join(parts)}."
    return " Because: " + "; ".join(trigger(catalog, d, q) for q in g.triggers) + "."


def _open_or_uncertain(
    d: Decision, catalog: Catalog, questions: Sequence[str]
) -> tuple[list[str], list[str]]:
    """What a gate or a plan step that could apply waits on: the unanswered questions (their
    text) and the uncertain answers (their text and what was given), apart."""
    unsure = d.uncertainty.answers if d.uncertainty is not None else {}
    open_ = [f"“{question_name(catalog, q)}”" for q in questions if q not in unsure]
    maybe = [uncertain_answer(d, catalog, q) for q in questions if q in unsure]
    return open_, maybe


def called_for(m: Mitigation, d: Decision, catalog: Catalog) -> str:
    if not m.triggers:
        return ""
    if not m.certain:
        open_, maybe = _open_or_uncertain(d, catalog, m.triggers)
        parts = [f"the unanswered {'; '.join(open_)}"] if open_ else []
        parts += [f"the uncertain {'; '.join(maybe)}"] if maybe else []
        return f" — in case {' and '.join(parts)} call for it"
    return " — called for by: " + "; ".join(trigger(catalog, d, q) for q in m.triggers)
